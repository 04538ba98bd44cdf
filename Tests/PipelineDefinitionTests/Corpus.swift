import Foundation

/// The files under `Tests/PipelineDefinitionTests/Corpus` and the bundled `workflows/`.
enum Corpus {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let workflowsFolder = packageRoot.appendingPathComponent("workflows")

    static func files(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    static var invalidFiles: [URL] { files(in: testsFolder.appendingPathComponent("Corpus/invalid")) }
    static var bundledWorkflows: [URL] { files(in: workflowsFolder) }

    static func text(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// The `# expect: LINE:COLUMN: message` lines of a corpus file, in file order.
    static func expectations(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            line.hasPrefix("# expect: ") ? String(line.dropFirst("# expect: ".count)) : nil
        }
    }
}
