#!/usr/bin/env bash
# Installs a real SABnzbd 3.7.1 (Debian bookworm `sabnzbdplus`, component contrib)
# plus Debian's `unrar` and `rar` (component non-free) for the integration tests,
# WITHOUT touching the machine's apt configuration: apt gets a private sources
# list and a private lists dir, the .debs are `dpkg -x`-ed into a cache folder.
#
# Why unrar (non-free) and not unrar-free: with unrar-free SABnzbd reports broken
# RARs as Completed. Why rar: Debian main has no tool that creates RAR archives.
#
# Idempotent; run as root. Prints where things are and a one-line summary.
# The test harness finds the result under $AUTOARR_SAB_PREFIX (default below).
set -euo pipefail

PREFIX="${AUTOARR_SAB_PREFIX:-/opt/autoarr-test}"
SAB_DIR="$PREFIX/sabnzbd"
BIN_DIR="$PREFIX/bin"
APT_DIR="$PREFIX/apt"
started=$(date +%s)

log() { echo "[install-sabnzbd] $*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "install-sabnzbd.sh must run as root" >&2
  exit 1
fi

# SABnzbd's runtime dependencies live in Debian main.
MAIN_DEPS=(python3 python3-sabyenc par2 p7zip-full python3-cheetah python3-cherrypy3
  python3-configobj python3-cryptography python3-feedparser python3-guessit python3-portend
  python3-puremagic python3-rebulk python3-socks python3-ujson python3-chardet
  libjs-bootstrap libjs-jquery libjs-jquery-ui libjs-moment)
missing=()
for p in "${MAIN_DEPS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

have_all() {
  [ -f "$SAB_DIR/usr/share/sabnzbdplus/SABnzbd.py" ] && [ -x "$BIN_DIR/unrar" ] && [ -x "$BIN_DIR/rar" ]
}

if ! have_all; then
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$APT_DIR/debs" "$BIN_DIR"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  signed=""
  [ -f "$keyring" ] && signed="[signed-by=$keyring] "
  echo "deb ${signed}http://deb.debian.org/debian bookworm contrib non-free" > "$APT_DIR/sources.list"
  APT_OPTS=(-o "Dir::Etc::sourcelist=$APT_DIR/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache::archives=$APT_DIR/archives"
    -o "Dir::Cache::pkgcache=$APT_DIR/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$APT_DIR/srcpkgcache.bin")
  log "apt-get update (private sources: contrib + non-free)"
  apt-get "${APT_OPTS[@]}" update -qq
  # apt downloads as the unprivileged _apt user when it can write the target folder.
  id _apt >/dev/null 2>&1 && chown _apt "$APT_DIR/debs" "$APT_DIR/archives/partial" 2>/dev/null || true
  (cd "$APT_DIR/debs" && rm -f ./*.deb && apt-get "${APT_OPTS[@]}" download sabnzbdplus unrar rar)

  rm -rf "$SAB_DIR" "$PREFIX/unrar-root" "$PREFIX/rar-root"
  dpkg -x "$APT_DIR"/debs/sabnzbdplus_*.deb "$SAB_DIR"
  dpkg -x "$APT_DIR"/debs/unrar_*.deb "$PREFIX/unrar-root"
  dpkg -x "$APT_DIR"/debs/rar_*.deb "$PREFIX/rar-root"
  ln -sf "$PREFIX/unrar-root/usr/bin/unrar-nonfree" "$BIN_DIR/unrar"
  ln -sf "$PREFIX/rar-root/usr/bin/rar" "$BIN_DIR/rar"
  # The Debian package points SABnzbd at /usr/bin/unrar through alternatives; the
  # harness puts $BIN_DIR first on SABnzbd's PATH instead, so nothing global changes.
fi

[ -e "$BIN_DIR/unrar" ] || { echo "unrar missing in $BIN_DIR" >&2; exit 1; }
sab_version=$(dpkg-deb -f "$APT_DIR"/debs/sabnzbdplus_*.deb Version 2>/dev/null || echo '?')
unrar_version=$("$BIN_DIR/unrar" 2>/dev/null | awk 'NR<=2 && /UNRAR/ {print $2; exit}')
rar_version=$("$BIN_DIR/rar" 2>/dev/null | awk 'NR<=2 && /RAR/ {print $2; exit}')
log "sabnzbd:  $SAB_DIR/usr/share/sabnzbdplus (run with /usr/bin/python3)"
log "unrar:    $BIN_DIR/unrar   rar: $BIN_DIR/rar"
echo "install-sabnzbd: OK sabnzbdplus ${sab_version} unrar ${unrar_version:-?} rar ${rar_version:-?} in ${PREFIX} ($(( $(date +%s) - started ))s)"
