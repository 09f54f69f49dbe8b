// Lint rules that guard the architecture, not style: the core must run in
// plain Node, so only the thin Electron shell and the preload may import
// `electron`, and the renderer may only talk to `shared` and its injected api.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only main/electron/, main/index.ts and preload/ may import electron; the core runs in plain Node.' }],
  patterns: [{ group: ['electron/*'], message: 'Only the Electron shell may import electron.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', 'coverage/**', '.cache/**', '.data/**', '**/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': ['error', electronOnlyInShell],
    },
  },
  {
    // test/support/fake-electron.ts takes Electron's types (only) to be checked against the shell's facade.
    files: ['main/electron/**', 'main/index.ts', 'preload/**', 'test/electron/**', 'test/stubs/**', 'test/support/fake-electron.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The rules of hooks and exhaustive effect dependencies, for every React file.
    files: ['renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: electronOnlyInShell.paths,
        patterns: [
          ...electronOnlyInShell.patterns,
          { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer talks to the core only through the api in shared/contract.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: electronOnlyInShell.paths,
        patterns: [
          ...electronOnlyInShell.patterns,
          { group: ['node:*', 'fs', 'path', 'http', 'child_process', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: 'shared/ holds types and pure code only: no I/O.' },
          { group: ['**/main/**', '**/renderer/**'], message: 'shared/ depends on nothing else in the project.' },
        ],
      }],
    },
  },
);
