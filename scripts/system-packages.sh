#!/usr/bin/env bash
# Install the Debian packages the tests drive for real, if missing:
# PostgreSQL (team mode), Dovecot (IMAP), Chromium + a CJK font (web UI).
# Idempotent and non-interactive; does nothing unless run as root with apt-get.
set -euo pipefail
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  exit 0
fi
need=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
command -v dovecot >/dev/null || need+=(dovecot-imapd)
command -v chromium >/dev/null || need+=(chromium)
[ -d /usr/share/fonts/opentype/ipafont-gothic ] || need+=(fonts-ipafont-gothic)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
