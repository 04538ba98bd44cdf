import CCurl
import Foundation

/// One webhook POST over libcurl: no redirects, http and https only, bounded time, the first
/// 4 KiB of the answer kept, and the address guard on every connection.
public struct CurlRequest: Sendable {
    public var url: String
    public var headers: [(String, String)]
    public var body: Data
    public var connectTimeout: Duration = .seconds(5)
    public var totalTimeout: Duration = .seconds(15)

    public init(url: String, headers: [(String, String)], body: Data) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What the endpoint answered, or why there was no answer.
public struct CurlResponse: Sendable {
    /// 0 when no HTTP answer came.
    public let status: Int
    /// The first 4 KiB of the body.
    public let body: Data
    /// libcurl's message when the transfer failed (timeout, refused address, ...).
    public let error: String?
    public let duration: Duration
    /// What `Retry-After` asked for, if anything.
    public let retryAfter: Duration?

    public var succeeded: Bool { error == nil && (200..<300).contains(status) }
    public var durationMilliseconds: Int { duration.milliseconds }

    public init(status: Int, body: Data, error: String?, duration: Duration, retryAfter: Duration?) {
        self.status = status
        self.body = body
        self.error = error
        self.duration = duration
        self.retryAfter = retryAfter
    }
}

/// Sends single requests with an easy handle (the delivery worker uses a multi handle).
public enum CurlClient {
    public static let responseLimit = 4_096

    /// Whether `curl_global_init` succeeded; without it no handle is used.
    private static let initialised: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

    /// Initialises libcurl once, before the first handle; false when it cannot be.
    @discardableResult
    static func initialise() -> Bool { initialised }

    /// Sends the request on a thread of its own: libcurl blocks, and a blocked thread of Swift's
    /// small cooperative pool could starve the very tasks that answer (as a local receiver does).
    public static func perform(_ request: CurlRequest, policy: AddressPolicy) async -> CurlResponse {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: send(request, policy: policy)) }
            thread.name = "pipeline-curl"
            thread.start()
        }
    }

    /// Sends the request, blocking the calling thread until libcurl is done.
    public static func send(_ request: CurlRequest, policy: AddressPolicy) -> CurlResponse {
        guard initialise(), let handle = curl_easy_init() else { return .failed("libcurl could not start") }
        defer { curl_easy_cleanup(handle) }
        let collector = ResponseCollector()
        let headers: UnsafeMutablePointer<curl_slist>?
        switch prepare(handle, request, policy: policy, collector: collector) {
        case .success(let list): headers = list
        case .failure(let failure): return .failed(failure.description)
        }
        defer { curl_slist_free_all(headers) }
        let code = curl_easy_perform(handle)
        return response(handle, code: code, collector: collector)
    }

    /// An option libcurl refused: the request is not sent, because without that option it would
    /// not be safe (no address guard, any protocol) or not what we mean.
    struct SetupFailure: Error, CustomStringConvertible {
        let option: String
        let code: CURLcode

        var description: String {
            "not sent: libcurl refused \(option) (\(String(cString: curl_easy_strerror(code))))"
        }
    }

    /// Sets every option of a webhook request on an easy handle; on success the caller frees the
    /// header list. Every option that makes the request safe is checked: when one cannot be set
    /// (an old libcurl without `CURLOPT_PROTOCOLS_STR`, say), nothing is sent.
    static func prepare(
        _ handle: UnsafeMutableRawPointer, _ request: CurlRequest, policy: AddressPolicy, collector: ResponseCollector
    ) -> Result<UnsafeMutablePointer<curl_slist>?, SetupFailure> {
        func check(_ option: String, _ code: CURLcode) throws(SetupFailure) {
            guard code == CURLE_OK else { throw SetupFailure(option: option, code: code) }
        }
        var list: UnsafeMutablePointer<curl_slist>?
        do throws(SetupFailure) {
            collector.guardState.pointee.policy = UnsafePointer(policy.pointer)
            try check("the address guard", pipeline_setopt_address_guard(handle, collector.guardState))
            try check(
                "the protocols (http, https)", pipeline_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
            try check("the URL", pipeline_setopt_string(handle, CURLOPT_URL, request.url))
            try check("no redirects", pipeline_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
            try check("no signals", pipeline_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
            try check(
                "the connect timeout",
                pipeline_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.milliseconds))
            try check(
                "the timeout", pipeline_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.totalTimeout.milliseconds))
            try check("POST", pipeline_setopt_long(handle, CURLOPT_POST, 1))
            try check("the body size", pipeline_setopt_long(handle, CURLOPT_POSTFIELDSIZE, request.body.count))
            // COPYPOSTFIELDS copies the body now, so it need not outlive this call.
            let copied = request.body.withUnsafeBytes { bytes in
                pipeline_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
            try check("the body", copied)
            for (name, value) in request.headers + [("Content-Type", "application/json"), ("Expect", "")] {
                list = curl_slist_append(list, "\(name): \(value)")
            }
            try check("the headers", pipeline_setopt_headers(handle, list))
            try check(
                "the response reader",
                pipeline_setopt_write(handle, collectBody, Unmanaged.passUnretained(collector).toOpaque()))
            return .success(list)
        } catch {
            curl_slist_free_all(list)
            return .failure(error)
        }
    }

    static func response(_ handle: UnsafeMutableRawPointer, code: CURLcode, collector: ResponseCollector)
        -> CurlResponse
    {
        var status = 0
        var seconds = 0.0
        var retryAfter: curl_off_t = 0
        _ = pipeline_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        _ = pipeline_getinfo_double(handle, CURLINFO_TOTAL_TIME, &seconds)
        _ = pipeline_getinfo_offset(handle, CURLINFO_RETRY_AFTER, &retryAfter)
        var error = code == CURLE_OK ? nil : String(cString: curl_easy_strerror(code))
        // The guard refused every address the name had: say so, not "Couldn't connect to server",
        // so an operator can tell the guard from an endpoint that is down.
        if code != CURLE_OK, let refusal = collector.refusal { error = "refused: \(refusal)" }
        return CurlResponse(
            status: status, body: collector.data, error: error, duration: .milliseconds(Int64(seconds * 1000)),
            retryAfter: retryAfter > 0 ? .seconds(Int64(retryAfter)) : nil)
    }
}

/// One transfer's state that libcurl's callbacks write to: the first 4 KiB of the answer (the
/// rest is dropped, so a huge answer costs no memory), and the address guard's refusal.
final class ResponseCollector: @unchecked Sendable {
    var data = Data()
    /// Handed to the guard callback; lives as long as the transfer (this object).
    let guardState: UnsafeMutablePointer<pipeline_guard>

    init() {
        guardState = .allocate(capacity: 1)
        guardState.initialize(to: pipeline_guard())
    }

    deinit { guardState.deallocate() }

    /// Why the guard refused an address of this transfer ("10.0.0.1 is a private address").
    var refusal: String? {
        let text = withUnsafeBytes(of: &guardState.pointee.refused) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return text.isEmpty ? nil : text
    }
}

private let collectBody: pipeline_write_callback = { pointer, size, count, context in
    let length = size * count
    guard let pointer, let context else { return length }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
    let room = CurlClient.responseLimit - collector.data.count
    if room > 0 {
        pointer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            collector.data.append(bytes, count: min(room, length))
        }
    }
    return length
}

extension Duration {
    /// Whole milliseconds, as libcurl's options and the attempt records take them.
    var milliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
