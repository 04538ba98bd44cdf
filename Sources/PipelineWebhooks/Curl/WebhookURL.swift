import CCurl
import Foundation

/// Whether a text can be a webhook's address: checked when a subscription is made (API and CLI),
/// so that what would fail at every delivery is refused at once, with the reason. Names are
/// checked again at the socket, after they resolve (``AddressPolicy``).
public enum WebhookURL {
    /// Why `url` cannot be a webhook address under `policy`, or `nil` when it can.
    ///
    /// ```swift
    /// WebhookURL.problem("http://0x7f000001/hook", policy: policy)
    /// // "the URL's host 0x7f000001 is 127.0.0.1, a loopback address; webhooks never reach such addresses"
    /// ```
    public static func problem(_ url: String, policy: AddressPolicy) -> String? {
        if let bad = url.unicodeScalars.first(where: { $0.value < 0x21 || $0.value == 0x7F }) {
            let name = bad == " " ? "a space" : String(format: "a control character (U+%04X)", bad.value)
            return "the URL holds \(name); write it without spaces or line breaks"
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme)
        else { return "the URL must be an http or https address" }
        guard var host = components.host, !host.isEmpty else { return "the URL has no host" }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let refusal = policy.refusal(ofLiteral: host) {
            return "the URL's host \(refusal); webhooks never reach such addresses"
        }
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if name == "localhost" || name.hasSuffix(".localhost"), policy.refusal(ofLiteral: "127.0.0.1") != nil {
            return "the URL's host \(host) is this machine (loopback); webhooks never reach such addresses"
        }
        return nil
    }
}

extension AddressPolicy {
    /// For a host that is an IP address literal (IPv6, or IPv4 in any form libcurl reads: dotted,
    /// `0x7f000001`, `2130706433`, `0177.0.0.1`, `127.1`), why the policy refuses it ("10.0.0.1 is
    /// a private address", "0x7f000001 is 127.0.0.1, a loopback address"); `nil` for an allowed
    /// address or a name.
    func refusal(ofLiteral host: String) -> String? {
        var storage = sockaddr_storage()
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress -> String? in
                var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                if host.contains(":") {
                    var ipv6 = sockaddr_in6()
                    ipv6.sin6_family = sa_family_t(AF_INET6)
                    guard inet_pton(AF_INET6, host, &ipv6.sin6_addr) == 1 else { return nil }
                    inet_ntop(AF_INET6, &ipv6.sin6_addr, &text, socklen_t(text.count))
                    UnsafeMutableRawPointer(socketAddress).storeBytes(of: ipv6, as: sockaddr_in6.self)
                } else {
                    var ipv4 = sockaddr_in()
                    ipv4.sin_family = sa_family_t(AF_INET)
                    guard inet_aton(host, &ipv4.sin_addr) == 1 else { return nil }
                    inet_ntop(AF_INET, &ipv4.sin_addr, &text, socklen_t(text.count))
                    UnsafeMutableRawPointer(socketAddress).storeBytes(of: ipv4, as: sockaddr_in.self)
                }
                guard let kind = pipeline_address_refusal(socketAddress, self.pointer) else { return nil }
                let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let kindText = String(cString: kind)
                return address == host ? "\(host) is \(kindText) address" : "\(host) is \(address), \(kindText) address"
            }
        }
    }
}
