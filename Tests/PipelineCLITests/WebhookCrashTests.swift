import Foundation
import PipelineTestSupport
import Testing

/// A minimal HTTP receiver on 127.0.0.1 in the test process (a real socket, no framework):
/// records each request's body and answers 204.
final class RawReceiver: @unchecked Sendable {
    let port: Int
    private let socket: Int32
    private let lock = NSLock()
    private var bodies: [String] = []
    /// Called on the receiving thread with the number of requests so far, before the answer.
    private var onRequest: (@Sendable (Int) -> Void)?

    func whenRequest(_ action: @escaping @Sendable (Int) -> Void) { lock.withLock { onRequest = action } }

    init() throws {
        let listener = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(listener, 64)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        socket = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var received: [String] { lock.withLock { bodies } }

    /// The `data.sequence` of each webhook message received, by record (`data.implementation` for
    /// an implementation's events, whose `data.idea` is the adopted idea; else `data.idea`), in
    /// arrival order.
    var sequencesByIdea: [String: [Int]] {
        var sequences: [String: [Int]] = [:]
        for body in received {
            guard let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let data = json["data"] as? [String: Any],
                let record = data["implementation"] as? String ?? data["idea"] as? String,
                let sequence = data["sequence"] as? Int
            else { continue }
            sequences[record, default: []].append(sequence)
        }
        return sequences
    }

    /// How many distinct events arrived (duplicates counted once).
    var distinctEvents: Int { sequencesByIdea.values.map { Set($0).count }.reduce(0, +) }

    private func acceptLoop() {
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 { return }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    /// HTTP/1.1 with keep-alive: reads requests with a Content-Length body, one after another.
    private func serve(_ client: Int32) {
        defer { close(client) }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            while let end = headerEnd(buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n").compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        return parts.count == 2 && parts[0].lowercased() == "content-length"
                            ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
                    }.first ?? 0
                guard buffer.count >= end + 4 + length else { break }
                let body = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                buffer.removeFirst(end + 4 + length)
                let (count, action) = lock.withLock { () -> (Int, (@Sendable (Int) -> Void)?) in
                    bodies.append(body)
                    return (bodies.count, onRequest)
                }
                action?(count)
                let reply = Array("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n".utf8)
                _ = reply.withUnsafeBytes { write(client, $0.baseAddress, reply.count) }
            }
            let count = read(client, &chunk, chunk.count)
            if count <= 0 { return }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    private func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

@Suite("Webhooks survive a crash")
struct WebhookCrashTests {
    @Test("SIGKILL during a delivery burst, then a restart: every event delivered at least once, in order per idea")
    func killDuringDeliveries() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("p.sqlite").path
        let receiver = try RawReceiver()
        let created = try await CommandRunner.run([
            "webhooks", "create", "--url", "http://127.0.0.1:\(receiver.port)/hook", "--webhook-allow-network",
            "127.0.0.0/8", "--database", database,
        ])
        #expect(created.status == 0, "\(created.errors)")
        let demo = try await CommandRunner.run(["demo", "--database", database])
        #expect(demo.status == 0, "\(demo.errors)")
        let demoEvents = try await StoredEvents.count(database)
        #expect(demoEvents == CommandRunner.demoEvents(demo), "the demo's events: every one matches the subscription")

        func startServer() throws -> Process {
            let process = Process()
            process.executableURL = CommandRunner.executable
            process.arguments = [
                "serve", "--database", database, "--port", String(Int.random(in: 20_000..<32_000)),
                "--webhook-allow-network", "127.0.0.0/8",
            ]
            process.currentDirectoryURL = CommandRunner.packageRoot
            var environment = ProcessInfo.processInfo.environment
            environment["PIPELINE_WEBHOOK_LEASE_SECONDS"] = "1"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        let first = try startServer()
        // The receiver kills the server when the 20th message arrives, before answering it: the
        // kill lands mid-burst whatever the machine's speed.
        let pid = first.processIdentifier
        receiver.whenRequest { count in if count == 20 { kill(pid, SIGKILL) } }
        let deadline = Date().addingTimeInterval(60)
        while first.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        first.waitUntilExit()
        receiver.whenRequest { _ in }
        let beforeRestart = receiver.received.count
        #expect(beforeRestart >= 20)
        #expect(beforeRestart < demoEvents, "the server must be killed in the middle of the burst")

        let second = try startServer()
        defer {
            second.terminate()
            second.waitUntilExit()
        }
        let expected = try await StoredEvents.waitUntilReceived(database, seconds: 90) { receiver.distinctEvents }
        let sequences = receiver.sequencesByIdea
        let records = try await StoredEvents.records(database)
        #expect(sequences.count == records, "a history of every idea and implementation")
        #expect(receiver.distinctEvents == expected, "every event at least once")
        for (idea, received) in sequences {
            // Duplicates may repeat an attempt that was in flight, never skip ahead.
            var highest = 0
            for sequence in received {
                #expect(sequence <= highest + 1, "\(idea) received \(received)")
                highest = max(highest, sequence)
            }
        }
    }
}
