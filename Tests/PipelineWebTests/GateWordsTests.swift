import Foundation
import PipelineCore
import PipelineDefinition
import PipelineTestSupport
import PipelineWeb
import Testing

/// Every check kind and every reason code worded in both languages, with the workflow's field
/// labels and role names: what the idea page, a refused go and `GET .../gate` say.
@Suite("Gate explanations in Dutch and English")
struct GateWordsTests {
    static let workflow: Workflow = {
        let url = WebFixture.packageRoot.appendingPathComponent("workflows/primary-care-innovation.yml")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return WorkflowDefinition.load(WorkflowSource(path: "primary-care-innovation.yml", text: text)).workflow!
    }()

    static let due = CalendarDay.start(of: "2027-03-01")!

    /// One check of each kind in each state, with what it says in Dutch and in English.
    static let checks: [(GateCheck, nl: String, en: String)] = [
        (
            GateCheck(kind: .deliverable, subject: "cost_eur", holds: false, detail: .deliverable(isSet: false)),
            "Kosten (euro) ontbreekt", "Kosten (euro) is missing"
        ),
        (
            GateCheck(kind: .deliverable, subject: "cost_eur", holds: true, detail: .deliverable(isSet: true)),
            "Kosten (euro) is ingevuld", "Kosten (euro) is filled in"
        ),
        (
            GateCheck(kind: .rule, subject: "AVG-toets uitgevoerd", holds: true, detail: .rule(reasons: [])),
            "AVG-toets uitgevoerd: voldaan", "AVG-toets uitgevoerd: met"
        ),
        (
            GateCheck(
                kind: .rule, subject: "AVG-toets uitgevoerd", holds: false,
                detail: .rule(reasons: [
                    RuleReason(
                        .comparison, field: "privacy_checked", subject: "privacy_checked", operator: .equal,
                        expected: .boolean(true), actual: .boolean(false), expression: "privacy_checked == true")
                ])),
            "AVG-toets uitgevoerd is Nee, moet Ja zijn", "AVG-toets uitgevoerd is No, must be Yes"
        ),
        (
            GateCheck(
                kind: .approvals, subject: "gatekeeper", holds: false, detail: .approvals(have: 1, need: 2)),
            "1 van 2 akkoorden van Lid poortcommissie", "1 of 2 approvals from Lid poortcommissie"
        ),
        (
            GateCheck(
                kind: .scorecard, subject: "gatekeeper", holds: false,
                detail: .scorecard(reviews: 1, minReviews: 3, average: 3.25, passMark: 3.5)),
            "1 van 3 beoordelingen door Lid poortcommissie, gemiddeld 3,3, norm 3,5",
            "1 of 3 reviews by Lid poortcommissie, average 3,3, pass mark 3,5"
        ),
        (
            GateCheck(
                kind: .condition, subject: "AVG-toets afronden", holds: false,
                detail: .condition(number: 1, due: due, metBy: nil, overdue: true)),
            "Voorwaarde: AVG-toets afronden (uiterlijk 1 maart 2027): verlopen",
            "Condition: AVG-toets afronden (by 1 maart 2027): overdue"
        ),
    ]

    static func words(_ language: String) throws -> GateWords {
        try #require(try GateWording(defaultLanguage: "nl").words(for: workflow, language: language))
    }

    @Test("each kind of check, holding or not, in both languages")
    func everyCheckKind() throws {
        let (nl, en) = (try Self.words("nl"), try Self.words("en"))
        for kind in [GateCheck.Kind.deliverable, .rule, .approvals, .scorecard, .condition] {
            #expect(Self.checks.contains { $0.0.kind == kind }, "\(kind) is covered")
        }
        for (check, dutch, english) in Self.checks {
            #expect(nl.message(check) == dutch)
            #expect(en.message(check) == english)
        }
    }

