import Foundation
import HTTPTypes
import PipelineServer
import PipelineStoreSQLite
import PipelineTestSupport
import Testing
import Yams

/// The OpenAPI document is the contract: every route the server has is in it, every route in it
/// exists, and the answers the server gives validate against its schemas.
@Suite("OpenAPI contract")
struct OpenAPIContractTests {
    nonisolated(unsafe) static let document: [String: Any] = {
        let url = APIFixture.packageRoot.appendingPathComponent("openapi.yaml")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return ((try? Yams.load(yaml: text)) as? [String: Any]) ?? [:]
    }()

    static var documentedRoutes: Set<String> {
        var routes: Set<String> = []
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for method in (item as? [String: Any] ?? [:]).keys
            where ["get", "post", "patch", "put", "delete"].contains(method) {
                routes.insert("\(method.uppercased()) \(path)")
            }
        }
        return routes
    }

    @Test("the document and the router list the same routes")
    func sameRoutes() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let served = Set(try PipelineServer.routes(store: fixture.store, library: APIFixture.library))
        #expect(!served.isEmpty)
        #expect(served.subtracting(Self.documentedRoutes).sorted() == [], "served but not documented")
        #expect(Self.documentedRoutes.subtracting(served).sorted() == [], "documented but not served")
    }

    @Test("the repository's openapi.yaml is the one the server serves")
    func servedDocument() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let onDisk = try String(
            contentsOf: APIFixture.packageRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        try await fixture.withServer { api in
            let served = try await api.send(.get, "/openapi.yaml", as: nil)
            #expect(served.text == onDisk)
        }
    }

    @Test("answers validate against the document's schemas")
    func responsesValidate() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            var samples: [(HTTPRequest.Method, String, String, Reply)] = []
            func sample(
                _ method: HTTPRequest.Method, _ template: String, _ path: String,
                as person: APIFixture.Person? = .facilitator, json: String? = nil, headers: [String: String] = [:]
            ) async throws {
                samples.append(
                    (method, template, path, try await api.send(method, path, as: person, json: json, headers: headers))
                )
            }
            try await sample(.get, "/health", "/health", as: nil)
            try await sample(.get, "/v1/ideas", "/v1/ideas?limit=1")
            try await sample(.get, "/v1/ideas", "/v1/ideas?limit=0")
            try await sample(.get, "/v1/ideas", "/v1/ideas", as: nil)
            try await sample(
                .post, "/v1/ideas", "/v1/ideas", as: .practice,
                json: #"{"workflow": "quick-wins", "region": "Twente", "fields": {"title": "t", "summary": "s"}}"#)
            try await sample(
                .post, "/v1/ideas", "/v1/ideas", as: .practice,
                json: #"{"workflow": "quick-wins", "region": "Twente", "fields": {"title": 5}}"#)
            try await sample(.get, "/v1/ideas/{id}", "/v1/ideas/\(id)")
            try await sample(.get, "/v1/ideas/{id}", "/v1/ideas/nope")
            try await sample(
                .patch, "/v1/ideas/{id}", "/v1/ideas/\(id)", as: .practice, json: #"{"fields": {"cost_eur": 5}}"#,
                headers: ["If-Match": "\"\(try await api.version(of: id))\""])
            try await sample(
                .patch, "/v1/ideas/{id}", "/v1/ideas/\(id)", as: .practice, json: #"{"fields": {"cost_eur": -5}}"#,
                headers: ["If-Match": "\"\(try await api.version(of: id))\""])
            try await sample(.patch, "/v1/ideas/{id}", "/v1/ideas/\(id)", as: .practice, json: #"{"fields": {}}"#)
            try await sample(.get, "/v1/ideas/{id}/gate", "/v1/ideas/\(id)/gate")
            try await sample(.get, "/v1/ideas/{id}/history", "/v1/ideas/\(id)/history")
            try await sample(.post, "/v1/ideas/{id}/approvals", "/v1/ideas/\(id)/approvals", json: "{}")
            try await sample(
                .post, "/v1/ideas/{id}/reviews", "/v1/ideas/\(id)/reviews", as: .gatekeeper,
                json: #"{"scores": {"impact": 3, "feasibility": 3, "scalability": 3, "value": 3}, "comment": "ok"}"#)
            try await sample(
                .post, "/v1/ideas/{id}/decisions", "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#)
            try await sample(
                .post, "/v1/ideas/{id}/comments", "/v1/ideas/\(id)/comments", as: .practice, json: #"{"text": "hoi"}"#)
            try await sample(.get, "/v1/ideas/{id}/timers", "/v1/ideas/\(id)/timers")
            try await sample(.get, "/v1/ideas/{id}/timers", "/v1/ideas/nope/timers")
            try await sample(.post, "/v1/ideas/{id}/conditions/{number}/met", "/v1/ideas/\(id)/conditions/1/met")
            try await sample(
                .post, "/v1/ideas/{id}/decisions", "/v1/ideas/\(id)/decisions",
                json: #"{"decision": "hold", "reason": "subsidie"}"#)
            try await sample(
                .post, "/v1/ideas/{id}/decisions", "/v1/ideas/\(id)/decisions",
                json: #"{"decision": "hold", "reason": "subsidie", "until": "2099-03-01"}"#)
            try await sample(.get, "/v1/ideas/{id}", "/v1/ideas/\(id)")
            try await sample(.get, "/v1/ideas/{id}/timers", "/v1/ideas/\(id)/timers")
            // A go with conditions: the idea, the next gate and a met condition show them.
            let conditional = try await api.ideaInBusinessCase()
            try await TimeAPITests.readyForPilot(api, conditional)
            try await sample(
                .post, "/v1/ideas/{id}/decisions", "/v1/ideas/\(conditional)/decisions",
                json:
                    #"{"decision": "go", "conditions": [{"text": "Contract", "due": "2099-01-01"}, {"text": "FG", "due": "2099-02-01"}]}"#
            )
            try await sample(.get, "/v1/ideas/{id}/gate", "/v1/ideas/\(conditional)/gate")
            try await sample(
                .post, "/v1/ideas/{id}/conditions/{number}/met", "/v1/ideas/\(conditional)/conditions/1/met",
                json: #"{"note": "getekend"}"#)
            try await sample(
                .post, "/v1/ideas/{id}/decisions", "/v1/ideas/\(conditional)/decisions", json: #"{"decision": "go"}"#)
            try await sample(.get, "/v1/workflows", "/v1/workflows")
            try await sample(.get, "/v1/workflows/{id}", "/v1/workflows/primary-care-innovation")
            try await sample(.get, "/v1/workflows/{id}", "/v1/workflows/nope")
            try await sample(.get, "/v1/reports/counts", "/v1/reports/counts?by=theme")
            try await sample(.get, "/v1/event-types", "/v1/event-types")
            try await sample(.get, "/v1/event-types/{type}", "/v1/event-types/idea.advanced")
            try await sample(.get, "/v1/event-types/{type}", "/v1/event-types/idea.exploded")
            try await sample(
                .post, "/v1/organisations", "/v1/organisations", as: .admin,
                json: #"{"name": "HAP De Linde", "type": "huisartsenpost", "region": "Twente"}"#)
            try await sample(
                .post, "/v1/organisations", "/v1/organisations", as: .admin,
                json: #"{"name": "hap de linde", "type": "huisartsenpost", "region": "Twente"}"#)
            try await sample(
                .post, "/v1/organisations", "/v1/organisations", as: .admin,
                json: #"{"name": "X", "type": "apotheek", "region": "Twente"}"#)
            try await sample(.get, "/v1/organisations", "/v1/organisations", as: .practice)
            let person = try await api.send(
                .post, "/v1/people", as: .admin,
                json:
                    #"{"name": "Anna", "email": "anna@delinde.nl", "roles": ["submitter"], "organisation": "HAP De Linde", "regions": ["Twente"]}"#
            )
            let personID = person.json["id"] as? String ?? ""
            samples.append((.post, "/v1/people", "/v1/people", person))
            try await sample(
                .post, "/v1/people", "/v1/people", as: .admin,
                json: #"{"name": "Fenna", "email": "fenna@ros.nl", "roles": ["facilitator"]}"#)
            try await sample(
                .post, "/v1/people", "/v1/people", as: .admin,
                json: #"{"name": "Anna", "email": "ANNA@delinde.nl", "roles": ["gatekeeper"]}"#)
            try await sample(
                .post, "/v1/people", "/v1/people", as: .admin,
                json: #"{"name": "B", "email": "b@x", "roles": ["admin"]}"#)
            try await sample(.get, "/v1/people", "/v1/people", as: .admin)
            try await sample(.get, "/v1/people", "/v1/people", as: .facilitator)
            try await sample(.get, "/v1/people/{id}", "/v1/people/\(personID)", as: .admin)
            try await sample(.get, "/v1/people/{id}", "/v1/people/per_nobody", as: .admin)
            let (secret, record) = TokenAuthority.issue(
                name: "Anna", role: "submitter", organisation: "HAP De Linde", personID: personID, now: Date())
            try await fixture.store.addToken(record)
            try await sample(.get, "/v1/me", "/v1/me", as: nil, headers: ["Authorization": "Bearer \(secret)"])
            // Anna's inbox: a comment on her organisation's idea tells her.
            let anna = ["Authorization": "Bearer \(secret)"]
            _ = try await api.send(.post, "/v1/ideas/\(conditional)/comments", json: #"{"text": "Mooi resultaat"}"#)
            _ = try await api.send(.post, "/v1/ideas/\(conditional)/comments", json: #"{"text": "Nog een"}"#)
            let inbox = "/v1/me/notifications"
            try await sample(.get, inbox, inbox, as: nil, headers: anna)
            try await sample(.get, inbox, inbox + "?unread=true&limit=1", as: nil, headers: anna)
            try await sample(.get, inbox, inbox + "?cursor=nope", as: nil, headers: anna)
            try await sample(.get, inbox, inbox + "?limit=0", as: nil, headers: anna)
            try await sample(.get, inbox, inbox, as: .facilitator)
            let notification =
                (try await api.send(.get, inbox, as: nil, headers: anna).json["items"] as? [[String: Any]])?.first?[
                    "id"] as? String ?? ""
            try await sample(
                .post, "/v1/me/notifications/{id}/read", "/v1/me/notifications/\(notification)/read", as: nil,
                headers: anna)
            try await sample(
                .post, "/v1/me/notifications/{id}/read", "/v1/me/notifications/ntf_none/read", as: nil, headers: anna)
            try await sample(.post, "/v1/me/notifications/read", "/v1/me/notifications/read", as: nil, headers: anna)
            try await sample(
                .put, "/v1/me/notification-preference", "/v1/me/notification-preference", as: nil,
                json: #"{"notify": "daily"}"#, headers: anna)
            try await sample(
                .put, "/v1/me/notification-preference", "/v1/me/notification-preference", as: nil,
                json: #"{"notify": "weekly"}"#, headers: anna)
            try await TestRegister.failMail(
                of: personID, reason: "550 5.1.1 No such user", store: fixture.store, now: Date())
            try await sample(.get, "/v1/mail/failures", "/v1/mail/failures", as: .admin)
            try await sample(.get, "/v1/mail/failures", "/v1/mail/failures", as: .facilitator)
            try await sample(
                .patch, "/v1/people/{id}", "/v1/people/\(personID)", as: .admin,
                json: #"{"roles": ["submitter", "gatekeeper"], "notify": "off", "active": false}"#)
            try await sample(
                .patch, "/v1/people/{id}", "/v1/people/\(personID)", as: .admin, json: #"{"organisation": null}"#)
            try await sample(.get, "/v1/me", "/v1/me", as: .practice)
            try await sample(.get, "/v1/me", "/v1/me", as: nil)

            // An idea's people: owner, co-submitting organisations, assigned gatekeepers.
            let fenna = try await api.send(
                .post, "/v1/people", as: .admin,
                json:
                    #"{"name": "Fenna", "email": "fenna@example.nl", "roles": ["facilitator"], "regions": ["Twente"]}"#)
            let gerrit = try await api.send(
                .post, "/v1/people", as: .admin,
                json: #"{"name": "Gerrit", "email": "gerrit@example.nl", "roles": ["gatekeeper"]}"#)
            let owned = try await api.send(
                .post, "/v1/ideas", as: .practice,
                json:
                    #"{"workflow": "quick-wins", "region": "Twente", "organisation": "HAP De Linde", "co_organisations": [], "fields": {"title": "t", "summary": "s"}}"#
            )
            samples.append((.post, "/v1/ideas", "/v1/ideas", owned))
            let ownedID = owned.json["id"] as? String ?? ""
            try await sample(
                .put, "/v1/ideas/{id}/owner", "/v1/ideas/\(ownedID)/owner",
                json: #"{"person": "\#(fenna.json["id"] as? String ?? "")"}"#)
            try await sample(.put, "/v1/ideas/{id}/owner", "/v1/ideas/\(ownedID)/owner", json: #"{"person": "per_x"}"#)
            try await sample(.put, "/v1/ideas/{id}/owner", "/v1/ideas/\(ownedID)/owner", json: #"{"person": null}"#)
            try await sample(
                .put, "/v1/ideas/{id}/co-organisations", "/v1/ideas/\(ownedID)/co-organisations", as: .practice,
                json: #"{"organisations": ["Zorggroep Twente"]}"#)
            try await sample(
                .put, "/v1/ideas/{id}/gatekeepers", "/v1/ideas/\(ownedID)/gatekeepers",
                json: #"{"people": ["\#(fenna.json["id"] as? String ?? "")"]}"#)
            try await sample(
                .put, "/v1/ideas/{id}/gatekeepers", "/v1/ideas/\(ownedID)/gatekeepers",
                json: #"{"people": ["\#(gerrit.json["id"] as? String ?? "")"]}"#)
            try await sample(.get, "/v1/ideas/{id}", "/v1/ideas/\(ownedID)")

            let validator = SchemaValidator(document: Self.document)
            for (method, template, path, reply) in samples {
                let operation =
                    ((Self.document["paths"] as? [String: Any])?[template] as? [String: Any])?[
                        method.rawValue.lowercased()] as? [String: Any]
                let responses = operation?["responses"] as? [String: Any] ?? [:]
                guard let documented = validator.resolve(responses[String(reply.status)]) else {
                    Issue.record("\(method) \(path): status \(reply.status) is not documented")
                    continue
                }
                let content = documented["content"] as? [String: Any] ?? [:]
                let mediaType = reply.headers[.contentType]?.components(separatedBy: ";").first ?? ""
                guard let media = content[mediaType] as? [String: Any], let schema = media["schema"] else {
                    Issue.record("\(method) \(path): \(reply.status) \(mediaType) is not documented")
                    continue
                }
                let value =
                    (try? JSONSerialization.jsonObject(with: reply.body, options: [.fragmentsAllowed])) ?? NSNull()
                let problems = validator.validate(value, against: schema, at: "body")
                #expect(problems == [], "\(method) \(path) \(reply.status)")
            }
        }
    }
}

/// The part of JSON Schema the document uses: $ref, type, required, properties,
/// additionalProperties, items, enum, oneOf, minimum and maximum.
struct SchemaValidator {
    let document: [String: Any]

    func resolve(_ node: Any?) -> [String: Any]? {
        guard var schema = node as? [String: Any] else { return nil }
        var hops = 0
        while let reference = schema["$ref"] as? String, hops < 20 {
            hops += 1
            var target: Any? = document
            for part in reference.dropFirst(2).split(separator: "/") {
                target = (target as? [String: Any])?[String(part)]
            }
            guard let next = target as? [String: Any] else { return nil }
            schema = next
        }
        return schema
    }

    func validate(_ value: Any, against node: Any, at path: String) -> [String] {
        guard let schema = resolve(node) else { return ["\(path): unresolvable schema"] }
        if let options = schema["oneOf"] as? [Any] {
            let matching = options.filter { validate(value, against: $0, at: path).isEmpty }
            return matching.count == 1 ? [] : ["\(path): matches \(matching.count) of the oneOf schemas"]
        }
        var problems: [String] = []
        if let type = schema["type"] as? String, !matches(value, type) {
            return ["\(path): expected \(type), found \(Swift.type(of: value))"]
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) {
            problems.append("\(path): \(value) is not one of \(options)")
        }
        if let number = value as? NSNumber, !(value is Bool) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum {
                problems.append("\(path): below \(minimum)")
            }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum {
                problems.append("\(path): above \(maximum)")
            }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing required \(key)")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                if let property = properties[key] {
                    problems += validate(member, against: property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if additional as? Bool == false {
                        problems.append("\(path): unexpected member \(key)")
                    } else if !(additional is Bool) {
                        problems += validate(member, against: additional, at: "\(path).\(key)")
                    }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, item) in array.enumerated() {
                problems += validate(item, against: items, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    private func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return isBoolean(value)
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(value) else { return false }
            return number.doubleValue == number.doubleValue.rounded()
        case "number": return value is NSNumber && !isBoolean(value)
        case "null": return value is NSNull
        default: return true
        }
    }

    private func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c" || type(of: value) == Bool.self
            || "\(type(of: number))".contains("Bool")
    }
}
