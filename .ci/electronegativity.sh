#!/usr/bin/env bash
# ADVISORY: Electronegativity (Doyensec) over the built app in dist/. Prints a
# summary of its findings and ALWAYS exits 0 — the enforced Electron checks are
# test/reliability/electron-checklist.test.ts. The online check (Electron
# releases with security fixes) is excluded: CI may have no network.
# Usage: bash .ci/electronegativity.sh [report.csv]   (builds dist/ first if missing)
set -u
cd "$(dirname "$0")/.."
VERSION=1.10.3
REPORT="${1:-${TMPDIR:-/tmp}/autoarr-electronegativity.csv}"
ONLINE_CHECKS=AvailableSecurityFixesGlobalCheck

say() { echo "[electronegativity] $*"; }

if [ ! -f dist/main/index.js ]; then
  say "dist/ is not built; building it (node scripts/build.mjs)"
  node scripts/build.mjs >/dev/null 2>&1 || { say "ADVISORY SKIPPED: the build failed, nothing to scan."; exit 0; }
fi

# The devDependency when installed (offline); npx fetches the pinned version otherwise.
if [ -x node_modules/.bin/electronegativity ] && [ "$(node -p "require('@doyensec/electronegativity/package.json').version" 2>/dev/null)" = "$VERSION" ]; then
  RUN=(node_modules/.bin/electronegativity)
else
  RUN=(npx --yes "@doyensec/electronegativity@$VERSION")
fi

# dist/ carries no package.json: tell it which Electron the app is built for.
ELECTRON_VERSION=$(node -p "require('electron/package.json').version" 2>/dev/null || echo 41.0.0)

LOG=$(mktemp)
if ! "${RUN[@]}" -i dist -o "$REPORT" -x "$ONLINE_CHECKS" -e "$ELECTRON_VERSION" -r -v false >"$LOG" 2>&1 || [ ! -f "$REPORT" ]; then
  say "ADVISORY SKIPPED: electronegativity $VERSION could not be run here (not installed and not downloadable?). Its output:"
  tail -n 20 "$LOG"
  rm -f "$LOG"
  exit 0
fi
rm -f "$LOG"

# CSV: issue,severity,confidence,file,line:column,sample,description,url (header first).
FINDINGS=$(($(wc -l <"$REPORT") - 1))
say "electronegativity $VERSION on dist/ (online checks excluded): $FINDINGS findings, full report in $REPORT"
if [ "$FINDINGS" -gt 0 ]; then
  say "by check and severity:"
  tail -n +2 "$REPORT" | awk -F, '{ print "  " $1 " (" $2 ", confidence " $3 ")" }' | sort | uniq -c | sort -rn
fi
say "advisory only: exit 0 whatever it found."
exit 0
