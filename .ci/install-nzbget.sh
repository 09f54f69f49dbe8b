#!/usr/bin/env bash
# Installs Debian's NZBGet (bookworm main: 21.0) for the integration tests: the
# second real download client, started by test/integration/harness/nzbget-instance.ts
# on loopback with a temp config. The package's own service is never started: the
# harness runs `nzbget --server` itself, with a config of its own, on free ports.
#
# It also needs par2 (repair; installed by install-sabnzbd.sh too) and uses the
# non-free `unrar` install-sabnzbd.sh puts under /opt/autoarr-test/bin (the harness
# points NZBGet's UnrarCmd at it), so run that script first.
#
# Idempotent; run as root. Prints a one-line summary.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" -ne 0 ]; then
  echo "install-nzbget.sh must run as root" >&2
  exit 1
fi

need=()
for pkg in nzbget par2; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "[install-nzbget] apt-get install ${need[*]}"
  if ! apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

version=$(dpkg-query -W -f='${Version}' nzbget)
echo "install-nzbget: OK nzbget ${version} at $(command -v nzbget)"
