import PipelineCore
import Testing

@Suite("The registers' rules")
struct RegistrationTests {
    @Test(
        "e-mail addresses: one @, a domain with a dot or localhost, ASCII, nothing that needs quoting",
        arguments: [
            ("fenna@ros-friesland.nl", "fenna@ros-friesland.nl"), ("Fenna.de.Vries@ROS.nl", "fenna.de.vries@ros.nl"),
            ("beheer@localhost", "beheer@localhost"), ("a+b@sub.example.org", "a+b@sub.example.org"),
            ("Fenna@LOCALHOST", "fenna@localhost"), ("info@xn--zorg-tw-9ya.nl", "info@xn--zorg-tw-9ya.nl"),
        ])
    func validAddresses(text: String, stored: String) throws {
        #expect(try EmailAddress.normalized(text) == stored)
    }

    @Test(
        "what is not an address is refused, saying why",
        arguments: [
            "", "fenna", "fenna@", "@ros.nl", "fenna@ros", "fenna@@ros.nl", "fenna@ros@nl", "fenna@.nl",
            "fenna@ros.", "fenna@ros..nl", "fenna @ros.nl", " fenna@ros.nl", "fenna@ros.nl\n", "fen\tna@ros.nl",
            "fenna@ros.nl\u{00A0}", "fenna\u{2003}@ros.nl", "fen\u{7F}na@ros.nl", "fen\u{85}na@ros.nl",
            "<fenna@ros.nl>", "fenna@ros.nl,anna@ros.nl", "jürgen@zorg.nl", "fenna@zorg_twente.nl",
            ".fenna@ros.nl", "fen..na@ros.nl", "fenna@-ros.nl", "\"fenna\"@ros.nl", "fenna;anna@ros.nl",
            String(repeating: "a", count: 65) + "@ros.nl",
            String(repeating: "a", count: 250) + "@ros.nl",
            String(repeating: "é", count: 124) + "@ros.nl",
        ])
    func invalidAddresses(text: String) {
        #expect(throws: InvalidEntry.self) { try EmailAddress.normalized(text) }
    }

    @Test("254 bytes is the longest address")
    func longestAddress() throws {
        let longest =
            String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "."
            + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 58) + ".nl"
        #expect(longest.utf8.count == 254)
        #expect(try EmailAddress.normalized(longest) == longest)
        #expect(throws: InvalidEntry.self) { try EmailAddress.normalized("e" + longest) }
        #expect(
            throws: InvalidEntry("'anna@' is not an e-mail address: nothing comes after the @"),
            performing: { try EmailAddress.normalized("anna@") })
    }

    @Test("roles: one or more distinct token roles, in the order of the list")
    func roles() throws {
        #expect(try Registration.roles(["admin", "facilitator"]) == ["facilitator", "admin"])
        #expect(throws: InvalidEntry.self) { try Registration.roles([]) }
        #expect(throws: InvalidEntry("the role 'admin' is given twice")) { try Registration.roles(["admin", "admin"]) }
        #expect(throws: InvalidEntry.self) { try Registration.roles(["programme_lead"]) }
        #expect(throws: InvalidEntry.self) {
            try Registration.requireOrganisation(roles: ["submitter"], organisationID: nil)
        }
        try Registration.requireOrganisation(roles: ["facilitator"], organisationID: nil)
        try Registration.tokenRole("gatekeeper", of: ["submitter", "gatekeeper"])
        #expect(throws: InvalidEntry.self) { try Registration.tokenRole("admin", of: ["submitter"]) }
    }

    @Test("regions: one of the list when there is one, sorted, each once; any text without a list")
    func regions() throws {
        let list = RegionList(["Twente", "Drenthe", "Zeeland"])
        #expect(try Registration.regions(["Zeeland", "Drenthe"], in: list) == ["Drenthe", "Zeeland"])
        #expect(throws: InvalidEntry("unknown region 'twente'; did you mean 'Twente'?")) {
            try Registration.region("twente", in: list)
        }
        #expect(throws: InvalidEntry("unknown region 'Utopia'; it must be one of the 3 labour-market regions")) {
            try Registration.region("Utopia", in: list)
        }
        #expect(throws: InvalidEntry.self) { try Registration.regions(["Twente", "Twente"], in: list) }
        #expect(try Registration.region("Utopia", in: RegionList([])) == "Utopia")
        #expect(throws: InvalidEntry.self) { try Registration.region(" ", in: RegionList([])) }
    }

    @Test("names are trimmed, not empty, at most 200 characters, without control characters")
    func names() throws {
        #expect(try Registration.name("  HAP De Linde ", of: "the name") == "HAP De Linde")
        #expect(throws: InvalidEntry("the name is empty")) { try Registration.name(" \u{3000}", of: "the name") }
        #expect(throws: InvalidEntry.self) { try Registration.name("HAP\nDe Linde", of: "the name") }
        #expect(throws: InvalidEntry.self) { try Registration.name(String(repeating: "x", count: 201), of: "the name") }
        #expect(Registration.nameKey(" HAP De Linde") == Registration.nameKey("hap de linde"))
    }

    @Test("organisation types and notification preferences by their raw values; every type has a Dutch label")
    func typesAndPreferences() throws {
        #expect(OrganisationType.allCases.count == 11)
        #expect(
            try Registration.organisationType("regionale_werkgeversorganisatie").label
                == "Regionale werkgeversorganisatie")
        #expect(Set(OrganisationType.allCases.map(\.label)).count == 11)
        #expect(throws: InvalidEntry.self) { try Registration.organisationType("Huisartsenpraktijk") }
        #expect(try Registration.notificationPreference("daily") == .daily)
        #expect(throws: InvalidEntry.self) { try Registration.notificationPreference("weekly") }
    }
}
