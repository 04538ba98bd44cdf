import Foundation
import Logging
import PipelineStore
import ServiceLifecycle

/// Fires due timers (SLA reminders, escalations and holds, review dates, overdue conditions)
/// every `interval` until graceful shutdown: one `TimerRunner` round with the wall clock's `now`,
/// then a pause. A server that was down fires on start what became due meanwhile; instances
/// share the work through the store's leased claims.
struct TimerService: Service {
    let runner: TimerRunner
    let clock: any WallClock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let report = try await runner.fireDue(now: clock.now())
                    if report != TimerRunner.Report() {
                        logger.info(
                            "timers",
                            metadata: [
                                "fired": "\(report.fired)", "skipped": "\(report.skipped)",
                                "failed": "\(report.failed)",
                            ])
                    }
                } catch {
                    logger.warning("timers could not be claimed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
