// `npm start`: the Electron app where its binary is present; otherwise one
// line saying so, then browser mode (the same core, served on 127.0.0.1).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);
let electronBinary = null;
try {
  const p = require('electron'); // in plain Node this is the binary's path, or throws when it was never downloaded
  if (typeof p === 'string' && existsSync(p)) electronBinary = p;
} catch {
  electronBinary = null;
}

const args = process.argv.slice(2);
const child = electronBinary && !args.includes('--headless')
  ? spawn(electronBinary, ['.', ...args], { stdio: 'inherit' })
  : (console.log(
      electronBinary
        ? 'Starting in browser mode (--headless).'
        : 'No Electron binary is installed here, so autoarr-tray starts in browser mode instead.',
    ),
    spawn(process.execPath, ['dist/main/serve.js', ...args], { stdio: 'inherit' }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
