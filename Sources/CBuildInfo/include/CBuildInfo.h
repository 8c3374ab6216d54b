/*
 * Facts about the build that only the build knows: the git commit the binary was made from.
 * C, not Swift, so that a new commit recompiles one small file instead of every Swift module.
 */
#ifndef SONICMAP_CBUILDINFO_H
#define SONICMAP_CBUILDINFO_H

/// The git commit of the source tree this binary was built from (12 hex digits, with
/// "-dirty" when the tree had uncommitted changes), or "unknown" outside a git checkout.
const char *sonicmap_build_commit(void);

#endif
