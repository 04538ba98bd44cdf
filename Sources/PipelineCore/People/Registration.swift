/// The rules of the organisations and people registers, for every edge (API, CLI, pages): what a
/// name, a role, a region, a type and a notification preference may be. Pure; the regions come in
/// as a ``RegionList``. That an organisation exists, and that a name or an address is not taken,
/// the application layer asks the store. Each refusal is an ``InvalidEntry`` with a ``Refusal``
/// of the register's codes (`Refusal+Catalog.swift`), so the pages word it in their language.
public enum Registration {
    /// The roles a person can have: the roles of tokens.
    public static let roles = [Actor.submitter, Actor.facilitator, "gatekeeper", Actor.admin]

    public static let maximumNameLength = 200

    /// A person's or organisation's name: trimmed of white space, not empty, at most 200
    /// characters (Unicode scalars, counted as given), without control characters. `what`:
    /// ``Refusal/Subject/organisationName`` or ``Refusal/Subject/personName``.
    public static func name(_ text: String, of what: Refusal.Subject) throws(InvalidEntry) -> String {
        guard text.unicodeScalars.count <= maximumNameLength else {
            throw InvalidEntry(.nameTooLong(what, limit: maximumNameLength))
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InvalidEntry(.nameControlCharacter(what))
        }
        let trimmed = text.trimmingWhiteSpace()
        guard !trimmed.isEmpty else { throw InvalidEntry(.nameEmpty(what)) }
        return trimmed
    }

    /// What makes two organisation names the same: their trimmed, lower-case form. The stores keep it
    /// beside the name and refuse a second organisation with the same key.
    public static func nameKey(_ name: String) -> String { name.trimmingWhiteSpace().lowercased() }

    /// One or more distinct roles of ``roles``, in the order of that list.
    public static func roles(_ given: [String]) throws(InvalidEntry) -> [String] {
        guard !given.isEmpty else { throw InvalidEntry(.rolesMissing(roles: roles)) }
        for role in given where !roles.contains(role) {
            throw InvalidEntry(.roleUnknown(role, roles: roles))
        }
        for (index, role) in given.enumerated() where given[..<index].contains(role) {
            throw InvalidEntry(.roleTwice(role))
        }
        return roles.filter(given.contains)
    }

    /// A region of the list (see ``RegionList/problem(_:)``).
    public static func region(_ region: String, in list: RegionList) throws(InvalidEntry) -> String {
        if let refusal = list.refusal(region) { throw InvalidEntry(refusal.printable) }
        // An empty list takes any region: then only what no region can be is refused.
        guard !region.trimmingWhiteSpace().isEmpty else { throw InvalidEntry(.regionEmpty) }
        guard region.unicodeScalars.count <= maximumNameLength,
            !region.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw InvalidEntry(.regionInvalid(limit: maximumNameLength)) }
        return region
    }

    /// Distinct regions of the list, sorted (by their bytes, as the stores order them).
    public static func regions(_ given: [String], in list: RegionList) throws(InvalidEntry) -> [String] {
        var checked: [String] = []
        for region in given {
            checked.append(try self.region(region, in: list))
            if checked.dropLast().contains(region) { throw InvalidEntry(.regionTwice(region)) }
        }
        return checked.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public static func organisationType(_ text: String) throws(InvalidEntry) -> OrganisationType {
        guard let type = OrganisationType(rawValue: text) else { throw InvalidEntry(.organisationTypeUnknown(text)) }
        return type
    }

    public static func notificationPreference(_ text: String) throws(InvalidEntry) -> NotificationPreference {
        guard let preference = NotificationPreference(rawValue: text) else {
            throw InvalidEntry(.notifyUnknown(text))
        }
        return preference
    }

    /// Submitters act for their organisation: a person with that role needs one.
    public static func requireOrganisation(roles: [String], organisationID: String?) throws(InvalidEntry) {
        if roles.contains(Actor.submitter), organisationID == nil {
            throw InvalidEntry(.submitterNeedsOrganisation)
        }
    }

    /// A token acts in one of its person's roles.
    public static func tokenRole(_ role: String, of personRoles: [String]) throws(InvalidEntry) {
        guard personRoles.contains(role) else { throw InvalidEntry(.tokenRoleNotHeld(role, roles: personRoles)) }
    }
}

extension Refusal {
    /// The refusal with control characters shown as `?`, in its values and its sentence.
    var printable: Refusal { Refusal(code, values.mapValues(\.printable), message.printable) }
}
