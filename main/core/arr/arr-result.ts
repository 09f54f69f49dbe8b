// Errors are values at the Sonarr/Radarr boundary: every call answers with a
// result a caller can branch on, and a message a person can act on.
export const ARR_ERROR_CODES = [
  'unreachable',
  'timeout',
  'bad_api_key',
  'not_found',
  'malformed',
  'http_error',
  'wrong_app',
] as const;
export type ArrErrorCode = (typeof ARR_ERROR_CODES)[number];

export interface ArrError {
  code: ArrErrorCode;
  message: string;
  /** HTTP status when the app answered at all. */
  status?: number;
}

export type ArrResult<T> = { ok: true; value: T } | { ok: false; error: ArrError };

export const arrOk = <T>(value: T): ArrResult<T> => ({ ok: true, value });
export const arrErr = <T = never>(code: ArrErrorCode, message: string, status?: number): ArrResult<T> => ({
  ok: false,
  error: status === undefined ? { code, message } : { code, message, status },
});

/** Thrown only by the port methods that must answer with a plain value (see arr-lookup-port). */
export class ArrRequestError extends Error {
  constructor(readonly error: ArrError) {
    super(error.message);
    this.name = 'ArrRequestError';
  }
}
