/// The version printed by `--version` and written into snapshots.
public enum SonicMapVersion {
    public static let current = "0.1.0"
}
