import SonicMapCore

/// Health of the data on screen.
public struct DataStatus: Equatable, Sendable {
    /// A short description of the source for the status line.
    public var sourceSummary: String
    /// Wall seconds when the data on screen arrived, nil before the first refresh.
    public var receivedAt: Double?
    /// Unix seconds the data describes.
    public var dataTime: Double?
    /// A fixed badge instead of LIVE/STALE, for data that does not refresh (`TRACE`, `REPLAY`).
    public var fixedBadge: String?
    /// Why the last refresh failed (its kind and message); the data on screen is then stale.
    public var lastError: SourceFailure?
    public var warnings: [String]
    /// A look at another time (`:at`, `<` `>`) was asked and its data has not arrived yet:
    /// the map still shows the time looked at before.
    public var lookPending = false

    public init(sourceSummary: String) {
        self.sourceSummary = sourceSummary
        warnings = []
    }
}

extension AppState {
    /// Seconds since the data on screen was produced.
    public var dataAge: Double? {
        guard let received = status.receivedAt else { return nil }
        return settings.frozenClock ? 0 : max(0, now - received)
    }

    /// The data is older than two refreshes, or the last refresh failed. The past does not
    /// go stale: looking back, only a failure makes the data so.
    public var isStale: Bool {
        if status.lastError != nil { return true }
        if settings.at != nil { return false }
        guard let age = dataAge else { return false }
        return age > 2 * settings.refreshSeconds + 5
    }
}
