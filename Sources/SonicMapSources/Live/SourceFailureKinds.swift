import SonicMapCore

/// Which kind of `SourceFailure` each of the clients' errors is, so that the kind, not
/// only the message, reaches the status line.
extension HTTPError: SourceFailureKind {
    public var failureKind: SourceFailure.Kind {
        switch self {
        case .cannotConnect, .tls, .transfer, .invalidRequest: .unreachable
        case .timeout: .timeout
        case .tooLarge, .overBudget: .tooLarge
        case .cancelled: .cancelled
        }
    }
}

extension TempoError: SourceFailureKind {
    public var failureKind: SourceFailure.Kind {
        switch self {
        case .notFound: .notFound
        case .badRequest: .badQuery
        case .tenantRequired, .unauthorized: .unauthorized
        case .traceTooLarge: .tooLarge
        case .unexpectedStatus: .httpStatus
        case .invalidResponse: .unreadable
        case .transport(let error): error.failureKind
        }
    }
}

extension PrometheusClientError: SourceFailureKind {
    public var failureKind: SourceFailure.Kind {
        switch self {
        case .transport(let error): error.failureKind
        case .everyQueryFailed(_, let first): first.failureKind
        case .response(_, let error):
            switch error {
            case .server(let status, _, _), .notJSON(let status, _), .unexpectedShape(let status, _):
                switch status {
                case 200..<300: .unreadable
                case 400, 422: .badQuery
                case 401, 403: .unauthorized
                default: .httpStatus
                }
            }
        }
    }
}
