import ArgumentParser
import Foundation
import PipelineDefinition

/// Finds and reads workflow files: the one place the CLI touches the file system for them.
enum WorkflowFiles {
    static let extensions: Set<String> = ["yml", "yaml"]

    /// The workflow files named by `paths`: files as given, folders searched for `*.yml` and `*.yaml`.
    static func sources(at paths: [String]) throws -> [WorkflowSource] {
        var sources: [WorkflowSource] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw UsageError("no such file or folder: \(path)")
            }
            let files = isFolder.boolValue ? try files(inFolder: path) : [path]
            if isFolder.boolValue && files.isEmpty {
                throw UsageError("no workflow files (*.yml, *.yaml) in \(path)")
            }
            for file in files { sources.append(try read(file)) }
        }
        return sources
    }

    private static func files(inFolder folder: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw UsageError("cannot read folder \(folder)")
        }
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        return names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".") }
            .sorted().map { "\(base)/\($0)" }
    }

    private static func read(_ path: String) throws -> WorkflowSource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read file \(path)")
        }
        // Invalid UTF-8 is shown as U+FFFD; the YAML reader then points at it.
        return WorkflowSource(path: path, text: String(decoding: data, as: UTF8.self))
    }
}

/// A usage problem: the message is printed and the exit status is 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
