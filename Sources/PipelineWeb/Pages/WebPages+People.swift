import Foundation
import HTTPTypes
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    /// The registers of organisations and people, for admins (as `GET /v1/organisations` and
    /// `GET /v1/people`), with the forms that register an organisation or a person. Every change
    /// goes through the `PeopleRegister`, as `pipeline people` and `/v1/people` do, so a page
    /// refuses what they refuse, worded in the page's language (``registerRefusal(_:)``); tokens
    /// are issued by the CLI and the API only.
    func people(_ request: Request, _ visitor: Visitor) async throws -> Response {
        try requirePeopleAdmin(visitor)
        return try await peoplePage(visitor, done: doneMessage(request))
    }

    /// Registers an organisation, as `POST /v1/organisations`; a refusal shows the register again
    /// with the reason and what was typed.
    func addOrganisation(_ visitor: Visitor) async throws -> Response {
        try requirePeopleAdmin(visitor)
        let draft = OrganisationDraft(form: visitor.form)
        do {
            _ = try await register.createOrganisation(name: draft.name, type: draft.type, region: draft.region)
        } catch .store {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        } catch {
            return try await peoplePage(
                visitor, organisation: draft, organisationRefusal: registerRefusal(error),
                status: Self.status(of: error))
        }
        return PageResponse.redirect("/people?done=people_organisation_added")
    }

    /// Registers a person, as `POST /v1/people` (without a token); a refusal shows the register
    /// again with the reason and what was typed.
    func addPerson(_ visitor: Visitor) async throws -> Response {
        try requirePeopleAdmin(visitor)
        let draft = PersonDraft(form: visitor.form)
        let entry = PeopleRegister.PersonEntry(
            name: draft.name, email: draft.email, roles: draft.roles,
            organisation: draft.organisation.isEmpty ? nil : draft.organisation, regions: draft.regions,
            notify: draft.notify.isEmpty ? nil : draft.notify)
        do {
            _ = try await register.createPerson(entry)
        } catch .store {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        } catch {
            return try await peoplePage(
                visitor, person: draft, personRefusal: registerRefusal(error), status: Self.status(of: error))
        }
        return PageResponse.redirect("/people?done=people_person_added")
    }

    /// One person's entry in a form to change it, with Deactivate or Activate.
    func personPage(_ request: Request, _ visitor: Visitor, id: String) async throws -> Response {
        try requirePeopleAdmin(visitor)
        let person = try await registeredPerson(id)
        return try await personPage(visitor, person, draft: PersonDraft(person), done: doneMessage(request))
    }

    /// Changes a person's entry, as `PATCH /v1/people/{id}` with every member of the form; a
    /// refusal shows the form again with the reason and what was typed.
    func changePerson(_ visitor: Visitor, id: String) async throws -> Response {
        try requirePeopleAdmin(visitor)
        let person = try await registeredPerson(id)
        let draft = PersonDraft(form: visitor.form)
        let changes = PeopleRegister.PersonChanges(
            name: draft.name, email: draft.email, roles: draft.roles,
            organisation: .some(draft.organisation.isEmpty ? nil : draft.organisation), regions: draft.regions,
            notify: draft.notify.isEmpty ? nil : draft.notify)
        do {
            _ = try await register.updatePerson(id: person.id, changes)
        } catch .store {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        } catch .notFound {
            throw PageError(.notFound, labels["people_no_person"])
        } catch {
            return try await personPage(
                visitor, person, draft: draft, refusal: registerRefusal(error), status: Self.status(of: error))
        }
        return PageResponse.redirect("/people/\(person.id)?done=people_person_saved")
    }

    /// Deactivates or activates a person, as `pipeline people deactivate|activate`.
    func setPersonActive(_ visitor: Visitor, id: String, active: Bool) async throws -> Response {
        try requirePeopleAdmin(visitor)
        let person: PersonRecord
        do {
            person = try await register.setActive(id: id, active)
        } catch .notFound {
            throw PageError(.notFound, labels["people_no_person"])
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        return PageResponse.redirect(
            "/people/\(person.id)?done=" + (active ? "people_activated" : "people_deactivated"))
    }

    // MARK: - Pages

    private func peoplePage(
        _ visitor: Visitor, done: String = "", organisation: OrganisationDraft = OrganisationDraft(),
        organisationRefusal: String = "", person: PersonDraft = PersonDraft(), personRefusal: String = "",
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (organisations, people) = try await registers()
        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.name) })
        let values: [String: Any] = [
            "done": done,
            "has_organisations": !organisations.isEmpty, "has_people": !people.isEmpty,
            "organisations": organisations.map { organisation -> [String: Any] in
                [
                    "name": organisation.name, "type": organisation.type.label, "region": organisation.region,
                    "people": people.filter { $0.organisationID == organisation.id }.count,
                ]
            },
            "people": people.map { person -> [String: Any] in
                [
                    "id": person.id, "name": person.name, "email": person.email,
                    "roles": person.roles.map(roleName).joined(separator: ", "),
                    "organisation": person.organisationID.flatMap { names[$0] } ?? "",
                    "regions": person.regions.joined(separator: ", "),
                    "notify": notifyLabel(person.notify), "inactive": !person.active,
                ]
            },
            "organisation_form": organisationForm(organisation, refusal: organisationRefusal),
            "person_form": personForm(
                person, organisations: organisations, action: "/people", button: labels["people_add_person_button"],
                refusal: personRefusal),
        ]
        return html("people", values, visitor: visitor, title: labels["people_title"], status: status)
    }

    private func personPage(
        _ visitor: Visitor, _ person: PersonRecord, draft: PersonDraft, done: String = "", refusal: String = "",
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (organisations, _) = try await registers()
        let values: [String: Any] = [
            "done": done, "id": person.id, "heading": person.name, "inactive": !person.active,
            "person_form": personForm(
                draft, organisations: organisations, action: "/people/\(person.id)",
                button: labels["people_save_person"], refusal: refusal),
        ]
        return html("person", values, visitor: visitor, title: person.name, status: status)
    }

    private func organisationForm(_ draft: OrganisationDraft, refusal: String) -> [String: Any] {
        [
            "refusal": refusal, "name": draft.name,
            "types": OrganisationType.allCases.map { type -> [String: Any] in
                ["value": type.rawValue, "label": type.label, "selected": type.rawValue == draft.type]
            },
            "has_regions": !regions.isEmpty, "region": draft.region,
            "regions": regions.map { region -> [String: Any] in ["value": region, "selected": region == draft.region] },
        ]
    }

    private func personForm(
        _ draft: PersonDraft, organisations: [OrganisationRecord], action: String, button: String, refusal: String
    ) -> [String: Any] {
        // The configured regions, and any other the person serves already, so that none is lost unseen.
        let offered = regions + draft.regions.filter { !regions.contains($0) }
        return [
            "action": action, "button": button, "refusal": refusal, "name": draft.name, "email": draft.email,
            "roles": Registration.roles.map { role -> [String: Any] in
                ["value": role, "label": roleName(role), "checked": draft.roles.contains(role)]
            },
            "organisations": organisations.map { organisation -> [String: Any] in
                [
                    "value": organisation.id, "label": organisation.name,
                    "selected": organisation.id == draft.organisation,
                ]
            },
            "regions": offered.enumerated().map { index, region -> [String: Any] in
                ["value": region, "number": index + 1, "checked": draft.regions.contains(region)]
            },
            "notify": NotificationPreference.allCases.map { preference -> [String: Any] in
                [
                    "value": preference.rawValue, "label": notifyLabel(preference),
                    "selected": preference.rawValue == (draft.notify.isEmpty ? "immediate" : draft.notify),
                ]
            },
        ]
    }

    // MARK: -

    private func requirePeopleAdmin(_ visitor: Visitor) throws {
        guard Access.isAdmin(visitor.actor) else { throw PageError(.forbidden, labels["people_admins_only"]) }
    }

    private func registers() async throws -> ([OrganisationRecord], [PersonRecord]) {
        do {
            return (try await store.organisations(), try await store.people())
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
    }

    /// The person with this id; a 404 page when there is none.
    private func registeredPerson(_ id: String) async throws -> PersonRecord {
        let found: PersonRecord?
        do { found = try await register.person(id: id) } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        guard let found else { throw PageError(.notFound, labels["people_no_person"]) }
        return found
    }

    /// Why the register refused, in the page's language, with roles named as the forms name them.
    private func registerRefusal(_ failure: RegisterFailure) -> String {
        let roles = Dictionary(uniqueKeysWithValues: Registration.roles.map { ($0, roleName($0)) })
        return RefusalWords(workflow: nil, labels: labels, roleNames: roles).message(failure)
    }

    /// The status of a register's refusal, as the API answers it.
    private static func status(of failure: RegisterFailure) -> HTTPResponse.Status {
        switch failure {
        case .invalid: return .unprocessableContent
        case .notFound: return .notFound
        case .duplicate: return .conflict
        case .store: return .serviceUnavailable
        }
    }

    private func notifyLabel(_ preference: NotificationPreference) -> String {
        switch preference {
        case .immediate: return labels["people_notify_immediate"]
        case .daily: return labels["people_notify_daily"]
        case .off: return labels["people_notify_off"]
        }
    }
}

/// What the organisation form holds: nothing yet, or what was sent.
struct OrganisationDraft: Sendable {
    var name = ""
    var type = ""
    var region = ""

    init() {}

    init(form: FormBody) {
        name = form["name"] ?? ""
        type = form["type"] ?? ""
        region = form["region"] ?? ""
    }
}

/// What the person form holds: nothing yet, a person's entry, or what was sent. `organisation`
/// is an organisation's id, empty for none; `notify` is empty when not sent.
struct PersonDraft: Sendable {
    var name = ""
    var email = ""
    var roles: [String] = []
    var organisation = ""
    var regions: [String] = []
    var notify = ""

    init() {}

    init(_ person: PersonRecord) {
        name = person.name
        email = person.email
        roles = person.roles
        organisation = person.organisationID ?? ""
        regions = person.regions
        notify = person.notify.rawValue
    }

    init(form: FormBody) {
        name = form["name"] ?? ""
        email = form["email"] ?? ""
        roles = form.all("roles")
        organisation = form["organisation"] ?? ""
        regions = form.all("regions")
        notify = form["notify"] ?? ""
    }
}
