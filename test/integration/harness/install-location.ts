/**
 * Where `.ci/install-sabnzbd.sh` put SABnzbd, unrar and rar. Throws a clear error when
 * they are missing: the real-SABnzbd tests must never skip silently.
 *
 * The prefix is `/opt/autoarr-test` unless `AUTOARR_SAB_PREFIX` says otherwise (the
 * install script honours the same variable).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface SabnzbdInstall {
  prefix: string;
  /** Debian's interpreter: SABnzbd's modules (sabyenc, cheetah, ...) are installed for it. */
  python: string;
  /** The `sabnzbdplus` launcher script from the Debian package. */
  launcher: string;
  /** Goes on PYTHONPATH so the launcher finds the `sabnzbd` package. */
  pythonPath: string;
  /** Holds `unrar` (non-free) and `rar`; goes first on SABnzbd's PATH. */
  binDir: string;
  rar: string;
  unrar: string;
}

export const DEFAULT_SAB_PREFIX = '/opt/autoarr-test';

export function findSabnzbdInstall(prefix = process.env.AUTOARR_SAB_PREFIX ?? DEFAULT_SAB_PREFIX): SabnzbdInstall {
  const install: SabnzbdInstall = {
    prefix,
    python: '/usr/bin/python3',
    launcher: path.join(prefix, 'sabnzbd/usr/bin/sabnzbdplus'),
    pythonPath: path.join(prefix, 'sabnzbd/usr/share/sabnzbdplus'),
    binDir: path.join(prefix, 'bin'),
    rar: path.join(prefix, 'bin/rar'),
    unrar: path.join(prefix, 'bin/unrar'),
  };
  const required = [install.python, install.launcher, path.join(install.pythonPath, 'sabnzbd/__init__.py'), install.rar, install.unrar];
  const missing = required.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`SABnzbd test install not found (missing: ${missing.join(', ')}). Run: sudo bash .ci/install-sabnzbd.sh`);
  }
  return install;
}
