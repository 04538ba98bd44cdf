import Foundation

/// Wakes the sleeping mail loop: a command committed notifications, so look now rather than at
/// the next tick. A signal that arrives while nobody waits is kept, so the next wait returns at
/// once. (The webhook loops have the same; each module keeps its own.)
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    func signal() {
        lock.lock()
        let waiter = self.waiter
        self.waiter = nil
        if waiter == nil { pending = true }
        lock.unlock()
        waiter?.resume()
    }

    /// Returns when signalled, after `timeout`, or once the task is cancelled.
    func wait(upTo timeout: Duration) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if pending || Task.isCancelled {
                    pending = false
                    lock.unlock()
                    continuation.resume()
                    return
                }
                waiter = continuation
                lock.unlock()
                // A late timer only leaves a spare signal behind: one extra look for work.
                let milliseconds = Int(
                    timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(max(milliseconds, 1))) {
                    self.signal()
                }
            }
        } onCancel: {
            signal()
        }
    }
}
