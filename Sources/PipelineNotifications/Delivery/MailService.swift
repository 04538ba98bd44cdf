import Foundation
import Logging
import PipelineMail
import PipelineStore
import ServiceLifecycle

/// Sends the notifications' mail while the server runs: a ``MailDelivery`` round every second,
/// at once when ``wake()`` is called (a command committed notifications), and round after round
/// while the rounds find full batches. `rounds` loops do this side by side (two by default), so
/// that one sends while the other claims, composes or records. It only reads the queue that
/// commands write to, so it never holds a command up.
///
/// On graceful shutdown it claims nothing more and lets the round in progress finish: messages
/// in flight get their answers and are recorded. After `drainTimeout` it stops waiting: the
/// answers that came back are recorded, and the notifications still unanswered keep their claim
/// until the lease ends, when the next server sends them (again, if the answer was only lost).
///
/// ```swift
/// let mail = MailService(delivery: delivery, logger: logger)
/// try await PipelineServer.run(..., services: [pool, mail], didCommit: mail.wake)
/// ```
public final class MailService: Service, Sendable {
    public let delivery: MailDelivery
    private let interval: Duration
    private let drainTimeout: Duration
    private let logger: Logger
    /// One for each loop.
    private let signals: [WakeSignal]
    private let stopWaiting = StopWaiting()

    public init(
        delivery: MailDelivery, rounds: Int = 2, interval: Duration = .seconds(1),
        drainTimeout: Duration = .seconds(2), logger: Logger = Logger(label: "pipeline.mail")
    ) {
        self.delivery = delivery
        self.interval = interval
        self.drainTimeout = drainTimeout
        self.logger = logger
        signals = (0..<max(rounds, 1)).map { _ in WakeSignal() }
    }

    /// Look for due mail now.
    public func wake() {
        for signal in signals { signal.signal() }
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await cancelWhenGracefulShutdown {
                    await withTaskGroup(of: Void.self) { loops in
                        for signal in self.signals {
                            loops.addTask { await self.deliverContinuously(woken: signal) }
                        }
                    }
                }
            }
            group.addTask {
                // Graceful shutdown began: the round in progress may take `drainTimeout`, no more.
                guard (try? await gracefulShutdown()) != nil,
                    (try? await Task.sleep(for: self.drainTimeout)) != nil
                else { return }
                self.stopWaiting.stop()
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func deliverContinuously(woken signal: WakeSignal) async {
        while !Task.isCancelled {
            var more = false
            do {
                let report = try await delivery.deliverDue(stopWaiting: stopWaiting)
                log(report)
                more = report.claimed >= delivery.configuration.batchSize
            } catch {
                if Task.isCancelled { return }
                logger.warning("mail could not be claimed or recorded", metadata: ["error": "\(error)"])
            }
            if !more { await signal.wait(upTo: interval) }
        }
    }

    private func log(_ report: MailDelivery.Report) {
        guard report.claimed > 0 else { return }
        logger.info(
            "mail",
            metadata: [
                "messages": "\(report.messages)", "sent": "\(report.sent)", "retried": "\(report.retried)",
                "failed": "\(report.failed)", "unanswered": "\(report.unanswered)",
            ])
        for failure in report.failures {
            logger.warning(
                "mail failed for good",
                metadata: [
                    "notification": "\(failure.notificationID)", "to": "\(failure.email)",
                    "reason": "\(failure.reason)",
                ])
        }
    }
}
