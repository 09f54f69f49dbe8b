// The one fake SABnzbd 3.7.1 for tests, benches and the demo. Its code lives in
// main/demo/ because the shipped demo (dist/main/demo.js, bundled from main/)
// serves it and main/ never imports from test/; tests import it from here.
// test/unit/sabnzbd/fake-sabnzbd-conformance.test.ts keeps its answers to the
// shapes of the real captures in ../shared/fixtures/sabnzbd.
export * from '../../main/demo/fake-sabnzbd-model';
export * from '../../main/demo/fake-sabnzbd-api';
export * from '../../main/demo/fake-sabnzbd-server';

import type { FetchFn } from '../../main/core/http/node-http-fetch';
import { answerFakeSabnzbd } from '../../main/demo/fake-sabnzbd-api';
import type { FakeSabnzbdModel } from '../../main/demo/fake-sabnzbd-model';

/** The fake without a socket: a FetchFn for SabnzbdClient that answers GETs in-process (no addfile). */
export function fakeSabnzbdFetch(model: FakeSabnzbdModel, apiKey: string): FetchFn {
  return async (input) => {
    const answer = answerFakeSabnzbd(model, apiKey, { query: new URL(input).searchParams });
    return new Response(answer.body, { status: answer.status, headers: { 'Content-Type': answer.contentType } });
  };
}
