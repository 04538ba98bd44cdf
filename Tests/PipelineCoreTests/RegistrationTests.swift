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
    func invalidAddresses(text: String) throws {
        #expect(throws: InvalidEntry.self) { try EmailAddress.normalized(text) }
        // The refusal has an e-mail code; its sentence ends with the problem the mail reports.
        let refusal = try #require(Self.refusal { _ = try EmailAddress.normalized(text) })
        #expect(refusal.code.rawValue.hasPrefix("email_"))
        #expect(EmailAddress.refusal(text) == refusal)
        let problem = try #require(EmailAddress.problem(text))
        #expect(refusal.message.hasSuffix("' is not an e-mail address: " + problem))
    }

    @Test(
        "each kind of address that is not one has its code, with the reason or the part that is wrong",
        arguments: [
            ("anna@", Refusal.Code.emailInvalid, ["address": "anna@", "reason": "nothing_after_at"]),
            ("", .emailInvalid, ["address": "", "reason": "empty"]),
            ("fen\tna@ros.nl", .emailInvalid, ["address": "fen?na@ros.nl", "reason": "control_character"]),
            ("fenna@@ros.nl", .emailInvalid, ["address": "fenna@@ros.nl", "reason": "more_than_one_at"]),
            ("jürgen@zorg.nl", .emailNotASCII, ["address": "jürgen@zorg.nl", "character": "U+00FC"]),
            ("<fenna@ros.nl>", .emailCharacterNotAllowed, ["address": "<fenna@ros.nl>", "character": "<"]),
            ("fenna@ros", .emailDomainWithoutDot, ["address": "fenna@ros", "domain": "ros"]),
            ("fenna@ros..nl", .emailDomainDots, ["address": "fenna@ros..nl", "domain": "ros..nl"]),
            (
                "fenna@zorg_twente.nl", .emailDomainCharacters,
                ["address": "fenna@zorg_twente.nl", "domain": "zorg_twente.nl"]
            ),
        ])
    func addressCodes(text: String, code: Refusal.Code, values: [String: String]) throws {
        let refusal = try #require(EmailAddress.refusal(text))
        #expect(refusal.code == code)
        #expect(refusal.values == values)
    }

    /// The refusal `body` throws, or `nil`.
    static func refusal(_ body: () throws -> Void) -> Refusal? {
        do {
            try body()
            return nil
        } catch {
            return (error as? InvalidEntry)?.refusal
        }
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
            throws: InvalidEntry(.emailInvalid("anna@", reason: .nothingAfterAt)),
            performing: { try EmailAddress.normalized("anna@") })
        #expect(
            Self.refusal { _ = try EmailAddress.normalized("anna@") }?.message
                == "'anna@' is not an e-mail address: nothing comes after the @")
    }

    @Test("roles: one or more distinct token roles, in the order of the list")
    func roles() throws {
        #expect(try Registration.roles(["admin", "facilitator"]) == ["facilitator", "admin"])
        #expect(throws: InvalidEntry.self) { try Registration.roles([]) }
        #expect(throws: InvalidEntry(.roleTwice("admin"))) { try Registration.roles(["admin", "admin"]) }
        #expect(
            Self.refusal { _ = try Registration.roles(["admin", "admin"]) }?.message
                == "the role 'admin' is given twice")
        #expect(Self.refusal { _ = try Registration.roles([]) }?.code == .rolesMissing)
        #expect(
            Self.refusal { _ = try Registration.roles(["king\n"]) }?.message
                == "unknown role 'king?'; the roles are submitter, facilitator, gatekeeper, admin")
        #expect(throws: InvalidEntry.self) { try Registration.roles(["programme_lead"]) }
        #expect(throws: InvalidEntry(.submitterNeedsOrganisation)) {
            try Registration.requireOrganisation(roles: ["submitter"], organisationID: nil)
        }
        try Registration.requireOrganisation(roles: ["facilitator"], organisationID: nil)
        try Registration.tokenRole("gatekeeper", of: ["submitter", "gatekeeper"])
        #expect(
            Self.refusal { try Registration.tokenRole("admin", of: ["submitter"]) }?.message
                == "the token's role 'admin' is not one of the person's roles (submitter)")
    }

    @Test("regions: one of the list when there is one, sorted, each once; any text without a list")
    func regions() throws {
        let list = RegionList(["Twente", "Drenthe", "Zeeland"])
        #expect(try Registration.regions(["Zeeland", "Drenthe"], in: list) == ["Drenthe", "Zeeland"])
        #expect(
            Self.refusal { _ = try Registration.region("twente", in: list) }
                == Refusal(
                    .unknownRegionClose, ["region": "twente", "suggestion": "Twente"],
                    "unknown region 'twente'; did you mean 'Twente'?"))
        #expect(
            Self.refusal { _ = try Registration.region("Utopia", in: list) }?.message
                == "unknown region 'Utopia'; it must be one of the 3 labour-market regions")
        // Control characters are shown as ?, in the sentence and in the values.
        #expect(
            Self.refusal { _ = try Registration.region("Uto\u{7}pia", in: list) }?.values
                == ["region": "Uto?pia", "count": "3"])
        #expect(
            Self.refusal { _ = try Registration.regions(["Twente", "Twente"], in: list) }?.message
                == "the region 'Twente' is given twice")
        #expect(try Registration.region("Utopia", in: RegionList([])) == "Utopia")
        #expect(throws: InvalidEntry(.regionEmpty)) { try Registration.region(" ", in: RegionList([])) }
    }

    @Test("names are trimmed, not empty, at most 200 characters, without control characters")
    func names() throws {
        #expect(try Registration.name("  HAP De Linde ", of: .organisationName) == "HAP De Linde")
        #expect(throws: InvalidEntry(.nameEmpty(.personName))) { try Registration.name(" \u{3000}", of: .personName) }
        #expect(Self.refusal { _ = try Registration.name(" ", of: .personName) }?.message == "the name is empty")
        #expect(
            Self.refusal { _ = try Registration.name("", of: .organisationName) }
                == Refusal(.nameEmpty, ["what": "organisation_name"], "the organisation's name is empty"))
        #expect(
            Self.refusal { _ = try Registration.name("HAP\nDe Linde", of: .personName) }?.message
                == "the name holds a control character")
        #expect(
            Self.refusal { _ = try Registration.name(String(repeating: "x", count: 201), of: .organisationName) }?
                .message == "the organisation's name is longer than 200 characters")
        #expect(Registration.nameKey(" HAP De Linde") == Registration.nameKey("hap de linde"))
    }

    @Test("organisation types and notification preferences by their raw values; every type has a Dutch label")
    func typesAndPreferences() throws {
        #expect(OrganisationType.allCases.count == 11)
        #expect(
            try Registration.organisationType("regionale_werkgeversorganisatie").label
                == "Regionale werkgeversorganisatie")
        #expect(Set(OrganisationType.allCases.map(\.label)).count == 11)
        #expect(
            Self.refusal { _ = try Registration.organisationType("Huisartsenpraktijk") }?.code
                == .organisationTypeUnknown)
        #expect(try Registration.notificationPreference("daily") == .daily)
        #expect(
            Self.refusal { _ = try Registration.notificationPreference("weekly") }?.message
                == "unknown notification preference 'weekly'; use immediate, daily, off")
    }
}
