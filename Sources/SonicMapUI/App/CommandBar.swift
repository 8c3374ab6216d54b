import SonicMapCore

/// The `:` command bar: parsing, completion and the commands it knows.
public enum CommandBar {
    /// The verbs completion offers.
    public static var commands: [String] { CommandVerb.allCases.map(\.rawValue) }

    /// Completes the command word (or a grouping name after `group`).
    public static func complete(_ text: String) -> String {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 {
            let matches = commands.filter { $0.hasPrefix(text) }
            return matches.count == 1 ? matches[0] + " " : commonPrefix(matches, fallback: text)
        }
        if parts[0] == "theme" {
            let matches = ThemeLoader.shipped.filter { $0.hasPrefix(parts[1]) }
            return matches.count == 1 ? "theme " + matches[0] : text
        }
        if parts[0] == "group" {
            let matches = Grouping.allCases.map(\.rawValue).filter { $0.hasPrefix(parts[1]) }
            return matches.count == 1 ? "group " + matches[0] : text
        }
        return text
    }

    private static func commonPrefix(_ words: [String], fallback: String) -> String {
        guard var prefix = words.first else { return fallback }
        for w in words.dropFirst() { while !w.hasPrefix(prefix) { prefix.removeLast() } }
        return prefix.count > fallback.count ? prefix : fallback
    }
}

extension AppState {
    /// Runs one `:` command; problems go to the status line as a message.
    mutating func run(command text: String) -> [AppCommand] {
        let words = text.split(separator: " ").map(String.init)
        guard let word = words.first else { return [] }
        let arg = words.dropFirst().joined(separator: " ")
        guard let verb = CommandVerb(rawValue: word) else {
            chrome.message = "unknown command :\(word) (try " + CommandVerb.shown.map { ":" + $0.rawValue }.joined(separator: ", ") + ")"
            return []
        }
        switch verb {
        case .q, .quit:
            return [.quit(exitCode: 0)]
        case .window, .refresh:
            let verb = verb.rawValue
            if refuseOffline(":" + verb) { return [] }
            guard let seconds = Formatting.parseInterval(arg), seconds >= (verb == "window" ? 10 : 1) else {
                chrome.message = "\(verb) needs a duration, like :\(verb) \(verb == "window" ? "15m" : "10s")"
                return []
            }
            if verb == "window" { settings.windowSeconds = seconds } else { settings.refreshSeconds = seconds }
            feed.history.resize(windowSeconds: settings.windowSeconds, refreshSeconds: settings.refreshSeconds)
            chrome.message = "\(verb) \(Formatting.interval(seconds: seconds))"
            return verb == "window" ? [.setWindow(seconds: seconds)] + compareAgain() : [.setRefresh(seconds: seconds)]
        case .at:
            return look(atText: arg)
        case .live:
            return look(at: nil)
        case .compare:
            return compare(text: arg)
        case .group:
            if refuseOffline("regrouping") { return [] }
            guard let g = Grouping(rawValue: arg) else {
                chrome.message = "group by pod, deployment or role"
                return []
            }
            regroup(by: g)
        case .theme:
            guard settings.availableThemes.contains(arg) else {
                chrome.message = "themes: " + settings.availableThemes.joined(separator: ", ")
                return []
            }
            settings.themeName = arg
            chrome.message = "theme \(arg)"
        case .trace:
            guard let id = TraceID(hex: arg) else {
                chrome.message = "trace needs an id of 1–32 hex digits, like :trace 5b8efff798038103d269b633813fc60c"
                return []
            }
            return openTrace(id)
        case .traces:
            return listEveryTrace()
        case .table:
            mode = .table
        case .map:
            mode = .map
        case .help:
            chrome.showHelp = true
        }
        return []
    }
}
