import CCurl
import Foundation

/// A libcurl multi handle driven by a thread of its own: requests are handed in at any time,
/// start at once (`curl_multi_wakeup` interrupts the thread's `curl_multi_poll`), share kept-alive
/// connections, and report their answers through a completion as each finishes.
///
/// libcurl blocks, so it never runs on Swift's cooperative pool: a blocked pool thread could
/// starve the very tasks that answer (a local receiver in the same process, say).
final class CurlMulti: @unchecked Sendable {
    typealias Completion = @Sendable (CurlResponse) -> Void

    private struct Transfer {
        /// Makes the request on the delivery thread, just before it is sent (a webhook is signed
        /// there, not on the caller's thread).
        let request: @Sendable () -> CurlRequest
        let policy: AddressPolicy
        let completion: Completion
    }

    /// A transfer libcurl is working on; owned by the delivery thread alone.
    private struct Active {
        let completion: Completion
        let collector: ResponseCollector
        let headers: UnsafeMutablePointer<curl_slist>?
    }

    private let multi: UnsafeMutableRawPointer?
    private let lock = NSLock()
    // Guarded by `lock`.
    private var inbox: [Transfer] = []
    private var stopping = false
    private var thread: Thread?

    init(maximumConnections: Int = 64) {
        multi = CurlClient.initialise() ? curl_multi_init() : nil
        if let multi {
            _ = pipeline_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, maximumConnections)
            _ = pipeline_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        }
    }

    deinit {
        if let multi { curl_multi_cleanup(multi) }
    }

    /// Starts sending `request`; `completion` runs on the delivery thread when it is answered,
    /// fails, or the handle shuts down first.
    func start(_ request: CurlRequest, policy: AddressPolicy, completion: @escaping Completion) {
        start({ request }, policy: policy, completion: completion)
    }

    /// Starts sending the request `makeRequest` makes on the delivery thread, just before it is
    /// sent: the caller hands over the work of building it (signing a webhook, say).
    func start(
        _ makeRequest: @escaping @Sendable () -> CurlRequest, policy: AddressPolicy,
        completion: @escaping Completion
    ) {
        guard let multi else { return completion(.failed("libcurl could not start")) }
        lock.lock()
        if stopping {
            lock.unlock()
            return completion(.failed("delivery is shutting down"))
        }
        inbox.append(Transfer(request: makeRequest, policy: policy, completion: completion))
        if thread == nil {
            let thread = Thread { self.loop() }
            thread.name = "pipeline-delivery"
            self.thread = thread
            thread.start()
        }
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    /// Sends every request and returns the answers in the same order.
    func perform(_ requests: [CurlRequest], policy: AddressPolicy) async -> [CurlResponse] {
        await withTaskGroup(of: (Int, CurlResponse).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        self.start(request, policy: policy) { continuation.resume(returning: (index, $0)) }
                    }
                }
            }
            var responses = [CurlResponse?](repeating: nil, count: requests.count)
            for await (index, response) in group { responses[index] = response }
            return responses.map { $0 ?? .failed("no answer") }
        }
    }

    /// Stops the thread; transfers still running complete as failed.
    func shutdown() {
        lock.lock()
        stopping = true
        lock.unlock()
        if let multi { curl_multi_wakeup(multi) }
    }

    private func loop() {
        guard let multi else { return }
        var active: [UnsafeMutableRawPointer: Active] = [:]
        while true {
            lock.lock()
            let incoming = inbox
            inbox.removeAll()
            let stop = stopping
            if stop { thread = nil }
            lock.unlock()
            for transfer in incoming {
                guard !stop, let handle = curl_easy_init() else {
                    transfer.completion(.failed(stop ? "delivery is shutting down" : "libcurl could not start"))
                    continue
                }
                let collector = ResponseCollector()
                let request = transfer.request()
                switch CurlClient.prepare(handle, request, policy: transfer.policy, collector: collector) {
                case .success(let headers):
                    let transfer = Active(completion: transfer.completion, collector: collector, headers: headers)
                    guard curl_multi_add_handle(multi, handle) == CURLM_OK else {
                        curl_easy_cleanup(handle)
                        curl_slist_free_all(headers)
                        transfer.completion(.failed("libcurl could not take the transfer"))
                        continue
                    }
                    active[handle] = transfer
                case .failure(let failure):
                    curl_easy_cleanup(handle)
                    transfer.completion(.failed(failure.description))
                }
            }
            if stop {
                for (handle, transfer) in active {
                    finish(handle, transfer, response: .failed("delivery is shutting down"))
                }
                return
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                    let transfer = active.removeValue(forKey: handle)
                else { continue }
                let response = CurlClient.response(
                    handle, code: message.pointee.data.result, collector: transfer.collector)
                finish(handle, transfer, response: response)
            }
            // Sleeps until a socket is ready, a second passes, or `start` wakes it.
            _ = curl_multi_poll(multi, nil, 0, 1_000, nil)
        }
    }

    private func finish(_ handle: UnsafeMutableRawPointer, _ transfer: Active, response: CurlResponse) {
        curl_multi_remove_handle(multi, handle)
        curl_easy_cleanup(handle)
        curl_slist_free_all(transfer.headers)
        transfer.completion(response)
    }
}

extension CurlResponse {
    static func failed(_ reason: String) -> CurlResponse {
        CurlResponse(status: 0, body: Data(), error: reason, duration: .zero, retryAfter: nil)
    }
}
