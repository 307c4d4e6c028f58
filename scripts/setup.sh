#!/usr/bin/env bash
# Create .venv and install followthrough into it (editable) with its fast extra
# where it installs, with the test tools when called as `scripts/setup.sh test`,
# with the benchmarks' tools too (proselint) as `scripts/setup.sh bench`. Safe
# to run again: it only reinstalls when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=${1:-}
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "followthrough needs Python 3.11 or newer ($python is $("$python" --version 2>&1))" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
case "$extra" in
  "") extras="" ;;
  test|bench) extras="$extra," ;;
  *) echo "usage: scripts/setup.sh [test|bench]" >&2; exit 2 ;;
esac
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${extra:-run}"
if [ ! -f "$stamp" ]; then
  echo "setting up .venv (${extra:-run}) ..." >&2
  pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
  "${pip[@]}" -U pip >&2
  # The fast extra (Hyperscan, the checker's prefilter) has wheels for some
  # platforms only; without it the checker does the same, more slowly.
  if ! "${pip[@]}" -e ".[${extras}fast]" >&2; then
    echo "hyperscan cannot be installed here: the checker runs without its prefilter" >&2
    spec="."
    [ -z "$extras" ] || spec=".[${extras%,}]"
    "${pip[@]}" -e "$spec" >&2
  fi
  touch "$stamp"
fi
