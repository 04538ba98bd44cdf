import Foundation
import PipelineCore
import Testing

/// The catalog of refusals: every code stable and unique, used, and worded in English exactly as
/// the CLI and the API have always said it.
@Suite("Refusal codes")
struct RefusalCatalogTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Each code's example in English: the sentences the engine said before refusals had codes.
    static let english: [Refusal.Code: String] = [
        .stageNotInWorkflow: "idea is in stage 'old', which workflow primary-care version 2 does not have",
        .stageNotInItsWorkflow: "idea is in stage 'old', which its workflow does not have",
        .stageTerminal: "stage 'done' is terminal; there is no gate to act on",
        .stageWithoutGate: "stage 'pilot' is without a gate; there is no gate to act on",
        .onHold: "idea is on hold; resume it before you approve",
        .closedNoDecisions: "idea is killed; it takes no more decisions",
        .closedPeopleFixed: "idea is completed; its people no longer change",
        .closed: "idea is killed",
        .alreadyClosed: "idea is already killed",
        .notOnHold: "idea is active, not on hold",
        .alreadyApproved: "gerrit has already approved gate 'scale_decision' in this stage",
        .noScorecard: "gate 'proposal_review' has no scorecard",
        .noRoute: "no route of gate 'scale_decision' applies: none of scale == \"national\" holds",
        .gateWithoutApprovals: "gate 'business_case_review' asks for no approvals",
        .approveWrongRole: "gate 'proposal_review' is approved by facilitator, not by a submitter",
        .scoreWrongRole:
            "the scorecard of gate 'business_case_review' is filled in by gatekeeper, not by a facilitator",
        .gateAssignsNobody: "gate 'proposal_review' asks for no approvals and no scorecard; nobody is assigned to it",
        .unknownCriterion: "unknown criterion 'x'; the criteria are impact, value",
        .criteriaMissing: "score every criterion; missing impact, value",
        .scoreOutOfScale: "score 6 for impact is outside the scale 1 to 5",
        .recycleUnknownStage: "unknown stage 'nowhere'",
        .recycleNoneEarlier: "recycle goes back to an earlier stage: there is none before 'proposal'",
        .recycleNotEarlier: "recycle goes back to an earlier stage: 'proposal', 'business_case'",
        .holdNeedsReviewDate: "a hold needs a review date (until), when the idea resurfaces",
        .reviewDatePast: "the review date must lie in the future",
        .timersSystemOnly: "only the pipeline itself fires timers",
        .conditionalGoNotAllowed: "gate 'proposal_review' does not allow a go with conditions (conditional_go)",
        .conditionsMissing: "a conditional go needs at least one condition",
        .tooManyConditions: "gate 'business_case_review' allows at most 2 conditions",
        .oneConditionOnly: "gate 'business_case_review' allows at most 1 condition",
        .conditionDuePassed: "condition 1 is due 2026-03-01, which has passed",
        .goLeadsToNoGate: "the go leads to 'scaled', which has no gate to hold conditions",
        .noConditions: "idea 'idea-1' has no conditions",
        .noSuchCondition: "idea 'idea-1' has no condition 3; its conditions are 1, 2",
        .conditionAlreadyMet: "condition 1 was already met by fenna",
        .textRequired: "a reason is required",
        .textTooLong: "the comment is longer than 4000 characters",
        .personNeedsIdAndName: "the owner needs an id and a name",
        .personTooLong: "the gatekeeper's id is at most 100 characters and their name at most 200",
        .workflowWithoutStages: "workflow primary-care has no stages",
        .ideaIdLength: "an idea id is 1 to 100 characters",
        .implementationIdLength: "an implementation id is 1 to 100 characters",
        .nothingToDo: "nothing to do",
        .actsInOtherRegions: "fenna acts for Twente, Rijnmond only, not for Friesland",
        .roleDoesNotAdopt: "a gatekeeper does not register adoptions",
        .adoptOwnRegionOnly: "a submitter registers adoptions only for their own organisation's region",
        .roleDoesNotSubmit: "a gatekeeper does not submit ideas",
        .submitOwnOrganisationOnly: "a submitter submits ideas for their own organisation only",
        .editNotAllowed: "only the submitting organisation and facilitators change an idea's fields",
        .noEditableFields: "no field can be changed in stage 'scaled'",
        .recused:
            "gea belongs to HAP De Linde, which submitted this idea, and so does not score at gate 'business_case_review' (recusal)",
        .decideNotFacilitator: "only facilitators decide at gates",
        .sharedReadOnly: "shared ideas of other organisations are read only",
        .assignOwnerNotFacilitator: "only facilitators assign an idea's owner",
        .coSubmittersNotAllowed: "only the submitting organisation and facilitators name co-submitting organisations",
        .assignGatekeepersNotFacilitator: "only facilitators assign gatekeepers",
        .ownerNotActive: "Gerrit Smit (per_gerrit) is not active; an idea's owner is an active facilitator",
        .ownerNotFacilitator: "Gerrit Smit (per_gerrit) is not a facilitator; an idea's owner is an active facilitator",
        .gatekeeperNotActive: "Gerrit Smit (per_gerrit) is not active",
        .gatekeeperWrongRole:
            "Gerrit Smit (per_gerrit) is not facilitator or gatekeeper, the roles gate 'business_case_review' asks for",
        .gatekeeperRecused:
            "Gerrit Smit (per_gerrit) belongs to Zorggroep Twente, which co-submitted this idea, and so is not assigned to gate 'business_case_review' (recusal)",
        .gatekeeperNamedTwice: "Gerrit Smit (per_gerrit) is named twice",
        .tooManyGatekeepers: "a gate has at most 20 assigned gatekeepers, not 21",
        .tooManyCoSubmitters: "an idea has at most 10 co-submitting organisations, not 11",
        .coSubmitterControlCharacter: "a co-submitting organisation's name holds a control character",
        .coSubmitterIsSubmitter:
            "HAP De Linde submitted this idea; a co-submitting organisation is another organisation",
        .organisationNamedTwice: "the organisation 'Zorggroep Twente' is named twice",
        .organisationNotRegistered:
            "'Wie dan ook' is not an organisation of the register: ideas are submitted for a registered organisation",
        .coSubmitterNotRegistered:
            "'Wie dan ook' is not an organisation of the register: co-submitting organisations are registered organisations",
        .personNotInRegister: "no person 'per_nobody' in the register: give a person's id (per_...) or e-mail address",
        .unknownRegion: "unknown region 'Atlantis'; it must be one of the 28 labour-market regions",
        .unknownRegionClose: "unknown region 'Twent'; did you mean 'Twente'?",
        .adoptImplementation: "'imp_1' is an implementation of idea 'idea-1'; regions adopt the idea itself",
        .noAdoption: "workflow primary-care has no adoption by regions",
        .stageNotAdoptable:
            "idea 'idea-1' is in stage 'proposal' (Voorstel), which regions cannot adopt yet; regions adopt an idea in 'scaled'",
        .adoptStopped: "idea 'idea-1' was stopped; regions no longer adopt it",
        .adoptOnHold: "idea 'idea-1' is on hold; resume it before regions adopt it",
        .adoptOwnRegion: "idea 'idea-1' comes from Twente; adoption takes it to another region",
        .alreadyImplemented: "Rijnmond already implements idea 'idea-1' (implementation 'imp_1')",
        .alreadyAdopted: "Rijnmond already implements idea 'idea-1'",
        .organisationOfOtherRegion: "HAP De Linde is an organisation of Twente, not of Rijnmond",
        .migrateNotAdmin: "only admins move ideas to another version of their workflow",
        .migrateOtherWorkflow: "idea idea-1 follows workflow primary-care, not regional-implementation",
        .migrateNotNewer: "idea idea-1 is on version 2; a migration goes to a newer version, not 1",
        .migrateRulesIncomplete: "migrate: has no rules from version 1",
        .migrateStageMissing: "stage 'pilot' maps to 'pilot_run', which version 2 does not have",
        .migrateStageUnmapped:
            "stage 'pilot' is not in version 2, and migrate from 1 does not say where its ideas go: add it to stages: {pilot: NEW}",
        .migrateValuesMisfit: "its values do not fit version 2: cost_eur: is 310000; at most 250000",
        .nameTooLong: "the organisation's name is longer than 200 characters",
        .nameControlCharacter: "the name holds a control character",
        .nameEmpty: "the organisation's name is empty",
        .rolesMissing: "give at least one role: submitter, facilitator, gatekeeper, admin",
        .roleUnknown: "unknown role 'programme_lead'; the roles are submitter, facilitator, gatekeeper, admin",
        .roleTwice: "the role 'admin' is given twice",
        .regionEmpty: "the region is empty",
        .regionInvalid: "a region is at most 200 characters, without control characters",
        .regionTwice: "the region 'Twente' is given twice",
        .organisationTypeUnknown:
            "unknown organisation type 'apotheek'; the types are huisartsenpraktijk, hagro, zorggroep, huisartsenpost, "
            + "gezondheidscentrum, ros, regionale_werkgeversorganisatie, mbo_opleiding, hbo_opleiding, "
            + "landelijke_partij, overig",
        .notifyUnknown: "unknown notification preference 'weekly'; use immediate, daily, off",
        .submitterNeedsOrganisation: "a submitter needs an organisation of the register",
        .tokenRoleNotHeld: "the token's role 'admin' is not one of the person's roles (submitter)",
        .emailInvalid: "'anna@' is not an e-mail address: nothing comes after the @",
        .emailNotASCII:
            "'jürgen@zorg.nl' is not an e-mail address: it contains U+00FC; only ASCII addresses are supported (write a domain in its xn-- form)",
        .emailCharacterNotAllowed:
            "'fenna;anna@ros.nl' is not an e-mail address: it contains ';', which an address may not contain here",
        .emailDomainWithoutDot: "'fenna@ros' is not an e-mail address: the domain 'ros' has no dot",
        .emailDomainDots:
            "'fenna@ros..nl' is not an e-mail address: the domain 'ros..nl' starts or ends with a dot or has two in a row",
        .emailDomainCharacters:
            "'fenna@zorg_twente.nl' is not an e-mail address: the domain 'zorg_twente.nl' may only have letters, digits and hyphens between its dots",
        .organisationNameTaken:
            "an organisation named 'Huisartsenpraktijk Oost' is registered already (org_7f3k2m9q); names are unique whatever their case",
        .emailTaken: "a person with the e-mail address 'anna@delinde.nl' is registered already",
        .organisationUnknown: "unknown organisation 'HAP De Eik': give the id or name of a registered organisation",
        .personUnknown: "no person 'per_nobody'",
        .fieldRequired: "is required",
        .fieldUnknown: "unknown field",
        .fieldNotEditable: "cannot be changed in this stage",
        .fieldTooLong: "is 121 characters long; at most 120",
        .fieldNotWebAddress: "must be an http or https address",
        .fieldNotAnOption: "'sport' is not one of 'subsidie'",
        .fieldItemNotAnOption: "\"sport\" is not one of 'subsidie'",
        .fieldListedTwice: "'mbo' is listed twice",
        .fieldTooFewItems: "needs at least 1 items",
        .fieldTooManyItems: "takes at most 3 items",
        .fieldNotADate: "'31-12-2026' is not a date YYYY-MM-DD",
        .fieldWrongType: "must be true or false",
        .fieldNotRepresentable: "is not a number this field can hold",
        .fieldNotWhole: "must be a whole number",
        .fieldTooManyDecimals: "has more than two decimals",
        .fieldBelowMinimum: "is -1; at least 0",
        .fieldAboveMaximum: "is 310000; at most 250000",
        .fieldValueTooLarge: "is too large",
    ]

    @Test("codes are snake_case and unique, and each code's example is of that code")
    func codes() {
        let codes = Refusal.Code.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        let snake = #/[a-z]+(_[a-z]+)*/#
        for code in Refusal.Code.allCases {
            #expect(code.rawValue.wholeMatch(of: snake) != nil, "\(code.rawValue)")
            #expect(code.example.code == code)
            for name in code.example.values.keys {
                #expect(name.wholeMatch(of: snake) != nil, "\(code.rawValue): \(name)")
            }
        }
        #expect(codes.count > 80)
    }

    @Test("every refusal says in English what it said before it had a code")
    func englishSentences() {
        #expect(Set(Self.english.keys) == Set(Refusal.Code.allCases))
        for code in Refusal.Code.allCases {
            #expect(code.example.message == Self.english[code], "\(code.rawValue)")
            #expect(code.example.description == code.example.message)
        }
        #expect(CommandError.forbidden(.decideNotFacilitator).description == "only facilitators decide at gates")
        #expect(
            CommandError.invalidFields([FieldProblem(field: "cost_eur", .fieldAboveMaximum(310_000, max: 250_000))])
                .description == "cost_eur: is 310000; at most 250000")
    }

    /// Every code is given somewhere: its catalog entry (of the same name) is used in the
    /// modules that refuse commands, outside the catalog.
    @Test("every code is used")
    func everyCodeIsUsed() throws {
        var text = ""
        for module in ["PipelineCore", "PipelineStore", "PipelineServer"] {
            let folder = Self.sources.appendingPathComponent(module)
            let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
            for case let file as String in enumerator where file.hasSuffix(".swift") && !file.contains("Refusal") {
                text += try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            }
        }
        #expect(text.count > 100_000)
        for code in Refusal.Code.allCases {
            let entry = "\(code)"
            let used =
                text.contains(".\(entry)(") || text.contains(".\(entry))") || text.contains(".\(entry) ")
                || text.contains(".\(entry),") || text.contains(".\(entry)\n")
            #expect(used, "\(code.rawValue): Refusal.\(entry) is not used")
        }
    }

    @Test("the words a refusal's values may name are snake_case")
    func wordValues() {
        #expect(Set(Refusal.wordValues.keys) == ["action", "what", "relation", "expected", "reason"])
        for (name, words) in Refusal.wordValues {
            #expect(!words.isEmpty, "\(name)")
            #expect(Set(words).count == words.count, "\(name)")
            for word in words { #expect(word.wholeMatch(of: #/[a-z]+(_[a-z]+)*/#) != nil, "\(name): \(word)") }
        }
        #expect(Access.Recusal.submitting("x").relation == "submitting")
        #expect(Access.Recusal.coSubmitting("x").relation == "co_submitting")
        #expect(Refusal.wordValues["relation"] == ["submitting", "co_submitting"])
        // Each reason of email_invalid is the English after the colon, as EmailAddress.problem gives it.
        #expect(Refusal.wordValues["reason"]?.count == EmailAddress.Reason.allCases.count)
        for reason in EmailAddress.Reason.allCases {
            #expect(
                Refusal.emailInvalid("x", reason: reason).message == "'x' is not an e-mail address: \(reason.words)")
        }
    }
}
