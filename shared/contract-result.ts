// Errors cross every boundary (IPC, HTTP, WebSocket) as values, never as
// thrown errors: a thrown Error loses its fields over IPC and its status over
// HTTP, so each call answers Result<T> and the caller branches on `ok`.
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_input', // the input failed the call's schema
  'not_found', // no such download / correlation / route
  'unavailable', // the service (SABnzbd, Sonarr, Radarr, database) cannot be reached
  'unconfigured', // the service has no URL or API key yet
  'bad_api_key', // the service answered 401/403 or "API Key Incorrect"
  'api_key_required', // the saved key is only sent to the saved address: a different one needs its key in the request
  'timeout',
  'conflict', // e.g. retry of a download that is already recovering
  'unauthorized', // browser mode: missing or wrong token
  'forbidden', // IPC sender or WebSocket origin not trusted
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: ApiError };
export type Result<T> = Ok<T> | Err;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err(code: ErrorCode, message: string): Err {
  return { ok: false, error: { code, message } };
}

/** The zod schema of Result<T> for a given value schema (validates answers off the wire). */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ApiErrorSchema }),
  ]);
}

/** HTTP status for an error code in browser mode. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  unavailable: 503,
  unconfigured: 409,
  bad_api_key: 502,
  api_key_required: 400,
  timeout: 504,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  internal: 500,
};
