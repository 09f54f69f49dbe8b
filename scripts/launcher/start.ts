// `npm start` (built to dist/launcher/start.js by scripts/build.mjs): decides
// with planLaunch, then runs the Electron app or browser mode in the
// foreground, passing Ctrl-C on and exiting with the child's code.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planLaunch, type LauncherFs, type Spawner } from './launch-plan';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const fs: LauncherFs = {
  exists: (f) => existsSync(f),
  readText: (f) => readFileSync(f, 'utf8'),
  mkdirp: (d) => void mkdirSync(d, { recursive: true }),
  copyFile: (from, to) => copyFileSync(from, to),
  copyDir: (from, to, skip) => cpSync(from, to, { recursive: true, filter: (src) => !skip(path.relative(from, src)) }),
  writeText: (f, text) => writeFileSync(f, text),
  rm: (t) => rmSync(t, { recursive: true, force: true }),
};

/** Runs a helper with its output shown as it comes (a build takes a while) and kept for the reason line. */
const spawner: Spawner = {
  run: (command, args, options) =>
    new Promise((resolve) => {
      const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const keep = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.length > 64_000) output = output.slice(-64_000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ code: 1, output: e.message });
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: signal ? null : code, output });
      });
    }),
};

const args = process.argv.slice(2);
const plan = await planLaunch({
  root,
  args,
  env: process.env,
  platform: process.platform,
  arch: process.arch,
  nodePath: process.execPath,
  fs,
  spawner,
  say: (line) => console.log(line),
});

const child =
  plan.mode === 'electron'
    ? spawn(plan.electronBinary, [root, ...args], { stdio: 'inherit', env: { ...process.env, AUTOARR_SQLITE_BINDING: plan.binding } })
    : (console.log(plan.reason), spawn(process.execPath, [path.join(root, 'dist', 'main', 'serve.js'), ...args.filter((a) => a !== '--headless')], { stdio: 'inherit' }));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
