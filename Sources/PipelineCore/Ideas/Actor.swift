/// Who issues a command: a person with a role and, for submitters, an organisation.
///
/// Roles: `submitter` (acts for one organisation), `facilitator` (decides at gates),
/// `admin` (manages tokens and webhooks; acts as a facilitator in the pipeline), and any role a
/// workflow names for approvals and scorecards (the bundled ones use `gatekeeper`).
public struct Actor: Sendable, Hashable, Codable {
    public let name: String
    public let role: String
    public let organisation: String?

    public init(name: String, role: String, organisation: String? = nil) {
        self.name = name
        self.role = role
        self.organisation = organisation
    }

    public static let submitter = "submitter"
    public static let facilitator = "facilitator"
    public static let admin = "admin"

    /// The pipeline itself: fires timers (reminders, escalations, holds by the SLA, review
    /// dates, overdue conditions). No token has this role.
    public static let system = Actor(name: "pipeline", role: "system")

    public var isSystem: Bool { role == Actor.system.role }

    /// Facilitators and admins run the pipeline: they decide at gates and see every idea.
    public var runsPipeline: Bool { role == Actor.facilitator || role == Actor.admin }
}
