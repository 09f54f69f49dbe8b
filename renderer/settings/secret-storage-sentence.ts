// Where API keys are kept, as a sentence a person reads in Settings rather
// than the raw kind ('os-keychain', 'plain-text', 'memory').
import type { AppInfo, SecretStorageKind } from '../../shared/contract';

export function secretStorageSentence(kind: SecretStorageKind, mode: AppInfo['mode'] | null): string {
  switch (kind) {
    case 'os-keychain':
      return "Keys are encrypted with this desktop's keychain.";
    case 'plain-text':
      return mode === 'browser'
        ? 'Keys are stored in plain text in the data folder (a file only your user can read): browser mode has no keychain.'
        : 'Keys are stored in plain text because no keychain is available on this desktop.';
    case 'memory':
      return 'Keys are kept in memory only and are forgotten when autoarr-tray stops.';
  }
}

/** Closing the window hides it to the tray unless set otherwise; on Linux it quits by default (GNOME may have no tray). */
export function closesToTrayByDefault(platform: string | null): boolean {
  return platform !== 'linux';
}
