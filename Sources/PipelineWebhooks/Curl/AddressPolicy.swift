import CCurl
import Foundation

/// Which addresses deliveries may connect to: never loopback, private, link-local, CGNAT,
/// multicast or unspecified addresses (IPv4 and IPv6, IPv4-mapped included), except the ranges
/// the operator allows (`--webhook-allow-network 127.0.0.0/8`). Checked in C, inside libcurl,
/// on the address a name resolved to.
public final class AddressPolicy: @unchecked Sendable {
    /// Owned here for the lifetime of every handle that points at it.
    let pointer: UnsafeMutablePointer<pipeline_address_policy>

    public let allowed: [String]

    /// - Parameter allowed: CIDR ranges such as `127.0.0.0/8` or `::1/128`.
    public init(allowing allowed: [String] = []) throws(AddressPolicyError) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: pipeline_address_policy())
        self.allowed = allowed
        guard allowed.count <= 32 else { throw AddressPolicyError(range: "more than 32 ranges") }
        var ranges: [pipeline_allowed_range] = []
        for text in allowed {
            guard let range = AddressPolicy.parse(text) else { throw AddressPolicyError(range: text) }
            ranges.append(range)
        }
        pointer.pointee.count = Int32(ranges.count)
        withUnsafeMutableBytes(of: &pointer.pointee.ranges) { buffer in
            let typed = buffer.bindMemory(to: pipeline_allowed_range.self)
            for (index, range) in ranges.enumerated() { typed[index] = range }
        }
    }

    deinit {
        pointer.deallocate()
    }

    /// Whether a connection to this literal address would be refused.
    public func refuses(_ address: String) -> Bool {
        var storage = sockaddr_storage()
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress -> Bool in
                if address.contains(":") {
                    var ipv6 = sockaddr_in6()
                    ipv6.sin6_family = sa_family_t(AF_INET6)
                    guard inet_pton(AF_INET6, address, &ipv6.sin6_addr) == 1 else { return true }
                    UnsafeMutableRawPointer(socketAddress).storeBytes(of: ipv6, as: sockaddr_in6.self)
                } else {
                    var ipv4 = sockaddr_in()
                    ipv4.sin_family = sa_family_t(AF_INET)
                    guard inet_pton(AF_INET, address, &ipv4.sin_addr) == 1 else { return true }
                    UnsafeMutableRawPointer(socketAddress).storeBytes(of: ipv4, as: sockaddr_in.self)
                }
                return pipeline_address_is_refused(socketAddress, self.pointer) != 0
            }
        }
    }

    static func parse(_ text: String) -> pipeline_allowed_range? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int32(parts[1]) else { return nil }
        var range = pipeline_allowed_range()
        let address = String(parts[0])
        let family = address.contains(":") ? AF_INET6 : AF_INET
        let bits: Int32 = family == AF_INET6 ? 128 : 32
        guard (0...bits).contains(prefix) else { return nil }
        let parsed = withUnsafeMutableBytes(of: &range.address) { buffer in
            inet_pton(family, address, buffer.baseAddress)
        }
        guard parsed == 1 else { return nil }
        range.family = family
        range.prefix = prefix
        return range
    }
}

public struct AddressPolicyError: Error, CustomStringConvertible {
    public let range: String
    public var description: String { "'\(range)' is not a network range such as 127.0.0.0/8 or ::1/128" }
}
