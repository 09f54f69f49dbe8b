// What can go wrong talking to SABnzbd, as values. Every message names the
// address and says what a person can do about it; none carries the API key.
import type { ErrorCode } from '../../../shared/contract-result';
import type { Ok } from '../../../shared/contract-result';

export const SABNZBD_ERROR_CODES = ['unreachable', 'timeout', 'bad_api_key', 'malformed', 'api_error'] as const;
export type SabnzbdErrorCode = (typeof SABNZBD_ERROR_CODES)[number];

export interface SabnzbdError {
  code: SabnzbdErrorCode;
  message: string;
}

export type SabnzbdResult<T> = Ok<T> | { ok: false; error: SabnzbdError };

export function sabOk<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function sabErr(code: SabnzbdErrorCode, message: string): { ok: false; error: SabnzbdError } {
  return { ok: false, error: { code, message } };
}

/** The contract's coarser vocabulary, for handlers that pass a SABnzbd error on to the window. */
export function contractCodeFor(code: SabnzbdErrorCode): ErrorCode {
  switch (code) {
    case 'bad_api_key':
      return 'bad_api_key';
    case 'timeout':
      return 'timeout';
    case 'unreachable':
    case 'malformed':
    case 'api_error':
      return 'unavailable';
  }
}

export const sabnzbdMessages = {
  unreachable: (base: string, cause: string) =>
    `SABnzbd at ${base} cannot be reached (${cause}). Check that SABnzbd is running and that the address in Settings is right.`,
  timeout: (base: string, ms: number) =>
    `SABnzbd at ${base} did not answer within ${Math.round(ms / 100) / 10} s. It may be busy or stuck; the app will try again.`,
  keyRequired: (base: string) =>
    `SABnzbd at ${base} asked for an API key — copy it from SABnzbd → Config → General → API Key into Settings.`,
  keyRejected: (base: string) =>
    `SABnzbd at ${base} rejected the API key — copy it from SABnzbd → Config → General → API Key into Settings.`,
  webPage: (base: string, status: number) =>
    `The address ${base} answered with a web page (HTTP ${status}) instead of SABnzbd's API. Is it SABnzbd's address, without a login page or proxy in front?`,
  httpStatus: (base: string, status: number) =>
    `SABnzbd at ${base} answered HTTP ${status} instead of API data. Check the address in Settings.`,
  unreadable: (base: string, mode: string) =>
    `SABnzbd at ${base} sent an incomplete or unreadable answer to "${mode}". It may be restarting; the app will try again.`,
  unexpectedShape: (base: string, mode: string, detail: string) =>
    `SABnzbd at ${base} answered "${mode}" in a form this app does not understand (${detail}). Is it SABnzbd 3.7 or newer?`,
  tooLarge: (base: string, mode: string, maxBytes: number) =>
    `SABnzbd at ${base} sent more than ${Math.round(maxBytes / 1024 / 1024)} MB in answer to "${mode}", far more than a page of it should be; the answer was not read. Check that the address is SABnzbd's and that no proxy rewrites its answers.`,
  refused: (base: string, mode: string, reason: string) => `SABnzbd at ${base} refused "${mode}": ${reason}.`,
  redirectedAway: (base: string, status: number, to: string) =>
    `SABnzbd at ${base} redirects (HTTP ${status}) to ${to}, another address — a login page or proxy in front of it? The API key is only sent to the address saved in Settings: enter SABnzbd's direct address, or the new one if it moved.`,
  redirectLoop: (base: string, hops: number) =>
    `SABnzbd at ${base} kept redirecting (${hops} times) without answering. Check the address in Settings.`,
} as const;
