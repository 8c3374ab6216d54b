import SonicMapCore
import SonicMapUI

/// Turns an export job into the bytes of its format: one snapshot, six formats.
public enum SnapshotExporter {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case traceNeeded
        case traceMissing(TraceID)

        public var description: String {
            switch self {
            case .traceNeeded: "otlp exports one trace: give --trace ID (or open a trace's timeline)"
            case .traceMissing(let id): "trace \(id.hex) is not in the snapshot"
            }
        }
    }

    public static func encode(_ job: ExportJob, theme: Theme) throws(Failure) -> [UInt8] {
        switch job.format {
        case .json: return Array(SnapshotJSONWriter.write(job.snapshot).utf8)
        case .dot: return Array(DOTExporter.write(job.snapshot, labels: SnapshotLabels(thresholds: job.thresholds)).utf8)
        case .mermaid: return Array(MermaidExporter.write(job.snapshot, labels: SnapshotLabels(thresholds: job.thresholds)).utf8)
        case .svg: return Array(SVGRenderer.render(job.picture, theme: theme, title: "sonicmap · \(job.snapshot.meta.createdAt)").utf8)
        case .text: return Array(TextRenderer.plain(job.picture).utf8)
        case .otlp:
            guard let id = job.traceID else { throw .traceNeeded }
            guard let trace = job.snapshot.traces.first(where: { $0.traceID == id }) else { throw .traceMissing(id) }
            return TraceEncoder.otlpJSON(trace) + Array("\n".utf8)
        }
    }
}
