import SonicMapCore
import SonicMapSources

extension EffectiveConfig {
    /// The Tempo + Prometheus source of this configuration, as `live` and `export` use it.
    /// - Parameters:
    ///   - noSource: the advice when no endpoint is configured at all.
    ///   - traceQuery: TraceQL for the requests fetched from Tempo (`live --trace-query`).
    func liveSource(noSource: String, traceQuery: String? = nil) throws -> LiveSource {
        guard tempo != nil || prometheus != nil else { throw CommandFailure.usage(noSource) }
        do {
            return try LiveSource(
                tempo: tempo, prometheus: prometheus,
                options: .init(traceQuery: traceQuery ?? LiveSource.Options.inferRequestQuery,
                               serviceGraphFilter: prometheusFilter?.value ?? LabelSelector(),
                               supersonicSelector: supersonicSelector?.value ?? LabelSelector()))
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
    }

    /// The endpoints as a snapshot records them (without credentials).
    var snapshotSources: SnapshotSources {
        SnapshotSources(tempo: tempo?.baseURL, prometheus: prometheus?.baseURL)
    }
}
