/**
 * Writes the SABnzbd home for one test run: the ini (every setting the failure scenarios
 * depend on, see /work/shared/fixtures/sabnzbd/README.md), the folders, and the scripts:
 *
 * - `sabh-fail.sh`     post-processing script that exits 1 (script_can_fail=1 → job Failed)
 * - `sabh-slow.sh`     post-processing script that runs ~60 s, so `mode=cancel_pp` can abort it
 * - `sabh-prequeue.sh` pre-queue script: refuses names containing `Prequeue-Reject` (prints 0),
 *                      accepts-and-fails `Prequeue-Fail` (prints 2), gives names containing
 *                      `Script-Fail` the post-processing script `sabh-fail.sh` (its 5th output
 *                      line), accepts the rest (prints 1)
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const FAIL_SCRIPT = 'sabh-fail.sh';
export const SLOW_SCRIPT = 'sabh-slow.sh';
export const PREQUEUE_SCRIPT = 'sabh-prequeue.sh';

export interface SabnzbdHomeOptions {
  home: string;
  webPort: number;
  nntpHost: string;
  nntpPort: number;
  connections: number;
  retentionDays: number;
  /** Absolute completed-folder of category `tiny` (a size-limited mount for disk-full). */
  tinyDir: string;
  /** Extra `[misc]` settings, overriding the defaults below. */
  misc: Readonly<Record<string, string | number>>;
  /** Categories besides tv, movies and tiny (e.g. movies-4k for a second Radarr), each with a folder of its name. */
  extraCategories?: readonly string[];
}

export interface SabnzbdHome {
  iniPath: string;
  downloadDir: string;
  completeDir: string;
  scriptDir: string;
  logDir: string;
}

const SCRIPTS: Record<string, string> = {
  [FAIL_SCRIPT]: '#!/bin/sh\necho "sabh-fail: failing on purpose for $2"\nexit 1\n',
  // `exec`: cancel_pp kills only the process SABnzbd started; a child `sleep` would keep
  // SABnzbd's output pipe open (and the whole post-processing queue waiting) for 60 s.
  [SLOW_SCRIPT]: '#!/bin/sh\necho "sabh-slow: working on $2"\nexec sleep 60\n',
  [PREQUEUE_SCRIPT]: [
    '#!/bin/sh',
    '# $1 is the job name; the first output line decides: 0 refuse, 1 accept, 2 accept and fail.',
    'case "$1" in',
    '  *Prequeue-Reject*) echo 0 ;;',
    '  *Prequeue-Fail*) echo 2 ;;',
    // Lines 2-4 empty keep name, pp and category; line 5 sets the job's script (also kept by mode=retry).
    `  *Script-Fail*) printf '1\\n\\n\\n\\n%s\\n' ${FAIL_SCRIPT} ;;`,
    '  *) echo 1 ;;',
    'esac',
    '',
  ].join('\n'),
};

function iniValue(value: string | number): string {
  return typeof value === 'number' ? String(value) : value === '' ? '""' : value;
}

export async function writeSabnzbdHome(options: SabnzbdHomeOptions): Promise<SabnzbdHome> {
  const home: SabnzbdHome = {
    iniPath: path.join(options.home, 'sab.ini'),
    downloadDir: path.join(options.home, 'incomplete'),
    completeDir: path.join(options.home, 'complete'),
    scriptDir: path.join(options.home, 'scripts'),
    logDir: path.join(options.home, 'logs'),
  };
  for (const dir of [home.downloadDir, home.completeDir, home.scriptDir, home.logDir]) await mkdir(dir, { recursive: true });
  for (const [name, body] of Object.entries(SCRIPTS)) {
    const file = path.join(home.scriptDir, name);
    await writeFile(file, body);
    await chmod(file, 0o755);
  }

  const misc: Record<string, string | number> = {
    host: '127.0.0.1',
    port: options.webPort,
    check_new_rel: 0,
    auto_browser: 0,
    enable_https_verification: 0,
    download_dir: home.downloadDir,
    complete_dir: home.completeDir,
    script_dir: home.scriptDir,
    log_dir: home.logDir,
    admin_dir: path.join(options.home, 'admin'),
    nzb_backup_dir: '',
    pre_script: PREQUEUE_SCRIPT,
    pause_on_pwrar: 2,
    no_dupes: 3,
    unwanted_extensions: 'exe, com, scr',
    action_on_unwanted_extensions: 2,
    script_can_fail: 1,
    propagation_delay: 1440,
    // SABnzbd 3.7 runs a disk-speed test on first start and may flip direct_unpack by
    // itself; pinning both keeps runs comparable.
    direct_unpack: 1,
    direct_unpack_tested: 1,
    fail_hopeless_jobs: 1,
    ...options.misc,
  };
  const category = (name: string, order: number, dir: string) =>
    [`[[${name}]]`, `name = ${name}`, `order = ${order}`, 'pp = ""', 'script = Default', `dir = ${iniValue(dir)}`, 'newzbin = ""', 'priority = -100'].join('\n');
  const ini = [
    '__version__ = 19',
    '__encoding__ = utf-8',
    '[misc]',
    ...Object.entries(misc).map(([key, value]) => `${key} = ${iniValue(value)}`),
    '[logging]',
    'log_level = 1',
    '[servers]',
    `[[${options.nntpHost}]]`,
    `name = ${options.nntpHost}`,
    'displayname = autoarr-test-nntp',
    `host = ${options.nntpHost}`,
    `port = ${options.nntpPort}`,
    'timeout = 20',
    'username = ""',
    'password = ""',
    `connections = ${options.connections}`,
    'ssl = 0',
    'enable = 1',
    `retention = ${options.retentionDays}`,
    'priority = 0',
    '[categories]',
    '[[*]]',
    'name = *',
    'order = 0',
    'pp = 3',
    'script = None',
    'dir = ""',
    'newzbin = ""',
    'priority = 0',
    category('tv', 1, 'tv'),
    category('movies', 2, 'movies'),
    category('tiny', 3, options.tinyDir),
    ...(options.extraCategories ?? []).map((name, i) => category(name, 4 + i, name)),
    '',
  ].join('\n');
  await writeFile(home.iniPath, ini);
  return home;
}
