import PipelineWebhooks
import Testing

@Suite("The address guard")
struct AddressPolicyTests {
    @Test(
        "forbidden ranges are refused",
        arguments: [
            "0.0.0.0", "10.1.2.3", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.0.9", "169.254.169.254",
            "172.16.0.1", "172.31.255.255", "192.168.1.1", "192.0.0.8", "198.18.0.1", "224.0.0.1", "239.255.255.250",
            "255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
            "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "2001:db8::1",
        ])
    func forbidden(address: String) throws {
        #expect(try AddressPolicy().refuses(address))
    }

    @Test(
        "public addresses are allowed",
        arguments: [
            "93.184.216.34", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
        ])
    func allowed(address: String) throws {
        #expect(try !AddressPolicy().refuses(address))
    }

    @Test("the operator may allow ranges, and only those")
    func allowList() throws {
        let policy = try AddressPolicy(allowing: ["127.0.0.0/8", "::1/128", "10.20.0.0/16"])
        #expect(!policy.refuses("127.0.0.1"))
        #expect(!policy.refuses("::1"))
        #expect(!policy.refuses("10.20.3.4"))
        #expect(policy.refuses("10.21.3.4"))
        #expect(policy.refuses("192.168.0.1"))
        #expect(throws: AddressPolicyError.self) { try AddressPolicy(allowing: ["127.0.0.1"]) }
        #expect(throws: AddressPolicyError.self) { try AddressPolicy(allowing: ["10.0.0.0/33"]) }
        #expect(throws: AddressPolicyError.self) { try AddressPolicy(allowing: ["not an address/8"]) }
    }
}
