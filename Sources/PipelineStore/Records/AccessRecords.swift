import Foundation

/// An API token as stored: only a hash of the secret, never the secret itself.
public struct TokenRecord: Sendable, Hashable {
    public let id: String
    public let name: String
    public let role: String
    public let organisation: String?
    /// SHA-256 of the token, hex.
    public let hash: String
    public let createdAt: Date
    public let revokedAt: Date?

    public init(
        id: String, name: String, role: String, organisation: String?, hash: String, createdAt: Date,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.organisation = organisation
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
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
