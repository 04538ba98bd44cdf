import Foundation

/// Runs `body`, which blocks (it waits for a child process, a socket or a sleep), on a thread of
/// its own and awaits the result there. Swift's cooperative pool has one thread per core, two in
/// CI, and the whole test run shares them: every test, every in-process server and every HTTP
/// client in it. A test that blocks one of those threads for seconds stalls all the others until
/// their own timeouts fire, so blocking work never runs on them.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
