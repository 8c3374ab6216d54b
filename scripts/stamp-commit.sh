#!/usr/bin/env bash
# Writes Sources/CBuildInfo/commit.h with the git commit of this tree, so that
# `sonicmap --version` names the commit it was built from. The file changes only when
# the commit does, so an unchanged tree rebuilds nothing; when it changes, BuildInfo.c
# is touched too, so that even a build that never saw the header recompiles it.
set -euo pipefail
cd "$(dirname "$0")/.."
header=Sources/CBuildInfo/commit.h
commit=unknown
if command -v git >/dev/null 2>&1 && git rev-parse --git-dir >/dev/null 2>&1; then
  commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  if [[ $commit != unknown && -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    commit="$commit-dirty"
  fi
fi
line="#define SONICMAP_GIT_COMMIT \"$commit\""
if [[ ! -f $header || $(cat "$header") != "$line" ]]; then
  printf '%s\n' "$line" > "$header.tmp"
  mv "$header.tmp" "$header"
  touch Sources/CBuildInfo/BuildInfo.c
fi
