import PipelineMail
import Testing

@Suite("Mailbox(parsing:)")
struct MailboxParsingTests {
    @Test("a sender as people write it")
    func senders() throws {
        let plain = try Mailbox(parsing: "pipeline@example.org")
        #expect(plain.address.value == "pipeline@example.org" && plain.name == nil)
        let named = try Mailbox(parsing: " \"Pipeline, ROS Twente\" <pipeline@example.org> ")
        #expect(named.name == "Pipeline, ROS Twente" && named.address.value == "pipeline@example.org")
        #expect(try Mailbox(parsing: "<pipeline@example.org>").name == nil)
        for bad in [
            "Pipeline <pipeline@example.org", "Pipeline <a@b.nl> <c@d.nl>", "Pipeline", "<pipeline>", "A\nB <a@b.nl>",
        ] {
            #expect(throws: MailAddressError.self, "\(bad)") { try Mailbox(parsing: bad) }
        }
    }
}
