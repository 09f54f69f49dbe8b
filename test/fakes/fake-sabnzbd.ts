// The one fake SABnzbd 3.7.1 for tests, benches and the demo. Its code lives in
// main/demo/ because the shipped demo (dist/main/demo.js, bundled from main/)
// serves it and main/ never imports from test/; tests import it from here.
// test/unit/sabnzbd/fake-sabnzbd-conformance.test.ts keeps its answers to the
// shapes of the real captures in ../shared/fixtures/sabnzbd.
export * from '../../main/demo/fake-sabnzbd-model';
export * from '../../main/demo/fake-sabnzbd-api';
export * from '../../main/demo/fake-sabnzbd-server';
