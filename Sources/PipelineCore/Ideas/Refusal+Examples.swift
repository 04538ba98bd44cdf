import Foundation

extension Refusal.Code {
    /// A refusal of this code with made-up values: the names its values always have, for the
    /// documentation and for the tests that check every language words every code.
    public var example: Refusal {
        let gerrit = IdeaPerson(id: "per_gerrit", name: "Gerrit Smit")
        let options = [ChoiceOption(value: "subsidie", label: "Subsidie")]
        switch self {
        case .stageNotInWorkflow: return .stageNotInWorkflow(stage: "old", workflow: "primary-care", version: 2)
        case .stageNotInItsWorkflow: return .stageNotInItsWorkflow(stage: "old")
        case .stageTerminal: return .stageTerminal(stage: "done")
        case .stageWithoutGate: return .stageWithoutGate(stage: "pilot")
        case .onHold: return .onHold(before: .approve)
        case .closedNoDecisions: return .closedNoDecisions(status: .killed)
        case .closedPeopleFixed: return .closedPeopleFixed(status: .completed)
        case .closed: return .closed(status: .killed)
        case .alreadyClosed: return .alreadyClosed(status: .killed)
        case .notOnHold: return .notOnHold(status: .active)
        case .alreadyApproved: return .alreadyApproved(person: "gerrit", gate: "scale_decision")
        case .noScorecard: return .noScorecard(gate: "proposal_review")
        case .noRoute: return .noRoute(gate: "scale_decision", conditions: ["scale == \"national\""])
        case .gateWithoutApprovals: return .gateWithoutApprovals(gate: "business_case_review")
        case .approveWrongRole:
            return .approveWrongRole(gate: "proposal_review", roles: ["facilitator"], role: "submitter")
        case .scoreWrongRole:
            return .scoreWrongRole(gate: "business_case_review", scorer: "gatekeeper", role: "facilitator")
        case .gateAssignsNobody: return .gateAssignsNobody(gate: "proposal_review")
        case .unknownCriterion: return .unknownCriterion("x", criteria: ["impact", "value"])
        case .criteriaMissing: return .criteriaMissing(["impact", "value"])
        case .scoreOutOfScale: return .scoreOutOfScale(score: 6, criterion: "impact", scale: 1...5)
        case .recycleUnknownStage: return .recycleUnknownStage("nowhere")
        case .recycleNoneEarlier: return .recycleNoneEarlier(stage: "proposal")
        case .recycleNotEarlier: return .recycleNotEarlier(earlier: ["proposal", "business_case"])
        case .holdNeedsReviewDate: return .holdNeedsReviewDate
        case .reviewDatePast: return .reviewDatePast
        case .timersSystemOnly: return .timersSystemOnly
        case .conditionalGoNotAllowed: return .conditionalGoNotAllowed(gate: "proposal_review")
        case .conditionsMissing: return .conditionsMissing
        case .tooManyConditions: return .tooManyConditions(gate: "business_case_review", max: 2)
        case .oneConditionOnly: return .oneConditionOnly(gate: "business_case_review")
        case .conditionDuePassed:
            return .conditionDuePassed(number: 1, due: Date(timeIntervalSince1970: 1_772_323_200))
        case .goLeadsToNoGate: return .goLeadsToNoGate(stage: "scaled")
        case .noConditions: return .noConditions(idea: "idea-1")
        case .noSuchCondition: return .noSuchCondition(idea: "idea-1", number: 3, numbers: [1, 2])
        case .conditionAlreadyMet: return .conditionAlreadyMet(number: 1, person: "fenna")
        case .textRequired: return .textRequired(.reason)
        case .textTooLong: return .textTooLong(.comment, limit: 4_000)
        case .personNeedsIdAndName: return .personNeedsIdAndName(.owner)
        case .personTooLong: return .personTooLong(.gatekeeper, limit: 200)
        case .workflowWithoutStages: return .workflowWithoutStages(workflow: "primary-care")
        case .ideaIdLength: return .ideaIdLength
        case .implementationIdLength: return .implementationIdLength
        case .nothingToDo: return .nothingToDo
        case .actsInOtherRegions:
            return .actsInOtherRegions(person: "fenna", regions: ["Twente", "Rijnmond"], region: "Friesland")
        case .roleDoesNotAdopt: return .roleDoesNotAdopt(role: "gatekeeper")
        case .adoptOwnRegionOnly: return .adoptOwnRegionOnly
        case .roleDoesNotSubmit: return .roleDoesNotSubmit(role: "gatekeeper")
        case .submitOwnOrganisationOnly: return .submitOwnOrganisationOnly
        case .editNotAllowed: return .editNotAllowed
        case .noEditableFields: return .noEditableFields(stage: "scaled")
        case .recused:
            return .recused(
                person: "gea", recusal: .submitting("HAP De Linde"), action: .score, gate: "business_case_review")
        case .decideNotFacilitator: return .decideNotFacilitator
        case .sharedReadOnly: return .sharedReadOnly
        case .assignOwnerNotFacilitator: return .assignOwnerNotFacilitator
        case .coSubmittersNotAllowed: return .coSubmittersNotAllowed
        case .assignGatekeepersNotFacilitator: return .assignGatekeepersNotFacilitator
        case .ownerNotActive: return .ownerNotActive(gerrit)
        case .ownerNotFacilitator: return .ownerNotFacilitator(gerrit)
        case .gatekeeperNotActive: return .gatekeeperNotActive(gerrit)
        case .gatekeeperWrongRole:
            return .gatekeeperWrongRole(gerrit, roles: ["facilitator", "gatekeeper"], gate: "business_case_review")
        case .gatekeeperRecused:
            return .gatekeeperRecused(gerrit, recusal: .coSubmitting("Zorggroep Twente"), gate: "business_case_review")
        case .gatekeeperNamedTwice: return .gatekeeperNamedTwice(gerrit)
        case .tooManyGatekeepers: return .tooManyGatekeepers(max: 20, count: 21)
        case .tooManyCoSubmitters: return .tooManyCoSubmitters(max: 10, count: 11)
        case .coSubmitterControlCharacter: return .coSubmitterControlCharacter
        case .coSubmitterIsSubmitter: return .coSubmitterIsSubmitter(organisation: "HAP De Linde")
        case .organisationNamedTwice: return .organisationNamedTwice("Zorggroep Twente")
        case .organisationNotRegistered: return .organisationNotRegistered("Wie dan ook")
        case .coSubmitterNotRegistered: return .coSubmitterNotRegistered("Wie dan ook")
        case .personNotInRegister: return .personNotInRegister("per_nobody")
        case .unknownRegion: return .unknownRegion("Atlantis", count: 28)
        case .unknownRegionClose: return .unknownRegionClose("Twent", suggestion: "Twente")
        case .adoptImplementation: return .adoptImplementation("imp_1", idea: "idea-1")
        case .noAdoption: return .noAdoption(workflow: "primary-care")
        case .stageNotAdoptable:
            return .stageNotAdoptable(idea: "idea-1", stage: "proposal", stageName: "Voorstel", adoptable: ["scaled"])
        case .adoptStopped: return .adoptStopped(idea: "idea-1")
        case .adoptOnHold: return .adoptOnHold(idea: "idea-1")
        case .adoptOwnRegion: return .adoptOwnRegion(idea: "idea-1", region: "Twente")
        case .alreadyImplemented:
            return .alreadyImplemented(region: "Rijnmond", idea: "idea-1", implementation: "imp_1")
        case .alreadyAdopted: return .alreadyAdopted(region: "Rijnmond", idea: "idea-1")
        case .organisationOfOtherRegion:
            return .organisationOfOtherRegion(organisation: "HAP De Linde", itsRegion: "Twente", region: "Rijnmond")
        case .migrateNotAdmin: return .migrateNotAdmin
        case .migrateOtherWorkflow:
            return .migrateOtherWorkflow(idea: "idea-1", workflow: "primary-care", target: "regional-implementation")
        case .migrateNotNewer: return .migrateNotNewer(idea: "idea-1", version: 2, target: 1)
        case .migrateRulesIncomplete: return .migrateRulesIncomplete(["migrate: has no rules from version 1"])
        case .migrateStageMissing: return .migrateStageMissing(stage: "pilot", target: "pilot_run", version: 2)
        case .migrateStageUnmapped: return .migrateStageUnmapped(stage: "pilot", version: 2, from: 1)
        case .migrateValuesMisfit:
            return .migrateValuesMisfit(version: 2, misfits: ["cost_eur: is 310000; at most 250000"])
        case .nameTooLong: return .nameTooLong(.organisationName, limit: 200)
        case .nameControlCharacter: return .nameControlCharacter(.personName)
        case .nameEmpty: return .nameEmpty(.organisationName)
        case .rolesMissing: return .rolesMissing(roles: Registration.roles)
        case .roleUnknown: return .roleUnknown("programme_lead", roles: Registration.roles)
        case .roleTwice: return .roleTwice("admin")
        case .regionEmpty: return .regionEmpty
        case .regionInvalid: return .regionInvalid(limit: 200)
        case .regionTwice: return .regionTwice("Twente")
        case .organisationTypeUnknown: return .organisationTypeUnknown("apotheek")
        case .notifyUnknown: return .notifyUnknown("weekly")
        case .submitterNeedsOrganisation: return .submitterNeedsOrganisation
        case .tokenRoleNotHeld: return .tokenRoleNotHeld("admin", roles: ["submitter"])
        case .emailInvalid: return .emailInvalid("anna@", reason: .nothingAfterAt)
        case .emailNotASCII: return .emailNotASCII("jürgen@zorg.nl", character: "ü")
        case .emailCharacterNotAllowed: return .emailCharacterNotAllowed("fenna;anna@ros.nl", character: ";")
        case .emailDomainWithoutDot: return .emailDomainWithoutDot("fenna@ros", domain: "ros")
        case .emailDomainDots: return .emailDomainDots("fenna@ros..nl", domain: "ros..nl")
        case .emailDomainCharacters: return .emailDomainCharacters("fenna@zorg_twente.nl", domain: "zorg_twente.nl")
        case .organisationNameTaken: return .organisationNameTaken("Huisartsenpraktijk Oost", id: "org_7f3k2m9q")
        case .emailTaken: return .emailTaken("anna@delinde.nl")
        case .organisationUnknown: return .organisationUnknown("HAP De Eik")
        case .personUnknown: return .personUnknown(id: "per_nobody")
        case .fieldRequired: return .fieldRequired
        case .fieldUnknown: return .fieldUnknown
        case .fieldNotEditable: return .fieldNotEditable
        case .fieldTooLong: return .fieldTooLong(length: 121, max: 120)
        case .fieldNotWebAddress: return .fieldNotWebAddress
        case .fieldNotAnOption: return .fieldNotAnOption("sport", options: options)
        case .fieldItemNotAnOption: return .fieldItemNotAnOption(.text("sport"), options: options)
        case .fieldListedTwice: return .fieldListedTwice("mbo")
        case .fieldTooFewItems: return .fieldTooFewItems(min: 1)
        case .fieldTooManyItems: return .fieldTooManyItems(max: 3)
        case .fieldNotADate: return .fieldNotADate("31-12-2026")
        case .fieldWrongType: return .fieldWrongType(expected: .boolean)
        case .fieldNotRepresentable: return .fieldNotRepresentable
        case .fieldNotWhole: return .fieldNotWhole
        case .fieldTooManyDecimals: return .fieldTooManyDecimals
        case .fieldBelowMinimum: return .fieldBelowMinimum(-1, min: 0)
        case .fieldAboveMaximum: return .fieldAboveMaximum(310_000, max: 250_000)
        case .fieldValueTooLarge: return .fieldValueTooLarge
        }
    }
}