    /// A reason of every code, about a labelled field where it can be.
    static let reasons: [(RuleReason, nl: String, en: String)] = [
        (
            RuleReason(.notSet, field: "funding", subject: "funding", expression: "funding == \"subsidie\""),
            "Financiering ontbreekt", "Financiering is missing"
        ),
        (
            RuleReason(
                .notTrue, field: "privacy_checked", subject: "privacy_checked", actual: .boolean(false),
                expression: "privacy_checked"),
            "AVG-toets uitgevoerd staat niet op ja", "AVG-toets uitgevoerd is not yes"
        ),
        (
            RuleReason(
                .comparison, field: "cost_eur", subject: "cost_eur", operator: .lessOrEqual, expected: .number(250_000),
                actual: .number(340_000), expression: "cost_eur <= 250000"),
            "Kosten (euro) is € 340.000, mag hoogstens € 250.000 zijn",
            "Kosten (euro) is € 340.000, must be at most € 250.000"
        ),
        (
            RuleReason(
                .comparison, field: "adoptions.live", subject: "adoptions.live", operator: .greaterOrEqual,
                expected: .number(5), actual: .number(2), expression: "adoptions.live >= 5"),
            "Regio's live is 2, moet minstens 5 zijn", "Regions live is 2, must be at least 5"
        ),
        (
            RuleReason(
                .comparison, field: "pilot_participants", subject: "pilot_participants", operator: .greaterOrEqual,
                expected: .number(12), expectedField: "regions_interested", actual: .number(10.5),
                expression: "pilot_participants >= regions_interested"),
            "Deelnemers aan de pilot is 10,5, moet minstens Geïnteresseerde arbeidsmarktregio's (12) zijn",
            "Deelnemers aan de pilot is 10,5, must be at least Geïnteresseerde arbeidsmarktregio's (12)"
        ),
        (
            RuleReason(
                .mustNotBeSet, field: "funding", subject: "funding", actual: .text("subsidie"),
                expression: "funding is not set"),
            "Financiering moet leeg blijven", "Financiering must not be filled in"
        ),
        (
            RuleReason(
                .mustBeEmpty, field: "partners", subject: "partners", actual: .list([.text("mbo")]),
                expression: "partners is empty"),
            "Partners moet leeg zijn", "Partners must be empty"
        ),
        (
            RuleReason(
                .isEmpty, field: "partners", subject: "partners", actual: .list([]), expression: "partners is not empty"
            ),
            "Partners is leeg", "Partners is empty"
        ),
        (
            RuleReason(
                .notHeld, subject: "not privacy_checked", expression: "not privacy_checked",
                values: ["privacy_checked": .boolean(true)]),
            "not privacy_checked geldt niet (AVG-toets uitgevoerd is Ja)",
            "not privacy_checked does not hold (AVG-toets uitgevoerd is Yes)"
        ),
        (
            RuleReason(
                .noneOf, subject: "a or b", expression: "a or b",
                alternatives: [
                    RuleReason(.notSet, field: "funding", subject: "funding", expression: "funding"),
                    RuleReason(.notSet, field: "cost_eur", subject: "cost_eur", expression: "cost_eur"),
                ]),
            "geen van: Financiering ontbreekt, of Kosten (euro) ontbreekt",
            "none of: Financiering is missing, or Kosten (euro) is missing"
        ),
    ]

    @Test("each reason code in both languages, with labels, choice names and Dutch numbers")
    func everyReasonCode() throws {
        let (nl, en) = (try Self.words("nl"), try Self.words("en"))
        let covered = Set(Self.reasons.map(\.0.code))
        #expect(
            covered == Set(RuleReason.Code.allCases), "missing: \(Set(RuleReason.Code.allCases).subtracting(covered))")
        for (reason, dutch, english) in Self.reasons {
            #expect(nl.message(reason) == dutch)
            #expect(en.message(reason) == english)
        }
    }

    @Test("every comparison operator has its own words, and no placeholder is left unfilled")
    func everyOperator() throws {
        let (nl, en) = (try Self.words("nl"), try Self.words("en"))
        let comparisons: [PipelineCore.Expression.BinaryOperator] = [
            .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .notIn,
        ]
        var dutch: Set<String> = []
        for op in comparisons {
            let reason = RuleReason(
                .comparison, field: "cost_eur", subject: "cost_eur", operator: op, expected: .number(1),
                actual: .number(2), expression: "cost_eur \(op.rawValue) 1")
            for words in [nl, en] {
                let text = words.message(reason)
                #expect(!text.contains("{") && !text.contains("cost_eur"), "\(op): \(text)")
            }
            dutch.insert(nl.message(reason))
        }
        #expect(dutch.count == comparisons.count, "each operator reads differently")
    }

    @Test("the languages a person may ask for, and Accept-Language by quality")
    func acceptLanguage() throws {
        let wording = try GateWording(defaultLanguage: "nl")
        #expect(wording.words(for: Self.workflow, language: "fr") == nil)
        #expect(wording.language(accepting: nil) == "nl")
        #expect(wording.language(accepting: "en") == "en")
        #expect(wording.language(accepting: "EN-gb;q=0.9, nl;q=0.95") == "nl")
        #expect(wording.language(accepting: "en;q=0, fr") == "nl", "q=0 means not acceptable")
        #expect(wording.language(accepting: String(repeating: "x-y;q=0.5,", count: 10_000)) == "nl")
        #expect(throws: (any Error).self) { try GateWording(defaultLanguage: "fr") }
    }
}
