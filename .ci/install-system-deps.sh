#!/usr/bin/env bash
# System packages the tests need: Debian's Chromium for the Playwright tests
# (Playwright never downloads a browser here), libnotify-bin for the real
# node-notifier path, and the toolchain better-sqlite3 compiles with.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
need=()
for pkg in chromium libnotify-bin python3 make g++ xvfb; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "system packages ready: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
