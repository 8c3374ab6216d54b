import SonicMapCore

/// A snapshot export the user asked for, carried out off the UI thread by whoever runs
/// the app (`AppCommand.export`).
public struct ExportJob: Equatable, Sendable {
    public var snapshot: Snapshot
    public var format: ExportFormat
    public var path: String
    /// Overwrite an existing file.
    public var force: Bool
    /// The screen as it looked, for `text` and `svg`.
    public var picture: Canvas
    public var themeName: String
    /// The trace for `otlp`.
    public var traceID: TraceID?
    /// Health colours of the DOT and Mermaid exports, as on the map.
    public var thresholds: HealthThresholds

    public init(
        snapshot: Snapshot, format: ExportFormat, path: String, force: Bool, picture: Canvas, themeName: String, traceID: TraceID? = nil,
        thresholds: HealthThresholds = .standard
    ) {
        self.thresholds = thresholds
        self.snapshot = snapshot
        self.format = format
        self.path = path
        self.force = force
        self.picture = picture
        self.themeName = themeName
        self.traceID = traceID
    }
}

/// How an export ended.
public enum ExportOutcome: Equatable, Sendable {
    case written(path: String, bytes: Int)
    /// The file exists and the job did not say to overwrite it: ask the user.
    case exists(ExportJob)
    case failed(String)
}

/// The `e` prompt: `<format> <path>`, Tab cycling the format.
public enum ExportPrompt {
    /// The prompt's first text: the snapshot as JSON at the default path.
    public static func initialText(format: ExportFormat = .json, now: Double) -> String {
        format.rawValue + " " + format.defaultPath(unixSeconds: now)
    }

    /// The next format, with a default-looking path's extension following it.
    public static func cycleFormat(_ text: String, backwards: Bool) -> String {
        let (format, path) = parse(text)
        let all = ExportFormat.allCases
        let i = all.firstIndex(of: format ?? .json) ?? 0
        let next = all[(i + (backwards ? all.count - 1 : 1)) % all.count]
        var newPath = path
        if let f = format, path.hasSuffix("." + f.fileExtension), path.hasPrefix("./sonicmap-") {
            newPath = String(path.dropLast(f.fileExtension.count)) + next.fileExtension
        }
        return next.rawValue + " " + newPath
    }

    /// `json ./x.json` → (.json, "./x.json"). A bare path takes its format from the extension.
    public static func parse(_ text: String) -> (format: ExportFormat?, path: String) {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = words.first else { return (nil, "") }
        if let f = ExportFormat(rawValue: first.lowercased()) { return (f, words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : "") }
        return (ExportFormat(path: text), text.trimmingCharacters(in: .whitespaces))
    }
}

extension AppState {
    /// `e`: asks for the format and path of a snapshot export.
    mutating func startExport() {
        let format: ExportFormat = mode == .timeline ? .otlp : .json
        chrome.input = TextInput(purpose: .export, text: ExportPrompt.initialText(format: format, now: now))
    }

    /// Enter on the export prompt: the job to run, or a message saying what is wrong.
    mutating func confirmExport(_ text: String) -> [AppCommand] {
        let (format, rawPath) = ExportPrompt.parse(text)
        guard let format else {
            chrome.message = "export formats: " + ExportFormat.allCases.map(\.rawValue).joined(separator: ", ") + " (Tab cycles)"
            return []
        }
        let path = rawPath.isEmpty ? format.defaultPath(unixSeconds: now) : rawPath
        var traceID: TraceID?
        if format == .otlp {
            guard let t = timeline?.shared.tree.trace ?? feed.openedTraces.last else {
                chrome.message = "otlp exports one trace: open a trace's timeline first"
                return []
            }
            traceID = t.traceID
        }
        var shown = self
        shown.chrome.input = nil
        shown.chrome.message = nil
        shown.chrome.showHelp = false
        let job = ExportJob(
            snapshot: snapshot(createdAt: now), format: format, path: path, force: false, picture: shown.render(),
            themeName: settings.themeName, traceID: traceID, thresholds: settings.health)
        chrome.message = "exporting \(format.rawValue) to \(path)…"
        return [.export(job)]
    }

    /// The end of an export: say where it went, or ask before overwriting.
    mutating func finishExport(_ outcome: ExportOutcome) {
        switch outcome {
        case .written(let path, let bytes):
            chrome.message = "wrote \(path) (\(Formatting.bytes(bytes)))"
        case .exists(let job):
            chrome.pendingExport = job
            chrome.input = TextInput(purpose: .confirm(question: "\(job.path) exists; overwrite?"))
        case .failed(let why):
            chrome.message = "export failed: " + why
        }
    }

    /// y/n on the overwrite question.
    mutating func answerOverwrite(_ yes: Bool) -> [AppCommand] {
        guard var job = chrome.pendingExport else { return [] }
        chrome.pendingExport = nil
        guard yes else {
            chrome.message = "not exported: \(job.path) kept"
            return []
        }
        job.force = true
        chrome.message = "exporting \(job.format.rawValue) to \(job.path)…"
        return [.export(job)]
    }
}
