import Foundation
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// A process killed with SIGKILL in the middle of a burst of commands loses nothing it
/// acknowledged, and leaves a consistent database.
@Suite("Crash safety")
struct CrashTests {
    static let packageRoot = TestPaths.packageRoot

    /// The harness is built beside the test bundle.
    static var harness: URL { TestPaths.executable("pipeline-bench") }

    @Test("SIGKILL during a burst: every acknowledged command is there after restart")
    func killDuringBurst() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeline-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("pipeline.sqlite").path

        for round in 0..<3 {
            let (acknowledged, lines, killed) = try await onOwnThread {
                try CrashTests.runAndKill(database: database, afterAcknowledgements: 150 + round * 100)
            }
            #expect(killed, "the harness must have been killed, not have ended")
            #expect(lines >= 150, "the burst acknowledged too little to test anything")
            #expect(acknowledged.count == 8)

            let store = try SQLiteStore(path: database)
            #expect(try await store.integrityProblems() == [])
            for (idea, version) in acknowledged {
                let stored = try await store.idea(idea)
                #expect((stored?.version ?? 0) >= version, "idea \(idea) acknowledged at version \(version)")
                let history = try await store.history(of: idea)
                #expect(history.map(\.sequence) == Array(1...max(1, history.count)), "history of \(idea) has a gap")
                #expect(history.count == stored?.version)
            }
            try await store.close()
        }
    }

    /// Starts the harness, reads acknowledgements until `count`, then kills it with SIGKILL; says
    /// whether the kill ended it. It blocks: run it with `onOwnThread`.
    private static func runAndKill(database: String, afterAcknowledgements count: Int) throws -> (
        [String: Int], Int, Bool
    ) {
        let process = Process()
        process.executableURL = CrashTests.harness
        process.arguments = [
            "burst", "--database", database, "--workflows",
            CrashTests.packageRoot.appendingPathComponent("workflows").path,
            "--clients", "8",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        var acknowledged: [String: Int] = [:]
        var buffer = Data()
        var lines = 0
        let reader = output.fileHandleForReading
        while lines < count {
            let chunk = reader.availableData
            if chunk.isEmpty { break }  // the harness ended on its own
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                let parts = line.split(separator: " ")
                if parts.count == 3, parts[0] == "ack", let version = Int(parts[2]) {
                    acknowledged[String(parts[1])] = max(acknowledged[String(parts[1])] ?? 0, version)
                    lines += 1
                }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // What was printed before the kill but not yet read is acknowledged too.
        buffer.append(reader.readDataToEndOfFile())
        for line in String(decoding: buffer, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3, parts[0] == "ack", let version = Int(parts[2]) {
                acknowledged[String(parts[1])] = max(acknowledged[String(parts[1])] ?? 0, version)
                lines += 1
            }
        }
        return (acknowledged, lines, process.terminationReason == .uncaughtSignal)
    }
}
