import Foundation

/// The test payloads in `Tests/Fixtures/`, found from this file's own path, so every
/// test target reads them the same way whatever the working directory.
/// `Tests/Fixtures/README.md` says where each file came from.
public enum Fixtures {
    /// `Tests/` of the checkout these tests were built from.
    public static let testsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The root of that checkout (for `themes/` and `README.md`).
    public static let repository = testsDirectory.deletingLastPathComponent()

    /// `Tests/Fixtures/` of the checkout these tests were built from.
    public static let directory = testsDirectory.appendingPathComponent("Fixtures", isDirectory: true)

    /// A fixture file or folder missing from `Tests/Fixtures/`.
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "test fixture missing: \(path) (fixtures live in Tests/Fixtures/ of the repository; see its README.md)"
        }
    }

    /// The location of `relativePath` under `Tests/Fixtures/`, which must exist.
    public static func url(_ relativePath: String) throws -> URL {
        let url = directory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return url
    }

    /// The bytes of `relativePath` under `Tests/Fixtures/`.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The text of `relativePath`, without surrounding whitespace.
    public static func text(_ relativePath: String) throws -> String {
        String(decoding: try data(relativePath), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The files in the fixture folder `folder` whose names end with `suffix`, sorted,
    /// as paths relative to `Tests/Fixtures/`.
    public static func files(in folder: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
            .filter { $0.hasSuffix(suffix) }.sorted().map { "\(folder)/\($0)" }
    }
}
