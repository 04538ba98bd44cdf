/// Who issues a command: a person with a role and, for submitters, an organisation.
///
/// Roles: `submitter` (acts for one organisation), `facilitator` (decides at gates),
/// `admin` (manages tokens and webhooks; acts as a facilitator in the pipeline), and any role a
/// workflow names for approvals and scorecards (the bundled ones use `gatekeeper`).
public struct Actor: Sendable, Hashable, Codable {
    public let name: String
    public let role: String
    public let organisation: String?
    /// Where the actor belongs: for a facilitator, the regions she acts in (none: a national
    /// facilitator, who acts everywhere); for a submitter, their organisation's region. Known
    /// from the people register; not part of the history (an event records who, not where).
    public var regions: [String]

    public init(name: String, role: String, organisation: String? = nil, regions: [String] = []) {
        self.name = name
        self.role = role
        self.organisation = organisation
        self.regions = regions
    }

    enum CodingKeys: String, CodingKey {
        case name, role, organisation
    }

    public init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: CodingKeys.self)
        name = try object.decode(String.self, forKey: .name)
        role = try object.decode(String.self, forKey: .role)
        organisation = try object.decodeIfPresent(String.self, forKey: .organisation)
        regions = []
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

    /// Whether the actor may act on records of `region`: everyone but a facilitator scoped to
    /// other regions.
    public func actsIn(_ region: String) -> Bool {
        role != Actor.facilitator || regions.isEmpty || regions.contains(region)
    }
}
