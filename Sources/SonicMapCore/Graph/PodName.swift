/// Kubernetes pod names, as SuperSONIC's services are named.
///
/// A Deployment's pod is `<deployment>-<replicaset hash>-<5 character suffix>`,
/// for example `supersonic-triton-74c49fcf8-rxzpm`.
public struct PodName: Equatable, Sendable {
    public var deployment: String
    public var replicaSetHash: String?
    public var suffix: String?

    /// Splits `name`; names that do not look like Deployment pods stay whole.
    public init(_ name: String) {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 3, PodName.isSuffix(parts[parts.count - 1]), PodName.isHash(parts[parts.count - 2]) {
            deployment = parts.dropLast(2).joined(separator: "-")
            replicaSetHash = parts[parts.count - 2]
            suffix = parts[parts.count - 1]
        } else if parts.count >= 2, PodName.isSuffix(parts[parts.count - 1]), parts[parts.count - 1].count == 5 {
            // StatefulSet-less bare pods and DaemonSets: `<name>-<suffix>`.
            deployment = parts.dropLast().joined(separator: "-")
            replicaSetHash = nil
            suffix = parts[parts.count - 1]
        } else {
            deployment = name
            replicaSetHash = nil
            suffix = nil
        }
    }

    /// A short label: the last word of the deployment plus the pod suffix
    /// (`triton-rxzpm`), or the name itself.
    public var short: String {
        guard let suffix else { return deployment }
        let last = deployment.split(separator: "-").last.map(String.init) ?? deployment
        return "\(last)-\(suffix)"
    }

    private static let suffixAlphabet = Set("bcdfghjklmnpqrstvwxz2456789")

    private static func isSuffix(_ s: String) -> Bool {
        s.count == 5 && s.allSatisfy { suffixAlphabet.contains($0) }
    }

    private static func isHash(_ s: String) -> Bool {
        (6...10).contains(s.count) && s.allSatisfy { suffixAlphabet.contains($0) }
    }
}
