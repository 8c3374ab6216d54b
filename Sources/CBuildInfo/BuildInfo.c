/*
 * commit.h is written by scripts/stamp-commit.sh before every build the Makefile runs
 * (it is ignored by git). A plain `swift build` without it reports "unknown".
 */
#include "CBuildInfo.h"

#if __has_include("commit.h")
#include "commit.h"
#endif

#ifndef SONICMAP_GIT_COMMIT
#define SONICMAP_GIT_COMMIT "unknown"
#endif

const char *sonicmap_build_commit(void) { return SONICMAP_GIT_COMMIT; }
