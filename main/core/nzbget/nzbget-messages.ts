// What the NZBGet client says when something goes wrong. Every message names
// the address and what a person can do; none carries the username or password.
export const nzbgetMessages = {
  noAddress: () => 'No NZBGet address is set yet — enter it in Settings (e.g. http://localhost:6789).',
  notAnAddress: (base: string) => `"${base}" is not a web address — enter NZBGet's, e.g. http://localhost:6789.`,
  unreachable: (base: string, cause: string) =>
    `NZBGet at ${base} cannot be reached (${cause}). Check that NZBGet is running and that the address in Settings is right.`,
  timeout: (base: string, ms: number) =>
    `NZBGet at ${base} did not answer within ${Math.round(ms / 100) / 10} s. It may be busy or stuck; the app will try again.`,
  credentials: (base: string, status: number) =>
    `NZBGet at ${base} refused the username or password (HTTP ${status}) — use the ControlUsername and ControlPassword from NZBGet → Settings → Security in Settings.`,
  webPage: (base: string, status: number) =>
    `The address ${base} answered with a web page (HTTP ${status}) instead of NZBGet's JSON-RPC. Is it NZBGet's address, without a login page or proxy in front?`,
  httpStatus: (base: string, status: number) =>
    `NZBGet at ${base} answered HTTP ${status} instead of JSON-RPC data. Check the address in Settings (NZBGet's, e.g. http://localhost:6789).`,
  unreadable: (base: string, method: string) =>
    `NZBGet at ${base} sent an incomplete or unreadable answer to "${method}". It may be restarting; the app will try again.`,
  unexpectedShape: (base: string, method: string, detail: string) =>
    `NZBGet at ${base} answered "${method}" in a form this app does not understand (${detail}). Is it NZBGet 21 or newer?`,
  tooLarge: (base: string, method: string, maxBytes: number) =>
    `NZBGet at ${base} sent more than ${Math.round(maxBytes / 1024 / 1024)} MB in answer to "${method}"; the answer was not read. Lower NZBGet's KeepHistory, or check that no proxy rewrites its answers.`,
  refused: (base: string, method: string, reason: string) => `NZBGet at ${base} refused "${method}": ${reason}.`,
  notApplied: (base: string, command: string, ids: readonly number[]) =>
    `NZBGet at ${base} did not apply ${command} to job ${ids.join(', ')} (no such job where that command works, e.g. not in history any more).`,
} as const;
