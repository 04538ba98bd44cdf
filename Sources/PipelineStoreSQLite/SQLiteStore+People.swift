import Foundation
import GRDB
import PipelineCore
import PipelineStore

extension SQLiteStore {
    public func addOrganisation(_ organisation: OrganisationRecord) async throws(StoreError) {
        try await write { db in
            try SQLiteStore.refusingDuplicates {
                try db.execute(
                    sql: """
                        INSERT INTO organisations (id, name, name_key, type, region, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        organisation.id, organisation.name, organisation.nameKey, organisation.type.rawValue,
                        organisation.region, organisation.createdAt.milliseconds,
                    ])
            }
        }
    }

    public func organisations() async throws(StoreError) -> [OrganisationRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM organisations ORDER BY name_key, name, id").map(
                SQLiteStore.organisation)
        }
    }

    public func organisation(id: String) async throws(StoreError) -> OrganisationRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM organisations WHERE id = ?", arguments: [id]).map(
                SQLiteStore.organisation)
        }
    }

    public func organisation(named name: String) async throws(StoreError) -> OrganisationRecord? {
        let key = Registration.nameKey(name)
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM organisations WHERE name_key = ?", arguments: [key]).map(
                SQLiteStore.organisation)
        }
    }

    public func hasOrganisations() async throws(StoreError) -> Bool {
        try await read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM organisations)") ?? false }
    }

    public func addPerson(_ person: PersonRecord) async throws(StoreError) {
        try await write { db in
            try SQLiteStore.refusingDuplicates {
                try db.execute(
                    sql: """
                        INSERT INTO people (id, name, email, organisation_id, notify, active, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        person.id, person.name, person.email, person.organisationID, person.notify.rawValue,
                        person.active, person.createdAt.milliseconds, person.updatedAt.milliseconds,
                    ])
            }
            try SQLiteStore.writeRolesAndRegions(of: person, in: db)
        }
    }

    public func updatePerson(_ person: PersonRecord) async throws(StoreError) -> Bool {
        try await write { db in
            try SQLiteStore.refusingDuplicates {
                try db.execute(
                    sql: """
                        UPDATE people SET name = ?, email = ?, organisation_id = ?, notify = ?, active = ?, updated_at = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        person.name, person.email, person.organisationID, person.notify.rawValue, person.active,
                        person.updatedAt.milliseconds, person.id,
                    ])
            }
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM person_roles WHERE person_id = ?", arguments: [person.id])
            try db.execute(sql: "DELETE FROM person_regions WHERE person_id = ?", arguments: [person.id])
            try SQLiteStore.writeRolesAndRegions(of: person, in: db)
            return true
        }
    }

    public func setPersonActive(id: String, active: Bool, at time: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE people SET active = ?, updated_at = ? WHERE id = ?",
                arguments: [active, time.milliseconds, id])
            return db.changesCount > 0
        }
    }

    public func person(id: String) async throws(StoreError) -> PersonRecord? {
        try await read { db in try SQLiteStore.people(db, where: "id = ?", [id]).first }
    }

    public func person(email: String) async throws(StoreError) -> PersonRecord? {
        try await read { db in try SQLiteStore.people(db, where: "email = ?", [email]).first }
    }

    public func people() async throws(StoreError) -> [PersonRecord] {
        try await read { db in try SQLiteStore.people(db, where: "1", []) }
    }

    public func facilitators(serving region: String) async throws(StoreError) -> [PersonRecord] {
        try await read { db in
            try SQLiteStore.people(
                db,
                where: """
                    active = 1 AND id IN (SELECT person_id FROM person_roles WHERE role = 'facilitator')
                    AND id IN (SELECT person_id FROM person_regions WHERE region = ?)
                    """, [region])
        }
    }

    public func openIdeasOwned(by personIDs: [String]) async throws(StoreError) -> [String: Int] {
        guard !personIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: personIDs.count).joined(separator: ", ")
        return try await read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT owner_id, COUNT(*) AS owned FROM ideas
                    WHERE owner_id IN (\(placeholders)) AND status IN ('active', 'on_hold')
                    GROUP BY owner_id
                    """, arguments: StatementArguments(personIDs))
            {
                counts[row["owner_id"]] = row["owned"]
            }
            return counts
        }
    }

    /// The people a condition selects (a constant of this file, never input), with their roles and
    /// regions, read in one transaction. The statements are prepared once per connection and
    /// condition (GRDB's statement cache: every notice of every command asks for its recipients).
    static func people(_ db: Database, where condition: String, _ arguments: StatementArguments) throws
        -> [PersonRecord]
    {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM people WHERE \(condition) ORDER BY name, id"), arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let selection = "person_id IN (SELECT id FROM people WHERE \(condition))"
        var roles: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT person_id, role FROM person_roles WHERE \(selection)"),
            arguments: arguments)
        {
            roles[row["person_id"], default: []].append(row["role"])
        }
        var regions: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT person_id, region FROM person_regions WHERE \(selection) ORDER BY region"),
            arguments: arguments)
        {
            regions[row["person_id"], default: []].append(row["region"])
        }
        return try rows.map { row in
            let id: String = row["id"]
            let notify: String = row["notify"]
            guard let preference = NotificationPreference(rawValue: notify) else {
                throw StoreError.corrupt("person \(id) has an unknown notification preference")
            }
            let held = roles[id] ?? []
            let created: Int64 = row["created_at"]
            let updated: Int64 = row["updated_at"]
            return PersonRecord(
                id: id, name: row["name"], email: row["email"], roles: Registration.roles.filter(held.contains),
                organisationID: row["organisation_id"], regions: regions[id] ?? [], notify: preference,
                active: row["active"], createdAt: Date(milliseconds: created), updatedAt: Date(milliseconds: updated))
        }
    }

    private static func writeRolesAndRegions(of person: PersonRecord, in db: Database) throws {
        for role in person.roles {
            try db.execute(
                sql: "INSERT INTO person_roles (person_id, role) VALUES (?, ?)", arguments: [person.id, role])
        }
        for region in person.regions {
            try db.execute(
                sql: "INSERT INTO person_regions (person_id, region) VALUES (?, ?)", arguments: [person.id, region])
        }
    }

    private static func organisation(_ row: Row) throws -> OrganisationRecord {
        let id: String = row["id"]
        let type: String = row["type"]
        let created: Int64 = row["created_at"]
        guard let kind = OrganisationType(rawValue: type) else {
            throw StoreError.corrupt("organisation \(id) has an unknown type")
        }
        return OrganisationRecord(
            id: id, name: row["name"], type: kind, region: row["region"], createdAt: Date(milliseconds: created))
    }

    /// Runs a write, turning a violated uniqueness into the register's typed error.
    private static func refusingDuplicates(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            let message = error.message ?? ""
            if message.contains("people.email") { throw StoreError.duplicate(.email) }
            if message.contains("organisations.name_key") { throw StoreError.duplicate(.organisationName) }
            if error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY { throw StoreError.duplicate(.id) }
            throw error
        }
    }
}
