#!/usr/bin/env bash
# Install what sonicmap needs to build, run and test, skipping what is present.
#
#   scripts/install-deps.sh          everything: build + test stack (apt, and pip into .venv/)
#   scripts/install-deps.sh --build  only the apt packages needed to build and run
#
# Idempotent and quick when everything is installed: `apt-get update` runs only
# when some apt package is missing, pip only when Tests/requirements.txt changed.
# Installs as root, or through sudo when available; otherwise prints the exact
# command to run and exits 1.
set -euo pipefail

BUILD_PKGS=(libcurl4-openssl-dev libncurses-dev pkg-config)
TEST_PKGS=(tmux prometheus protobuf-compiler graphviz libxml2-utils librsvg2-bin jq time)

mode=all
case "${1:-}" in
  "") ;;
  --build) mode=build ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  *) echo "install-deps.sh: unknown option '$1' (try --build)" >&2; exit 2 ;;
esac

if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps.sh: 'swift' is not on PATH; install the Swift 6 toolchain first (swift.org)." >&2
  exit 1
fi

# --- apt ---------------------------------------------------------------------
pkgs=("${BUILD_PKGS[@]}")
if [[ $mode == all ]]; then
  pkgs+=("${TEST_PKGS[@]}")
  # Debian's python3 makes virtual environments only with python3-venv (ensurepip).
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || pkgs+=(python3-venv)
fi

# (No `| grep -q`: with pipefail, grep quitting early makes dpkg die of SIGPIPE.)
installed() { [[ $(dpkg -s "$1" 2>/dev/null) == *$'\nStatus: install ok installed'* ]]; }

missing=()
for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done

if ((${#missing[@]})); then
  apt_line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && { [[ -t 0 ]] || sudo -n true 2>/dev/null; }; then
    sudo=(sudo)
  else
    echo "install-deps.sh: missing packages: ${missing[*]}" >&2
    echo "Run as root:  $apt_line" >&2
    exit 1
  fi
  echo "installing apt packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[[ $mode == build ]] && exit 0

# --- Python: .venv/ at the repository root -----------------------------------
# The test stack's packages, pinned in Tests/requirements.txt, go into a virtual
# environment of the repository's own, never into the system Python. pip runs only
# when the requirements changed since the last install.
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$root/.venv
requirements=$root/Tests/requirements.txt
stamp=$venv/.requirements.sha256
if [[ ! -x $venv/bin/python ]]; then
  echo "creating $venv"
  python3 -m venv "$venv"
fi
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "installing Python packages from Tests/requirements.txt into .venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" > "$stamp"
fi
