import Foundation

/// Where the package's files are, for tests that read the bundled workflows, the OpenAPI
/// document or the built executables.
public enum TestPaths {
    /// The package's root folder (the one with Package.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public static let workflows = packageRoot.appendingPathComponent("workflows")

    /// A built executable of this package (`pipeline`, `pipeline-bench`): the one beside the
    /// test bundle in the build folder, so that tests run what this build made.
    public static func executable(_ name: String) -> URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/\(name)")
    }
}

/// A new folder under the system's temporary folder, removed by `remove()`.
public struct TemporaryFolder: Sendable {
    public let url: URL

    /// Creates `pipeline-<label>-<uuid>`.
    public init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}
