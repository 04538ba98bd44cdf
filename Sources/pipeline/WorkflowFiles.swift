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

    /// The workflows that `sources` may name without being checked themselves: the other files
    /// of their folders and of `workflows/` (an implementation workflow beside a file that
    /// names it under `adoption:`). Unreadable ones are left out.
    static func context(for sources: [WorkflowSource]) -> [WorkflowSource] {
        let given = Set(sources.map { URL(fileURLWithPath: $0.path).standardizedFileURL.path })
        var folders = sources.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path }
        folders.append("workflows")
        var seen = given
        var context: [WorkflowSource] = []
        for folder in folders {
            for file in (try? files(inFolder: folder)) ?? [] {
                guard seen.insert(URL(fileURLWithPath: file).standardizedFileURL.path).inserted,
                    let source = try? read(file)
                else { continue }
                context.append(source)
            }
        }
        return context
    }

    static func files(inFolder folder: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw UsageError("cannot read folder \(folder)")
        }
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        return names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".") }
            .sorted().map { "\(base)/\($0)" }
    }

    /// Reads one file: its size is checked before a byte is read (a huge file is refused at
    /// once), and only regular files are read (a FIFO or a device could block or never end).
    private static func read(_ path: String) throws -> WorkflowSource {
        switch try bytes(of: path, limit: WorkflowSource.maximumBytes) {
        case .tooLarge(let size): return .tooLarge(path: path, byteCount: size)
        case .read(let data): return WorkflowSource(path: path, bytes: data)
        }
    }

    enum Contents {
        case tooLarge(Int)
        case read(Data)
    }

    /// The bytes of a regular file of at most `limit` bytes; a larger one is refused from its size.
    static func bytes(of path: String, limit: Int) throws -> Contents {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw UsageError("cannot read file \(path)")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw UsageError("not a regular file: \(path)")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > limit { return .tooLarge(size) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw UsageError("cannot read file \(path)") }
        defer { try? handle.close() }
        // At most one byte more than the limit: a file that grew meanwhile is still refused.
        return .read((try? handle.read(upToCount: limit + 1)) ?? Data())
    }
}

/// A usage problem: the message is printed and the exit status is 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
