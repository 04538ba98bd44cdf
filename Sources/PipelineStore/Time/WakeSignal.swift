import Foundation

/// Wakes a sleeping loop (the webhook delivery loops, the mail service): a commit, or a transfer
/// that finished, should be acted on at once rather than on the next poll tick. A signal that
/// arrives while nobody waits is kept, so the next wait returns immediately.
public final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    public init() {}

    public func signal() {
        lock.lock()
        let waiter = self.waiter
        self.waiter = nil
        if waiter == nil { pending = true }
        lock.unlock()
        waiter?.resume()
    }

    /// Returns when signalled, after `timeout`, or (when `cancellable`) once the task is cancelled.
    public func wait(upTo timeout: Duration, cancellable: Bool = true) async {
        guard cancellable else { return await sleep(upTo: timeout, cancellable: false) }
        await withTaskCancellationHandler {
            await sleep(upTo: timeout, cancellable: true)
        } onCancel: {
            signal()
        }
    }

    private func sleep(upTo timeout: Duration, cancellable: Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if pending || (cancellable && Task.isCancelled) {
                pending = false
                lock.unlock()
                continuation.resume()
                return
            }
            waiter = continuation
            lock.unlock()
            // A late timer only leaves a spare signal behind: one extra look for work.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Self.milliseconds(timeout))) {
                self.signal()
            }
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(Int(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000), 1)
    }
}
