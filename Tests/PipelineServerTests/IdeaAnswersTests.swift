import Foundation
import Hummingbird
import HummingbirdTesting
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@testable import PipelineServer

/// The ideas' answers encoded once per state (`IdeaAnswers`): the bytes are what encoding gives,
/// for every actor; a read after a write answers the new version; the cache keeps at most its
/// capacity.
@Suite("Idea answers")
struct IdeaAnswersTests {
    /// Runs `body` against a live server on the fixture's store with these answers.
    func withServer<T: Sendable>(
        _ fixture: APIFixture, answers: IdeaAnswers, _ body: @Sendable (APIClient) async throws -> T
    ) async throws -> T {
        var configuration = fixture.configuration()
        configuration.ideaAnswers = answers
        let app = try PipelineServer.application(
            store: fixture.store, library: APIFixture.library, configuration: configuration)
        return try await app.test(.live) { client in try await body(APIClient(client: client, tokens: fixture.tokens)) }
    }

    static let readers: [APIFixture.Person] = [.practice, .otherPractice, .facilitator, .gatekeeper, .admin]

    /// Every reader's answer (status, ETag, body) to the idea and to lists, in one go.
    static func answers(_ api: APIClient, ids: [String]) async throws -> [String] {
        var answers: [String] = []
        for person in readers {
            var paths = ids.map { "/v1/ideas/\($0)" }
            paths += ["/v1/ideas?limit=50", "/v1/ideas?limit=2", "/v1/ideas?stage=proposal&limit=50"]
            for path in paths {
                let reply = try await api.send(.get, path, as: person)
                answers.append("\(person) \(path) \(reply.status) \(reply.etag ?? "-") \(reply.text)")
            }
        }
        return answers
    }

    @Test("the answers are the bytes encoding gives, for every reader, cached or not, before and after writes")
    func sameBytes() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let cached = IdeaAnswers()
        let ids = try await withServer(fixture, answers: cached) { api in
            [try await api.submitIdea(), try await api.submitIdea(), try await api.submitIdea(as: .otherPractice)]
        }
        for round in 0..<2 {
            let fresh = try await withServer(fixture, answers: IdeaAnswers(capacity: 0)) { api in
                try await IdeaAnswersTests.answers(api, ids: ids)
            }
            // Twice with the same cache: the second time every answer comes from it.
            for _ in 0..<2 {
                let answers = try await withServer(fixture, answers: cached) { api in
                    try await IdeaAnswersTests.answers(api, ids: ids)
                }
                #expect(answers == fresh)
            }
            #expect(cached.count == 3)
            if round == 0 {
                try await withServer(fixture, answers: cached) { api in
                    let reply = try await api.update(ids[0], "{\"title\": \"Stagedesk voor de regio\"}")
                    #expect(reply.status == 200, "\(reply.text)")
                }
            }
        }
    }

    @Test("a read after a write answers the new version, one idea and in the list")
    func readAfterWrite() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await withServer(fixture, answers: IdeaAnswers()) { api in
            let id = try await api.submitIdea()
            for title in ["Eerste titel", "Tweede titel", "Derde titel"] {
                let before = try await api.send(.get, "/v1/ideas/\(id)")
                let version = before.json["version"] as? Int ?? 0
                let written = try await api.update(id, "{\"title\": \"\(title)\"}")
                #expect(written.status == 200, "\(written.text)")
                let after = try await api.send(.get, "/v1/ideas/\(id)")
                #expect(after.etag == "\"\(version + 1)\"")
                #expect(after.json["title"] as? String == title)
                let list = try await api.send(.get, "/v1/ideas?limit=50")
                let listed = (list.json["ideas"] as? [[String: Any]])?.first
                #expect(listed?["title"] as? String == title)
                #expect(listed?["version"] as? Int == version + 1)
            }
        }
    }

    @Test("at most `capacity` answers are kept, and every answer is still right")
    func bounded() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let small = IdeaAnswers(capacity: 2)
        let ids = try await withServer(fixture, answers: small) { api in
            var ids: [String] = []
            for _ in 0..<5 { ids.append(try await api.submitIdea()) }
            return ids
        }
        let fresh = try await withServer(fixture, answers: IdeaAnswers(capacity: 0)) { api in
            try await IdeaAnswersTests.answers(api, ids: ids)
        }
        let answers = try await withServer(fixture, answers: small) { api in
            try await IdeaAnswersTests.answers(api, ids: ids)
        }
        #expect(answers == fresh)
        #expect(small.count == 2)
    }

    @Test("a list composed of the cached answers is the encoder's bytes, with and without a cursor")
    func listBytes() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await withServer(fixture, answers: IdeaAnswers()) { api in
            for _ in 0..<3 { _ = try await api.submitIdea() }
        }
        let ideas = try await fixture.store.ideas(IdeaQuery(limit: 50)).ideas
        #expect(ideas.count == 3)
        let answers = IdeaAnswers()
        for records in ["ideas", "implementations"] {
            for cursor in [nil, "eyJhIjoxfQ/+", "tekst met \"aanhalingstekens\" en é"] as [String?] {
                for count in 0...3 {
                    let slice = Array(ideas.prefix(count))
                    let expected = try APIJSON.encoder.encode(
                        IdeaListResource(records: records, ideas: slice.map { IdeaResource($0) }, nextCursor: cursor))
                    let composed = try answers.list(records: records, ideas: slice, nextCursor: cursor)
                    #expect(Data(composed.readableBytesView) == expected)
                }
            }
        }
        for idea in ideas {
            let expected = try APIJSON.encoder.encode(IdeaResource(idea))
            #expect(Data(try answers.json(idea).readableBytesView) == expected)
        }
    }
}
