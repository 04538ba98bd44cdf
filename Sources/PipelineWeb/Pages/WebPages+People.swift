import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    /// The registers of organisations and people, for admins (as `GET /v1/organisations` and
    /// `GET /v1/people`). Changes go through `pipeline people` and the API for now.
    func people(_ visitor: Visitor) async throws -> Response {
        guard Access.isAdmin(visitor.actor) else { throw PageError(.forbidden, labels["people_admins_only"]) }
        let organisations: [OrganisationRecord]
        let people: [PersonRecord]
        do {
            organisations = try await store.organisations()
            people = try await store.people()
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.name) })
        let values: [String: Any] = [
            "has_organisations": !organisations.isEmpty, "has_people": !people.isEmpty,
            "organisations": organisations.map { organisation -> [String: Any] in
                [
                    "name": organisation.name, "type": organisation.type.label, "region": organisation.region,
                    "people": people.filter { $0.organisationID == organisation.id }.count,
                ]
            },
            "people": people.map { person -> [String: Any] in
                [
                    "name": person.name, "email": person.email, "roles": person.roles.joined(separator: ", "),
                    "organisation": person.organisationID.flatMap { names[$0] } ?? "",
                    "regions": person.regions.joined(separator: ", "),
                    "notify": notifyLabel(person.notify), "inactive": !person.active,
                ]
            },
        ]
        return html("people", values, visitor: visitor, title: labels["people_title"])
    }

    private func notifyLabel(_ preference: NotificationPreference) -> String {
        switch preference {
        case .immediate: return labels["people_notify_immediate"]
        case .daily: return labels["people_notify_daily"]
        case .off: return labels["people_notify_off"]
        }
    }
}
