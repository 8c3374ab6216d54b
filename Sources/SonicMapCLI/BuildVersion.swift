import CBuildInfo
import SonicMapCore

/// What `sonicmap --version` prints: the release version and the git commit the binary was
/// built from, so that a bug report names the exact code.
enum BuildVersion {
    /// The git commit stamped by `scripts/stamp-commit.sh` (via the Makefile), or "unknown".
    static let commit = String(cString: sonicmap_build_commit())

    /// `0.1.0 (commit 1a2b3c4d5e6f)`.
    static let text = "\(SonicMapVersion.current) (commit \(commit))"
}
