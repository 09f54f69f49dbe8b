import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSabnzbdInstall } from './install-location';

describe('findSabnzbdInstall', () => {
  it('refuses loudly, naming the install script, when SABnzbd is not installed', () => {
    const nowhere = path.join(os.tmpdir(), 'autoarr-no-such-sabnzbd-prefix');
    expect(() => findSabnzbdInstall(nowhere)).toThrow(/install-sabnzbd\.sh/);
    expect(() => findSabnzbdInstall(nowhere)).toThrow(nowhere);
  });
});
