import Foundation
import PipelineTestSupport
import Testing

/// Workflow files that are not UTF-8 text, or far too large: refused with `path:line:col`, and
/// never decoded lossily or read whole.
@Suite("Hostile workflow files on disk")
struct HostileFileTests {
    let valid = try? String(
        contentsOf: CommandRunner.packageRoot.appendingPathComponent("workflows/quick-wins.yml"), encoding: .utf8)

    /// Writes `bytes` to a file and runs `pipeline validate` on it.
    func validate(_ bytes: [UInt8]) async throws -> (file: String, result: CommandResult) {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("hostile.yml").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        return (file, try await CommandRunner.run(["validate", file]))
    }

    /// The valid file with `bytes` put in place of the text at line 3, column 7.
    func validFile(with bytes: [UInt8]) throws -> [UInt8] {
        let lines = try #require(valid).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { result.append(10) }
            if index == 2 {
                result += Array(line.utf8.prefix(6)) + bytes + Array(line.utf8.dropFirst(6))
            } else {
                result += Array(line.utf8)
            }
        }
        return result
    }

    @Test(
        "invalid UTF-8, UTF-16 and NUL bytes are errors at path:line:col",
        arguments: [
            ([0xC3, 0x28] as [UInt8], "3:7: error: the file is not valid UTF-8 here"),
            ([0xFF], "3:7: error: the file is not valid UTF-8 here"),
            ([0xED, 0xA0, 0x80], "3:7: error: the file is not valid UTF-8 here"),  // a UTF-16 surrogate
            ([0x00], "3:7: error: the file holds a NUL byte"),
        ])
    func notUTF8(bytes: [UInt8], expected: String) async throws {
        let (file, result) = try await validate(try validFile(with: bytes))
        #expect(result.status == 1)
        #expect(result.errors.contains("\(file):\(expected)"), "\(result.errors)")
        #expect(!result.output.contains("valid: quick-wins"))
    }

    @Test("a UTF-16 file, with or without a byte-order mark, is refused")
    func utf16() async throws {
        let text = try #require(valid)
        let littleEndian = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let withMark = try await validate([0xFF, 0xFE] + littleEndian)
        #expect(withMark.result.status == 1)
        #expect(withMark.result.errors.contains("\(withMark.file):1:1: error: the file is UTF-16, not UTF-8"))
        let withoutMark = try await validate(littleEndian)
        #expect(withoutMark.result.status == 1)
        #expect(withoutMark.result.errors.contains("\(withoutMark.file):1:2: error: the file holds a NUL byte"))
    }

    @Test("a UTF-8 byte-order mark is accepted")
    func utf8Mark() async throws {
        let (_, result) = try await validate([0xEF, 0xBB, 0xBF] + Array(try #require(valid).utf8))
        #expect(result.status == 0, "\(result.errors)")
    }

    @Test("a 50 MB file is refused from its size, without being read")
    func hugeFile() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.yml").path
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        // A sparse file: 50 MB long, none of it written, so only a reader that reads it pays.
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.truncate(atOffset: 50_000_000)
        try handle.close()
        let result = try await CommandRunner.run(["validate", file])
        #expect(result.status == 1)
        #expect(result.errors.contains("\(file):1:1: error: workflow file is larger than 1 MiB (50000000 bytes)"))
    }

    @Test("a folder entry that is not a regular file is a usage error, not a hang")
    func notRegular() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.yml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try await CommandRunner.run(["validate", fifo])
        #expect(result.status == 2)
        #expect(result.errors.contains("not a regular file: \(fifo)"))
    }
}
