import Foundation
import PipelineCore

/// An organisation of the register: ideas are submitted for it, submitters act for it.
public struct OrganisationRecord: Sendable, Hashable {
    /// `org_` and a ``ShortID``.
    public let id: String
    /// Unique in the register, whatever its case (see ``Registration/nameKey(_:)``).
    public let name: String
    public let type: OrganisationType
    /// One of the labour-market regions.
    public let region: String
    public let createdAt: Date

    public init(id: String, name: String, type: OrganisationType, region: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.type = type
        self.region = region
        self.createdAt = createdAt
    }

    public var nameKey: String { Registration.nameKey(name) }
}

/// A person of the register. Their tokens act as them (see ``TokenRecord/holder``).
public struct PersonRecord: Sendable, Hashable {
    /// `per_` and a ``ShortID``.
    public let id: String
    public var name: String
    /// Lower-cased (see ``EmailAddress``); unique in the register.
    public var email: String
    /// One or more of ``Registration/roles``, in that order.
    public var roles: [String]
    /// The organisation they act for; required for submitters.
    public var organisationID: String?
    /// The labour-market regions they serve (facilitators), sorted.
    public var regions: [String]
    public var notify: NotificationPreference
    /// A person who is not active has no working token.
    public var active: Bool
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, name: String, email: String, roles: [String], organisationID: String?, regions: [String],
        notify: NotificationPreference = .immediate, active: Bool = true, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.roles = roles
        self.organisationID = organisationID
        self.regions = regions
        self.notify = notify
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
