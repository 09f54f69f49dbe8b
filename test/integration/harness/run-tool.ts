/**
 * Runs one of the archive/verify tools (par2, 7z, rar) the scenarios need and throws
 * with its output when it fails, so a broken payload never reaches SABnzbd unnoticed.
 */
import { execFile } from 'node:child_process';

export interface ToolResult {
  stdout: string;
  stderr: string;
}

export function runTool(file: string, args: readonly string[], options: { cwd: string; okExitCodes?: readonly number[] }): Promise<ToolResult> {
  const ok = options.okExitCodes ?? [0];
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd: options.cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      if (ok.includes(code)) {
        resolve({ stdout, stderr });
        return;
      }
      const reason = error?.code === 'ENOENT' ? `${file} is not installed (run .ci/install-sabnzbd.sh)` : `exit ${String(error?.code)}`;
      reject(new Error(`${file} ${args.join(' ')} failed: ${reason}\n${stdout}\n${stderr}`));
    });
  });
}
