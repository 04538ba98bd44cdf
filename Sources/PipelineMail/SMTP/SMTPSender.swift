/// Sends messages to one SMTP server over libcurl, many side by side on a few connections.
///
/// ```swift
/// let sender = SMTPSender(configuration: smtp)
/// let results = await sender.send([welcome, reminder])
/// for result in results where result.shouldRetry { /* keep it in the outbox */ }
/// ```
///
/// Each message goes to its `to` address; the envelope sender is the configuration's `from`.
/// libcurl works on a thread of the sender's own, never on Swift's cooperative pool. A message
/// that has started is not stopped by cancelling the task that waits for it.
///
/// libcurl counts a message's time limit from when it is handed in, waiting for one of the
/// `maximumConnections` included: hand over batches of a few times that many, not a whole outbox.
///
/// libcurl waits for the server's answer to the end of each message without returning to the
/// loop (its SMTP "done" phase blocks), so while one message waits for that answer the others do
/// not move, and ``shutdown()`` cannot cut that wait short: it ends with the answer or the time
/// limit. A caller that must stop sooner stops waiting (see ``start(_:completion:)``).
public final class SMTPSender: Sendable {
    public let configuration: SMTPConfiguration
    private let loop: SMTPTransferLoop

    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
        loop = SMTPTransferLoop(configuration: configuration)
    }

    /// Sends one message and returns what became of it.
    public func send(_ message: MailMessage) async -> MailResult {
        await withCheckedContinuation { continuation in
            loop.start(SMTPTransfer(message) { continuation.resume(returning: $0) })
        }
    }

    /// Starts sending one message; `completion` gets the result on the sender's thread (keep it
    /// short). For callers that may stop waiting before every answer is back.
    public func start(_ message: MailMessage, completion: @escaping @Sendable (MailResult) -> Void) {
        loop.start(SMTPTransfer(message, completion: completion))
    }

    /// Sends every message, side by side, and returns the results in the same order.
    public func send(_ messages: [MailMessage]) async -> [MailResult] {
        await withTaskGroup(of: (Int, MailResult).self) { group in
            for (index, message) in messages.enumerated() {
                group.addTask { (index, await self.send(message)) }
            }
            var results = [MailResult?](repeating: nil, count: messages.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0 ?? SMTPTransferLoop.shuttingDown }
        }
    }

    /// Refuses new messages from now on; those in flight end as transient failures.
    public func shutdown() { loop.shutdown() }
}
