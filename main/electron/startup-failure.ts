// What a person sees when the app cannot start: the reason and where the log
// is, in a dialog, instead of a process that silently exits.
export const STARTUP_FAILURE_TITLE = 'autoarr-tray could not start';

export function startupFailureText(error: unknown, logFile: string | null): string {
  const reason = error instanceof Error ? error.message : String(error);
  const where = logFile ? `\n\nThe log has the details: ${logFile}` : '';
  return `${reason.trim() || 'An unknown error stopped the start.'}${where}`;
}
