// The named moments the crash child can SIGKILL itself at.
export const CRASH_POINTS = [
  'after-insert', // failure row written, download.failed not yet published
  'after-failed-published', // event handled (activity line written), announcedAt not yet saved
  'after-claim', // attempt row claimed, nothing sent yet
  'before-grab', // about to POST the grab to the *arr
  'after-grab', // the *arr accepted the grab, the engine has not recorded it
  'after-sab-retry', // SABnzbd accepted a retry, not recorded
  'after-finish', // an attempt's outcome was written, the follow-up not yet
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export function isCrashPoint(value: string): value is CrashPoint {
  return (CRASH_POINTS as readonly string[]).includes(value);
}
