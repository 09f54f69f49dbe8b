// Builds everything the app runs from dist/:
//   dist/main/index.js     Electron entry (ESM)     main/index.ts
//   dist/main/serve.js     browser mode / headless  main/serve.ts
//   dist/main/demo.js      npm run demo (simulated) main/demo.ts
//   dist/preload/index.cjs sandboxed preload (CJS)  preload/index.ts
//   dist/renderer/         the window (vite)        renderer/
//   dist/migrations/       SQL migrations applied at start
//   dist/launcher/start.js `npm start` (not shipped) scripts/launcher/start.ts
// Dependencies stay external (node_modules is shipped by electron-builder),
// except in the preload, which a sandboxed renderer cannot give node_modules.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

const mainEntries = ['main/index.ts', 'main/serve.ts', 'main/demo.ts'].filter((f) => existsSync(f));
await build({
  entryPoints: mainEntries,
  outdir: 'dist/main',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // ESM output still meets CommonJS-only code in a few dependencies.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

// npm start's launcher: a Node script of the repo, never packed into the app.
await build({
  entryPoints: ['scripts/launcher/start.ts'],
  outfile: 'dist/launcher/start.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});

if (existsSync('preload/index.ts')) {
  await build({
    entryPoints: ['preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (existsSync('main/core/activity/migrations')) {
  cpSync('main/core/activity/migrations', 'dist/migrations', { recursive: true });
}

if (existsSync('renderer/index.html')) {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
console.log('built dist/');
