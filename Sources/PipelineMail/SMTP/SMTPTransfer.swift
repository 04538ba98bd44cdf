import CCurl
import Foundation

/// One message on its way: the encoded bytes libcurl's read callback hands out, the recipient
/// list, the buffers its callbacks write to, and who waits for the result. Used by one thread
/// at a time (the transfer loop's); freed with its handle.
final class SMTPTransfer: @unchecked Sendable {
    typealias Completion = @Sendable (MailResult) -> Void

    let message: MailMessage
    let completion: Completion
    private let upload: [UInt8]
    private var offset = 0
    private var recipients: UnsafeMutablePointer<curl_slist>?
    /// libcurl's own words for a failure (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The server's last reply lines, newest last.
    private var replies: [String] = []

    init(_ message: MailMessage, completion: @escaping Completion) {
        self.message = message
        self.completion = completion
        upload = Array(message.encoded())
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_slist_free_all(recipients)
        errorBuffer.deallocate()
    }

    /// An option libcurl refused: the message is not sent, because without that option it would
    /// not go where, how or as what we mean (unencrypted, say, or to another protocol).
    struct SetupFailure: Error, CustomStringConvertible {
        let option: String
        let code: CURLcode

        var description: String {
            "not sent: libcurl refused \(option) (\(String(cString: curl_easy_strerror(code))))"
        }
    }

    /// Sets every option of the transfer on `handle`. Each result is checked: when one option
    /// cannot be set, nothing is sent (as for webhooks).
    func prepare(_ handle: UnsafeMutableRawPointer, _ configuration: SMTPConfiguration) throws(SetupFailure) {
        func check(_ option: String, _ code: CURLcode) throws(SetupFailure) {
            guard code == CURLE_OK else { throw SetupFailure(option: option, code: code) }
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check("the protocols (smtp, smtps)", pipeline_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
        try check("the URL", pipeline_setopt_string(handle, CURLOPT_URL, configuration.url))
        try check("no signals", pipeline_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check("the error buffer", pipeline_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check("the reply reader", pipeline_setopt_debug(handle, collectReply, context))
        try check(
            "the connect timeout",
            pipeline_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds))
        try check("the timeout", pipeline_setopt_long(handle, CURLOPT_TIMEOUT_MS, configuration.timeout.milliseconds))
        let tls = configuration.requiresTLS ? CURLUSESSL_ALL : CURLUSESSL_NONE
        try check("TLS", pipeline_setopt_long(handle, CURLOPT_USE_SSL, Int(tls.rawValue)))
        if let user = configuration.user, let password = configuration.password {
            try check("the user", pipeline_setopt_string(handle, CURLOPT_USERNAME, user))
            try check("the password", pipeline_setopt_string(handle, CURLOPT_PASSWORD, password))
        }
        try check(
            "the sender", pipeline_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(configuration.from.address.value)>"))
        recipients = curl_slist_append(nil, "<\(message.to.address.value)>")
        guard recipients != nil else { throw SetupFailure(option: "the recipient", code: CURLE_OUT_OF_MEMORY) }
        try check("the recipient", pipeline_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients))
        try check("the upload", pipeline_setopt_long(handle, CURLOPT_UPLOAD, 1))
        try check("the message size", pipeline_setopt_long(handle, CURLOPT_INFILESIZE, upload.count))
        try check("the message reader", pipeline_setopt_read(handle, readMessage, context))
    }

    /// Judges the finished transfer.
    func result(_ handle: UnsafeMutableRawPointer, code: CURLcode) -> MailResult {
        var reply = 0
        _ = pipeline_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        var report = SMTPAttemptReport(code: reply)
        if code != CURLE_OK {
            let detail = String(cString: errorBuffer)
            report.error = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            report.loginDenied = code == CURLE_LOGIN_DENIED
        }
        // The reply with the code libcurl reports (a later 221 to QUIT is not it).
        report.reply = replies.last { $0.hasPrefix("\(reply) ") || $0.hasPrefix("\(reply)-") || $0 == "\(reply)" }
        return MailResult(report)
    }

    /// Copies the next part of the message into libcurl's buffer; 0 at the end.
    fileprivate func read(into buffer: UnsafeMutablePointer<CChar>, room: Int) -> Int {
        let count = min(room, upload.count - offset)
        guard count > 0 else { return 0 }
        upload.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    /// Keeps the server's reply lines (never what we send: that has the password).
    fileprivate func received(_ text: String) {
        // `isNewline`: CRLF is one Character, neither "\r" nor "\n".
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
            replies.append(MailText.printable(String(line), limit: 200))
        }
        if replies.count > 16 { replies.removeFirst(replies.count - 16) }
    }
}

private let readMessage: pipeline_read_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.read(into: buffer, room: size * count)
}

private let collectReply: pipeline_debug_callback = { _, type, data, size, context in
    guard type == CURLINFO_HEADER_IN, let data, let context, size > 0 else { return 0 }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue()
    let text = data.withMemoryRebound(to: UInt8.self, capacity: size) { bytes in
        String(decoding: UnsafeBufferPointer(start: bytes, count: min(size, 1_024)), as: UTF8.self)
    }
    transfer.received(text)
    return 0
}

extension Duration {
    /// Whole milliseconds, as libcurl's options take them.
    var milliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
