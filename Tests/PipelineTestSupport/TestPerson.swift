import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

/// The people of the API and page tests, one token each.
public enum TestPerson: String, CaseIterable, Sendable {
    case practice, otherPractice, facilitator, gatekeeper, secondGatekeeper, thirdGatekeeper, admin

    public var role: String {
        switch self {
        case .practice, .otherPractice: return "submitter"
        case .facilitator: return "facilitator"
        case .gatekeeper, .secondGatekeeper, .thirdGatekeeper: return "gatekeeper"
        case .admin: return "admin"
        }
    }

    public var organisation: String? {
        switch self {
        case .practice: return "HAP De Linde"
        case .otherPractice: return "Gezondheidscentrum Oost"
        default: return nil
        }
    }

    /// The engine's actor for this person.
    public var actor: Actor { Actor(name: rawValue, role: role, organisation: organisation) }

    /// Issues a token for every person into `store`; the tokens, by person.
    public static func issueTokens(into store: any AccessStore, now: Date) async throws -> [TestPerson: String] {
        var tokens: [TestPerson: String] = [:]
        for person in allCases {
            let (token, record) = TokenAuthority.issue(
                name: person.rawValue, role: person.role, organisation: person.organisation, now: now)
            try await store.addToken(record)
            tokens[person] = token
        }
        return tokens
    }

    /// What the store keeps of a token (its SHA-256), to look it up as the server does.
    public static func hash(ofToken token: String) -> String { TokenAuthority.hash(token) }
}
