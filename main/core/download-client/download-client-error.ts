// What can go wrong talking to a download client (SABnzbd or NZBGet), as
// values. The codes are SABnzbd's (sabnzbd-error.ts) so a SabnzbdResult is a
// DownloadClientResult as it is; `bad_api_key` means "the client refused our
// credentials": SABnzbd's API key, or NZBGet's username and password.
import type { Ok } from '../../../shared/contract-result';

export const DOWNLOAD_CLIENT_ERROR_CODES = ['unreachable', 'timeout', 'bad_api_key', 'malformed', 'api_error'] as const;
export type DownloadClientErrorCode = (typeof DOWNLOAD_CLIENT_ERROR_CODES)[number];

export interface DownloadClientError {
  code: DownloadClientErrorCode;
  message: string;
}

export type DownloadClientResult<T> = Ok<T> | { ok: false; error: DownloadClientError };

export function clientOk<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function clientErr(code: DownloadClientErrorCode, message: string): { ok: false; error: DownloadClientError } {
  return { ok: false, error: { code, message } };
}
