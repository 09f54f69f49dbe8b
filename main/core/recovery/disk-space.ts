// "Is the space back?" for disk-full failures, pure. SABnzbd's queue reports
// the free space of its download folder (`diskspace1`, in GB). A retry needs
// room for the job twice over (download + unpack), and never less than a floor.
export const DEFAULT_MIN_FREE_BYTES = 1024 ** 3;
const GB = 1024 ** 3;

export function hasSpaceFor(freeGb: number | null, jobBytes: number | null, minFreeBytes = DEFAULT_MIN_FREE_BYTES): boolean {
  if (freeGb === null) return false;
  const needed = Math.max(minFreeBytes, 2 * (jobBytes ?? 0));
  return freeGb * GB >= needed;
}
