/**
 * Writes the home of one test NZBGet: its config file (every option the failure scenarios
 * depend on, see test/fixtures/nzbget/README.md), the folders, and the extension scripts:
 *
 * - `nzbh-fail.sh`  post-processing script that exits 94 (POSTPROCESS_ERROR) → ScriptStatus FAILURE
 *
 * NZBGet reads only options it knows; everything not written here keeps the default of
 * Debian's template (/usr/share/nzbget/webui/nzbget.conf).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const NZBGET_FAIL_SCRIPT = 'nzbh-fail.sh';
/** Category whose jobs run NZBGET_FAIL_SCRIPT after download (Category4.Extensions). */
export const SCRIPTED_CATEGORY = 'scripted';

export interface NzbgetHomeOptions {
  home: string;
  controlPort: number;
  username: string;
  password: string;
  nntpHost: string;
  nntpPort: number;
  connections: number;
  retentionDays: number;
  /** Absolute DestDir of category `tiny` (a size-limited mount for disk-full). */
  tinyDir: string;
  /** false: no InterDir, so jobs download and unpack inside their category's DestDir. */
  interDir: boolean;
  unrar: string;
  /** Extra options, overriding the defaults below (e.g. HealthCheck=none). */
  options: Readonly<Record<string, string | number>>;
}

export interface NzbgetHome {
  configPath: string;
  destDir: string;
  interDir: string | null;
  scriptDir: string;
  logFile: string;
}

const SCRIPTS: Record<string, string> = {
  // NZBGet runs a file in ScriptDir as an extension only when it carries this header.
  [NZBGET_FAIL_SCRIPT]: [
    '#!/bin/sh',
    '#',
    '### NZBGET POST-PROCESSING SCRIPT',
    '#',
    '# autoarr test harness: fails on purpose.',
    '#',
    '### NZBGET POST-PROCESSING SCRIPT',
    'echo "[ERROR] nzbh-fail: failing on purpose for $NZBPP_NZBNAME"',
    'exit 94',
    '',
  ].join('\n'),
};

export async function writeNzbgetHome(o: NzbgetHomeOptions): Promise<NzbgetHome> {
  const home: NzbgetHome = {
    configPath: path.join(o.home, 'nzbget.conf'),
    destDir: path.join(o.home, 'complete'),
    interDir: o.interDir ? path.join(o.home, 'intermediate') : null,
    scriptDir: path.join(o.home, 'scripts'),
    logFile: path.join(o.home, 'nzbget.log'),
  };
  const dirs = [home.destDir, home.scriptDir, path.join(o.home, 'nzb'), path.join(o.home, 'queue'), path.join(o.home, 'tmp')];
  if (home.interDir !== null) dirs.push(home.interDir);
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  for (const [name, body] of Object.entries(SCRIPTS)) {
    const file = path.join(home.scriptDir, name);
    await writeFile(file, body);
    await chmod(file, 0o755);
  }

  const options: Record<string, string | number> = {
    MainDir: o.home,
    DestDir: home.destDir,
    InterDir: home.interDir ?? '',
    NzbDir: path.join(o.home, 'nzb'),
    QueueDir: path.join(o.home, 'queue'),
    TempDir: path.join(o.home, 'tmp'),
    ScriptDir: home.scriptDir,
    LockFile: path.join(o.home, 'nzbget.lock'),
    LogFile: home.logFile,
    WebDir: '/usr/share/nzbget/webui',
    ConfigTemplate: '/usr/share/nzbget/webui/nzbget.conf',
    ControlIP: '127.0.0.1',
    ControlPort: o.controlPort,
    ControlUsername: o.username,
    ControlPassword: o.password,
    SecureControl: 'no',
    UpdateCheck: 'none',
    OutputMode: 'loggable',
    WriteLog: 'append',
    // Info lines into NZBGet's message buffer too (the `log` method), as by default.
    InfoTarget: 'both',
    DetailTarget: 'both',
    'Server1.Active': 'yes',
    'Server1.Name': 'autoarr-test-nntp',
    'Server1.Level': 0,
    'Server1.Host': o.nntpHost,
    'Server1.Port': o.nntpPort,
    'Server1.Username': '',
    'Server1.Password': '',
    'Server1.JoinGroup': 'no',
    'Server1.Encryption': 'no',
    'Server1.Connections': o.connections,
    'Server1.Retention': o.retentionDays,
    'Category1.Name': 'tv',
    'Category2.Name': 'movies',
    'Category3.Name': 'tiny',
    'Category3.DestDir': o.tinyDir,
    'Category4.Name': SCRIPTED_CATEGORY,
    'Category4.Extensions': NZBGET_FAIL_SCRIPT,
    AppendCategoryDir: 'yes',
    DupeCheck: 'yes',
    HealthCheck: 'park',
    ParCheck: 'auto',
    ParRepair: 'yes',
    ParScan: 'extended',
    Unpack: 'yes',
    DirectUnpack: 'no',
    UnrarCmd: o.unrar,
    SevenZipCmd: '7z',
    // Free-space guard off: disk-full must come from the write itself, not a pause.
    DiskSpace: 0,
    // A 430 is final; these only pace reconnects, kept short so failures come fast.
    ArticleRetries: 1,
    ArticleInterval: 1,
    ArticleTimeout: 10,
    UrlRetries: 0,
    UrlInterval: 1,
    PropagationDelay: 0,
    KeepHistory: 30,
    NzbDirInterval: 0,
    ...o.options,
  };
  const text = Object.entries(options)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  await writeFile(home.configPath, `${text}\n`);
  return home;
}
