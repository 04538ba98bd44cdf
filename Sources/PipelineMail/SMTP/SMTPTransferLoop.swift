import CCurl
import Foundation

/// A libcurl multi handle driven by a thread of its own, as the webhooks' `CurlMulti`: messages
/// are handed in at any time, start at once (`curl_multi_wakeup` interrupts `curl_multi_poll`),
/// share the server's connections (at most `maximumConnections`), and report as each finishes.
///
/// libcurl blocks, so it never runs on Swift's cooperative pool. The thread starts with the
/// first message and ends when none is left, so an idle sender holds no thread.
final class SMTPTransferLoop: @unchecked Sendable {
    private let configuration: SMTPConfiguration
    private let multi: UnsafeMutableRawPointer?
    private let lock = NSLock()
    // Guarded by `lock`.
    private var inbox: [SMTPTransfer] = []
    private var stopping = false
    private var running = false

    /// Whether `curl_global_init` succeeded; without it no handle is used.
    private static let initialised: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

    init(configuration: SMTPConfiguration) {
        self.configuration = configuration
        multi = Self.initialised ? curl_multi_init() : nil
        if let multi {
            _ = pipeline_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, configuration.maximumConnections)
            _ = pipeline_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maximumConnections)
        }
    }

    deinit {
        if let multi { curl_multi_cleanup(multi) }
    }

    /// Starts sending; the transfer's completion runs on the loop's thread.
    func start(_ transfer: SMTPTransfer) {
        guard let multi else {
            return transfer.completion(
                MailResult(outcome: .transientFailure, code: 0, reason: "libcurl could not start"))
        }
        lock.lock()
        if stopping {
            lock.unlock()
            return transfer.completion(Self.shuttingDown)
        }
        inbox.append(transfer)
        let startThread = !running
        running = true
        lock.unlock()
        if startThread {
            let thread = Thread { self.loop() }
            thread.name = "pipeline-mail"
            thread.start()
        } else {
            curl_multi_wakeup(multi)
        }
    }

    /// Refuses new messages; those in flight end as transient failures.
    func shutdown() {
        lock.lock()
        stopping = true
        lock.unlock()
        if let multi { curl_multi_wakeup(multi) }
    }

    static let shuttingDown = MailResult(
        outcome: .transientFailure, code: 0, reason: "not sent: the mail sender is shutting down")

    private func loop() {
        guard let multi else { return }
        var active: [UnsafeMutableRawPointer: SMTPTransfer] = [:]
        while true {
            lock.lock()
            let incoming = inbox
            inbox.removeAll()
            let stop = stopping
            if stop || (incoming.isEmpty && active.isEmpty) {
                // Ends under the lock: a message handed in after this starts a new thread.
                running = false
                lock.unlock()
                for transfer in incoming { transfer.completion(Self.shuttingDown) }
                for (handle, transfer) in active { finish(multi, handle, transfer, Self.shuttingDown) }
                return
            }
            lock.unlock()
            for transfer in incoming { add(multi, transfer, to: &active) }
            var runningTransfers: Int32 = 0
            _ = curl_multi_perform(multi, &runningTransfers)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                    let transfer = active.removeValue(forKey: handle)
                else { continue }
                finish(multi, handle, transfer, transfer.result(handle, code: message.pointee.data.result))
            }
            if active.isEmpty { continue }
            // Sleeps until a socket is ready, a second passes, or `start` wakes it.
            _ = curl_multi_poll(multi, nil, 0, 1_000, nil)
        }
    }

    private func add(
        _ multi: UnsafeMutableRawPointer, _ transfer: SMTPTransfer,
        to active: inout [UnsafeMutableRawPointer: SMTPTransfer]
    ) {
        guard let handle = curl_easy_init() else {
            return transfer.completion(
                MailResult(outcome: .transientFailure, code: 0, reason: "libcurl could not start"))
        }
        do {
            try transfer.prepare(handle, configuration)
        } catch {
            curl_easy_cleanup(handle)
            return transfer.completion(MailResult(outcome: .transientFailure, code: 0, reason: error.description))
        }
        guard curl_multi_add_handle(multi, handle) == CURLM_OK else {
            curl_easy_cleanup(handle)
            return transfer.completion(
                MailResult(outcome: .transientFailure, code: 0, reason: "libcurl could not take the message"))
        }
        active[handle] = transfer
    }

    private func finish(
        _ multi: UnsafeMutableRawPointer, _ handle: UnsafeMutableRawPointer, _ transfer: SMTPTransfer,
        _ result: MailResult
    ) {
        curl_multi_remove_handle(multi, handle)
        curl_easy_cleanup(handle)
        transfer.completion(result)
    }
}
