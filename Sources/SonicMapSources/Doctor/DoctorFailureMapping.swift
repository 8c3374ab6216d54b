import SonicMapCore

/// The clients' errors as the diagnosis reasons about them: the message they already
/// word for the user, and its kind.
extension DoctorFailure {
    init(_ error: TempoError) {
        let kind: Kind
        switch error {
        case .notFound: kind = .notFound
        case .badRequest, .traceTooLarge: kind = .rejected
        case .tenantRequired: kind = .tenantRequired
        case .unauthorized: kind = .unauthorized
        case .unexpectedStatus(_, let status, _): kind = status == 404 ? .notFound : .status
        case .invalidResponse: kind = .unreadable
        case .transport: kind = .unreachable
        }
        self.init(kind, error.description)
    }

    init(_ error: PrometheusClientError) {
        switch error {
        case .transport:
            self.init(.unreachable, error.description)
        case .everyQueryFailed(_, let first):
            self.init(first)
        case .response(_, let answer):
            self.init(Self.kind(answer), error.description)
        }
    }

    /// What an unusable Prometheus answer means, from its status and text.
    private static func kind(_ error: PrometheusError) -> Kind {
        let status: Int
        let text: String
        switch error {
        case let .server(s, _, message): (status, text) = (s, message)
        case let .notJSON(s, excerpt): (status, text) = (s, excerpt)
        case let .unexpectedShape(s, reason): (status, text) = (s, reason)
        }
        switch status {
        case 200..<300: return .unreadable
        case 401 where text.lowercased().contains("no org id"): return .tenantRequired
        case 401, 403: return .unauthorized
        case 404: return .notFound
        case 400, 422: return .rejected
        default: return .status
        }
    }
}
