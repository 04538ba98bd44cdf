import CCurl
import Foundation

/// A libcurl multi handle that sends a batch of requests at once over kept-alive connections.
/// It blocks, so it runs on a thread of its own (see ``perform(_:policy:)``); the handle and its
/// connection cache live as long as this object.
final class CurlMulti: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer?
    private let lock = NSLock()

    init(maximumConnections: Int = 64) {
        CurlClient.initialise()
        multi = curl_multi_init()
        if let multi {
            _ = pipeline_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, maximumConnections)
            _ = pipeline_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        }
    }

    deinit {
        if let multi { curl_multi_cleanup(multi) }
    }

    /// Sends every request and returns the answers in the same order.
    func perform(_ requests: [CurlRequest], policy: AddressPolicy) async -> [CurlResponse] {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.performBlocking(requests, policy: policy)) }
            thread.name = "pipeline-delivery"
            thread.start()
        }
    }

    private func performBlocking(_ requests: [CurlRequest], policy: AddressPolicy) -> [CurlResponse] {
        lock.lock()
        defer { lock.unlock() }
        guard let multi else {
            return requests.map { _ in
                CurlResponse(
                    status: 0, body: Data(), error: "libcurl could not start", duration: .zero, retryAfter: nil)
            }
        }
        var handles: [UnsafeMutableRawPointer] = []
        var lists: [UnsafeMutablePointer<curl_slist>?] = []
        var collectors: [ResponseCollector] = []
        var codes: [CURLcode?] = Array(repeating: nil, count: requests.count)
        for request in requests {
            guard let handle = curl_easy_init() else { continue }
            let collector = ResponseCollector()
            lists.append(CurlClient.prepare(handle, request, policy: policy, collector: collector))
            handles.append(handle)
            collectors.append(collector)
            curl_multi_add_handle(multi, handle)
        }
        var running: Int32 = 1
        while running > 0 {
            guard curl_multi_perform(multi, &running) == CURLM_OK else { break }
            if running > 0 { curl_multi_poll(multi, nil, 0, 1_000, nil) }
        }
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE,
                let index = handles.firstIndex(where: { $0 == message.pointee.easy_handle })
            else { continue }
            codes[index] = message.pointee.data.result
        }
        var responses: [CurlResponse] = []
        for (index, handle) in handles.enumerated() {
            responses.append(
                CurlClient.response(handle, code: codes[index] ?? CURLE_RECV_ERROR, collector: collectors[index]))
            curl_multi_remove_handle(multi, handle)
            curl_easy_cleanup(handle)
            curl_slist_free_all(lists[index])
        }
        while responses.count < requests.count {
            responses.append(
                CurlResponse(
                    status: 0, body: Data(), error: "libcurl could not start", duration: .zero, retryAfter: nil))
        }
        return responses
    }
}
