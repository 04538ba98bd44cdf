import Foundation
import PipelineCore

/// An API token as stored: only a hash of the secret, never the secret itself.
///
/// A token either stands on its own (a name, a role, an organisation: the tokens made before the
/// people register, and tokens for scripts) or belongs to a person (`personID`). Then it acts as
/// that person as they are now (``holder``): their name and organisation, in the token's role.
public struct TokenRecord: Sendable, Hashable {
    public let id: String
    /// Who or what uses the token; for a person's token, their name when it was issued.
    public let name: String
    public let role: String
    /// For a person's token, their organisation's name when it was issued.
    public let organisation: String?
    /// SHA-256 of the token, hex.
    public let hash: String
    public let createdAt: Date
    public let revokedAt: Date?
    /// The person the token belongs to, if any.
    public let personID: String?
    /// The token's person as the store reads them with the token; `nil` for a token without a
    /// person, and ignored when the token is written.
    public let holder: Holder?
    /// The region of the token's organisation (its person's, or its own) in the register, as
    /// read with the token; `nil` when the register does not know it.
    public let organisationRegion: String?

    public init(
        id: String, name: String, role: String, organisation: String?, hash: String, createdAt: Date,
        revokedAt: Date? = nil, personID: String? = nil, holder: Holder? = nil, organisationRegion: String? = nil
    ) {
        self.organisationRegion = organisationRegion
        self.id = id
        self.name = name
        self.role = role
        self.organisation = organisation
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.personID = personID
        self.holder = holder
    }

    /// A token's person, as read with the token.
    public struct Holder: Sendable, Hashable {
        public let name: String
        /// The name of their organisation, if they have one.
        public let organisation: String?
        public let active: Bool
        /// Whether the token's role is (still) one of the person's roles.
        public let holdsRole: Bool
        /// The regions they serve: a facilitator acts only there (none: everywhere).
        public let regions: [String]

        public init(name: String, organisation: String?, active: Bool, holdsRole: Bool, regions: [String] = []) {
            self.name = name
            self.organisation = organisation
            self.active = active
            self.holdsRole = holdsRole
            self.regions = regions
        }
    }

    /// Whether the token may be used: not revoked and, for a person's token, the person active
    /// and still holding the token's role.
    public var isUsable: Bool {
        guard revokedAt == nil else { return false }
        guard personID != nil else { return true }
        guard let holder else { return false }
        return holder.active && holder.holdsRole
    }

    /// Who the token acts as: its person as they are now, in the token's role; or the token's own
    /// name and organisation.
    ///
    /// Where the actor belongs (``Actor/regions``): a facilitator's served regions, a
    /// submitter's organisation's region.
    public var actor: Actor {
        let organisationRegions = organisationRegion.map { [$0] } ?? []
        guard let holder else {
            return Actor(
                name: name, role: role, organisation: organisation,
                regions: role == Actor.submitter ? organisationRegions : [])
        }
        let regions = role == Actor.facilitator ? holder.regions : role == Actor.submitter ? organisationRegions : []
        return Actor(name: holder.name, role: role, organisation: holder.organisation, regions: regions)
    }
}

/// The first answer to a request with an `Idempotency-Key`, replayed for every retry.
public struct IdempotencyRecord: Sendable, Hashable {
    /// Who sent it (the token id): keys of different callers never collide.
    public let principal: String
    public let key: String
    /// A hash of the method, the path and the body: the same key with another request is refused.
    public let requestHash: String
    public let status: Int
    public let body: String
    public let createdAt: Date

    public init(principal: String, key: String, requestHash: String, status: Int, body: String, createdAt: Date) {
        self.principal = principal
        self.key = key
        self.requestHash = requestHash
        self.status = status
        self.body = body
        self.createdAt = createdAt
    }
}

/// What idea counts are grouped by, besides workflow and status.
public enum CountDimension: String, Sendable, CaseIterable {
    case stage
    case region
    case theme
}

/// How many ideas of a workflow share a value of a dimension and a status.
public struct IdeaCount: Sendable, Hashable, Codable {
    public let workflowID: String
    /// The stage, region or theme (`nil` for ideas without a theme).
    public let value: String?
    public let status: String
    public let count: Int

    public init(workflowID: String, value: String?, status: String, count: Int) {
        self.workflowID = workflowID
        self.value = value
        self.status = status
        self.count = count
    }
}
