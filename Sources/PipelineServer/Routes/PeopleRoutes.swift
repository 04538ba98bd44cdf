import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

/// `/v1/organisations`, `/v1/people` and `/v1/me`: the registers. Admins register organisations
/// and people; anyone signed in reads the organisations and who they are themselves. Every
/// change goes through the ``PeopleRegister``, as the CLI's do.
struct PeopleRoutes {
    let api: APIContext

    static let personMembers: Set<String> = ["name", "email", "roles", "organisation", "regions", "notify"]

    func register(on group: RouteTable.Group) {
        group.on("organisations", .get) { _, context in
            _ = try context.requireActor()
            let organisations = try await perform { () async throws(RegisterFailure) in
                try await api.register.organisations()
            }
            return try APIContext.json(["organisations": organisations.map(OrganisationResource.init)])
        }
        group.on("organisations", .post) { request, context in
            try requireAdmin(context)
            let (_, body) = try await api.readBody(request, allowed: ["name", "type", "region"])
            let name = try body.string("name", required: true, limit: Registration.maximumNameLength) ?? ""
            let type = try body.string("type", required: true, limit: 200) ?? ""
            let region = try body.string("region", required: true, limit: 200) ?? ""
            let organisation = try await perform { () async throws(RegisterFailure) in
                try await api.register.createOrganisation(name: name, type: type, region: region)
            }
            return try APIContext.json(OrganisationResource(organisation), status: .created)
        }
        group.on("people", .get) { _, context in
            try requireAdmin(context)
            let (people, names) = try await perform { () async throws(RegisterFailure) in
                (try await api.register.people(), try await organisationNames())
            }
            return try APIContext.json(["people": people.map { PersonResource($0, organisations: names) }])
        }
        group.on("people", .post) { request, context in
            try requireAdmin(context)
            let (_, body) = try await api.readBody(request, allowed: PeopleRoutes.personMembers)
            let entry = PeopleRegister.PersonEntry(
                name: try body.string("name", required: true, limit: Registration.maximumNameLength) ?? "",
                email: try body.string("email", required: true, limit: EmailAddress.maximumBytes) ?? "",
                roles: try strings(body, "roles", required: true) ?? [],
                organisation: try body.string("organisation", limit: Registration.maximumNameLength),
                regions: try strings(body, "regions") ?? [], notify: try body.string("notify", limit: 20))
            let (person, names) = try await perform { () async throws(RegisterFailure) in
                (try await api.register.createPerson(entry), try await organisationNames())
            }
            return try APIContext.json(PersonResource(person, organisations: names), status: .created)
        }
        group.on("people/{id}", .get) { _, context in
            try requireAdmin(context)
            let id = try context.parameters.require("id")
            let (person, names) = try await perform { () async throws(RegisterFailure) in
                (try await api.register.person(id: id), try await organisationNames())
            }
            guard let person else { throw Problem(.notFound, .personUnknown(id: id)) }
            return try APIContext.json(PersonResource(person, organisations: names))
        }
        group.on("people/{id}", .patch) { request, context in
            try requireAdmin(context)
            let id = try context.parameters.require("id")
            let (_, body) = try await api.readBody(request, allowed: PeopleRoutes.personMembers.union(["active"]))
            var changes = PeopleRegister.PersonChanges(
                name: try body.string("name", limit: Registration.maximumNameLength),
                email: try body.string("email", limit: EmailAddress.maximumBytes),
                roles: try strings(body, "roles"), regions: try strings(body, "regions"),
                notify: try body.string("notify", limit: 20))
            if body.members["organisation"] == .null {
                changes.organisation = .some(nil)
            } else if let organisation = try body.string("organisation", limit: Registration.maximumNameLength) {
                changes.organisation = organisation
            }
            switch body.members["active"] {
            case nil: break
            case .bool(let active)?: changes.active = active
            case let other?: throw Problem(.invalidBody, "'active' must be a boolean, not \(other.typeName)")
            }
            let update = changes
            let (person, names) = try await perform { () async throws(RegisterFailure) in
                (try await api.register.updatePerson(id: id, update), try await organisationNames())
            }
            return try APIContext.json(PersonResource(person, organisations: names))
        }
        group.on("me", .get) { _, context in
            let actor = try context.requireActor()
            var person: PersonResource?
            if let id = context.personID {
                let (found, names) = try await perform { () async throws(RegisterFailure) in
                    (try await api.register.person(id: id), try await organisationNames())
                }
                person = found.map { PersonResource($0, organisations: names) }
            }
            return try APIContext.json(
                MeResource(
                    token: context.principal ?? "", name: actor.name, role: actor.role,
                    organisation: actor.organisation, person: person))
        }
    }

    private func requireAdmin(_ context: PipelineRequestContext) throws {
        guard Access.isAdmin(try context.requireActor()) else {
            throw Problem(.forbidden, "only admins manage organisations and people")
        }
    }

    /// Every organisation's name, by id: people are shown with theirs.
    private func organisationNames() async throws(RegisterFailure) -> [String: String] {
        Dictionary(
            try await api.register.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// A member that is an array of strings.
    private func strings(_ body: JSONBody, _ key: String, required: Bool = false) throws -> [String]? {
        try body.strings(key, required: required, maximumCount: 100, limit: Registration.maximumNameLength)
    }

    /// Runs a register call, turning its failure into a problem with the refusal's code: 422 for
    /// an entry that does not fit, 404 for what is not there, 409 for what is registered already.
    private func perform<T>(_ body: () async throws(RegisterFailure) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            switch error {
            case .invalid(let refusal): throw Problem(.invalidInput, refusal)
            case .notFound(let refusal): throw Problem(.notFound, refusal)
            case .duplicate(let refusal): throw Problem(.alreadyExists, refusal)
            case .store(let error): throw Problem(.store(error))
            }
        }
    }
}

/// An organisation of the register, as the API and `pipeline organisations --json` show it.
public struct OrganisationResource: Encodable, Sendable {
    public let id: String
    public let name: String
    public let type: String
    public let typeLabel: String
    public let region: String
    public let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, type, region
        case typeLabel = "type_label"
        case createdAt = "created_at"
    }

    public init(_ organisation: OrganisationRecord) {
        id = organisation.id
        name = organisation.name
        type = organisation.type.rawValue
        typeLabel = organisation.type.label
        region = organisation.region
        createdAt = organisation.createdAt
    }
}

/// A person of the register, as the API and `pipeline people --json` show them.
public struct PersonResource: Encodable, Sendable {
    public let id: String
    public let name: String
    public let email: String
    public let roles: [String]
    /// Their organisation's id.
    public let organisation: String?
    public let organisationName: String?
    public let regions: [String]
    public let notify: String
    public let active: Bool
    public let createdAt: Date
    public let updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, email, roles, organisation, regions, notify, active
        case organisationName = "organisation_name"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// The person, with their organisation's name from `organisations` (names by id).
    public init(_ person: PersonRecord, organisations: [String: String]) {
        id = person.id
        name = person.name
        email = person.email
        roles = person.roles
        organisation = person.organisationID
        organisationName = person.organisationID.flatMap { organisations[$0] }
        regions = person.regions
        notify = person.notify.rawValue
        active = person.active
        createdAt = person.createdAt
        updatedAt = person.updatedAt
    }
}

/// Who the caller is: the token's actor, and its person when it belongs to one.
struct MeResource: Encodable {
    let token: String
    let name: String
    let role: String
    let organisation: String?
    let person: PersonResource?
}
