import Foundation
import PipelineCore
import PipelineStore
import PostgresNIO

extension PostgresStore {
    public func addOrganisation(_ organisation: OrganisationRecord) async throws(StoreError) {
        try await transaction { connection in
            try await PostgresStore.refusingDuplicates {
                _ = try await connection.query(
                    """
                    INSERT INTO organisations (id, name, name_key, type, region, created_at)
                    VALUES (\(organisation.id), \(organisation.name), \(organisation.nameKey),
                            \(organisation.type.rawValue), \(organisation.region),
                            \(organisation.createdAt.milliseconds))
                    """, logger: logger)
            }
        }
    }

    public func organisations() async throws(StoreError) -> [OrganisationRecord] {
        try await rows(
            "SELECT id, name, type, region, created_at FROM organisations ORDER BY name_key, name, id",
            PostgresStore.organisation)
    }

    public func organisation(id: String) async throws(StoreError) -> OrganisationRecord? {
        try await rows(
            "SELECT id, name, type, region, created_at FROM organisations WHERE id = \(id)",
            PostgresStore.organisation
        ).first
    }

    public func organisation(named name: String) async throws(StoreError) -> OrganisationRecord? {
        let key = Registration.nameKey(name)
        return try await rows(
            "SELECT id, name, type, region, created_at FROM organisations WHERE name_key = \(key)",
            PostgresStore.organisation
        ).first
    }

    public func hasOrganisations() async throws(StoreError) -> Bool {
        try await rows("SELECT EXISTS (SELECT 1 FROM organisations)") { try $0.decode(Bool.self) }.first ?? false
    }

    public func addPerson(_ person: PersonRecord) async throws(StoreError) {
        try await transaction { connection in
            try await PostgresStore.refusingDuplicates {
                _ = try await connection.query(
                    """
                    INSERT INTO people (id, name, email, organisation_id, notify, active, created_at, updated_at)
                    VALUES (\(person.id), \(person.name), \(person.email), \(person.organisationID),
                            \(person.notify.rawValue), \(person.active), \(person.createdAt.milliseconds),
                            \(person.updatedAt.milliseconds))
                    """, logger: logger)
            }
            try await writeRolesAndRegions(of: person, on: connection)
        }
    }

    public func updatePerson(_ person: PersonRecord) async throws(StoreError) -> Bool {
        try await transaction { connection in
            let changed = try await PostgresStore.refusingDuplicates {
                try await connection.changes(
                    """
                    UPDATE people SET name = \(person.name), email = \(person.email),
                        organisation_id = \(person.organisationID), notify = \(person.notify.rawValue),
                        active = \(person.active), updated_at = \(person.updatedAt.milliseconds)
                    WHERE id = \(person.id)
                    RETURNING id
                    """, logger: logger)
            }
            guard changed > 0 else { return false }
            try await connection.query("DELETE FROM person_roles WHERE person_id = \(person.id)", logger: logger)
            try await connection.query("DELETE FROM person_regions WHERE person_id = \(person.id)", logger: logger)
            try await writeRolesAndRegions(of: person, on: connection)
            return true
        }
    }

    public func setPersonActive(id: String, active: Bool, at time: Date) async throws(StoreError) -> Bool {
        try await changes(
            """
            UPDATE people SET active = \(active), updated_at = \(time.milliseconds) WHERE id = \(id) RETURNING id
            """
        ) > 0
    }

    public func person(id: String) async throws(StoreError) -> PersonRecord? {
        try await rows(PostgresQuery(unsafeSQL: PostgresStore.personQuery + " WHERE p.id = $1", binds: binds(id))) {
            try PostgresStore.person($0)
        }.first
    }

    public func person(email: String) async throws(StoreError) -> PersonRecord? {
        try await rows(PostgresQuery(unsafeSQL: PostgresStore.personQuery + " WHERE p.email = $1", binds: binds(email)))
        { try PostgresStore.person($0) }.first
    }

    public func people() async throws(StoreError) -> [PersonRecord] {
        try await rows(PostgresQuery(unsafeSQL: PostgresStore.personQuery + " ORDER BY p.name, p.id")) {
            try PostgresStore.person($0)
        }
    }

    public func facilitators(serving region: String) async throws(StoreError) -> [PersonRecord] {
        try await rows(
            PostgresQuery(
                unsafeSQL: PostgresStore.personQuery + """
                     WHERE p.active
                      AND EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id AND r.role = 'facilitator')
                      AND EXISTS (SELECT 1 FROM person_regions g WHERE g.person_id = p.id AND g.region = $1)
                    ORDER BY p.name, p.id
                    """, binds: binds(region))
        ) { try PostgresStore.person($0) }
    }

    public func openIdeasOwned(by personIDs: [String]) async throws(StoreError) -> [String: Int] {
        guard !personIDs.isEmpty else { return [:] }
        let rows = try await rows(
            """
            SELECT owner_id, COUNT(*) FROM ideas
            WHERE owner_id = ANY(\(personIDs)::text[]) AND status IN ('active', 'on_hold')
            GROUP BY owner_id
            """
        ) { try $0.decode((String, Int).self) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// A person with their roles and regions, in one statement (one snapshot).
    static let personQuery = """
        SELECT p.id, p.name, p.email, p.organisation_id, p.notify, p.active, p.created_at, p.updated_at,
               ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role),
               ARRAY(SELECT g.region FROM person_regions g WHERE g.person_id = p.id ORDER BY g.region)
        FROM people p
        """

    private func binds(_ value: String) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(value)
        return bindings
    }

    private func writeRolesAndRegions(of person: PersonRecord, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO person_roles (person_id, role) SELECT \(person.id), unnest(\(person.roles)::text[])
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO person_regions (person_id, region) SELECT \(person.id), unnest(\(person.regions)::text[])
            """, logger: logger)
    }

    static func person(_ row: PostgresRow) throws -> PersonRecord {
        let (id, name, email, organisationID, notify, active, created, updated, roles, regions) = try row.decode(
            (String, String, String, String?, String, Bool, Int64, Int64, [String], [String]).self)
        guard let preference = NotificationPreference(rawValue: notify) else {
            throw StoreError.corrupt("person \(id) has an unknown notification preference")
        }
        return PersonRecord(
            id: id, name: name, email: email, roles: Registration.roles.filter(roles.contains),
            organisationID: organisationID, regions: regions, notify: preference, active: active,
            createdAt: Date(milliseconds: created), updatedAt: Date(milliseconds: updated))
    }

    private static func organisation(_ row: PostgresRow) throws -> OrganisationRecord {
        let (id, name, type, region, created) = try row.decode((String, String, String, String, Int64).self)
        guard let kind = OrganisationType(rawValue: type) else {
            throw StoreError.corrupt("organisation \(id) has an unknown type")
        }
        return OrganisationRecord(
            id: id, name: name, type: kind, region: region, createdAt: Date(milliseconds: created))
    }

    /// Runs a statement, turning a violated uniqueness (SQLSTATE 23505) into the register's typed error.
    private static func refusingDuplicates<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            switch error.serverInfo?[.constraintName] {
            case "people_email_unique": throw StoreError.duplicate(.email)
            case "organisations_name_unique": throw StoreError.duplicate(.organisationName)
            case "people_pkey", "organisations_pkey": throw StoreError.duplicate(.id)
            default: throw error
            }
        }
    }
}
