import Foundation

/// Why the engine refused a command, or the people register an entry (``InvalidEntry``), in a
/// form the edges can word: a stable ``Code``, the values the sentence needs, and the sentence in
/// English (the CLI's and the API's `detail`).
/// The pages word the code in the page's language from the label `refusal_<code>`, with the
/// workflow's names for the values that are ids, as ``GateCheck`` and ``RuleReason`` are worded.
///
/// Refusals come from the catalog (`Refusal+Catalog.swift`), one entry per code:
///
/// ```swift
/// throw .forbidden(.decideNotFacilitator)
/// throw .notAllowedNow(.alreadyApproved(person: actor.name, gate: gate.id))
/// ```
///
/// The values of a code are always the same names. What a name holds:
/// - `stage`, `stages`, `gate`, `field`, `criterion`, `criteria`, `role`, `roles`, `scorer`:
///   ids of the idea's workflow (the pages show their names);
/// - `status`: an idea's status (`on_hold`);
/// - `action`, `what`, `relation`, `expected`, `reason`: one of the words of ``wordValues``;
/// - `types`: organisation types (``OrganisationType``), `preferences`: notification preferences
///   (``NotificationPreference``), by their raw values;
/// - `due`: a day, `2027-03-01`;
/// - anything else: as it is (a person's name, an organisation, a number).
///
/// A list (`stages`, `roles`, `criteria`, `numbers`, `options`, `regions`) is its items joined by `", "`.
///
/// It is an `Error` only so a field's check can return one (`Result<Value?, Refusal>`); the
/// engine throws ``CommandError``.
public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Code
    public let values: [String: String]
    /// The refusal in English, as the CLI prints it and the API's `detail` says it.
    public let message: String

    /// A refusal as the catalog makes it; a code's values must be the names its entry gives.
    public init(_ code: Code, _ values: [String: String], _ message: String) {
        self.code = code
        self.values = values
        self.message = message
    }

    /// A refusal without values.
    public init(_ code: Code, _ message: String) {
        self.init(code, [:], message)
    }

    public var description: String { message }

    /// The values that name one of a fixed set of words, by value name, with every word: the
    /// pages word them from the labels `refusal_<name>_<word>` (`refusal_action_approve`).
    public static let wordValues: [String: [String]] = [
        "action": Action.allCases.map(\.rawValue),
        "what": Subject.allCases.map(\.rawValue),
        "relation": ["submitting", "co_submitting"],
        "expected": ["text", "number", "whole_number", "list", "date", "boolean"],
        "reason": EmailAddress.Reason.allCases.map(\.rawValue),
    ]

    /// What a person wanted to do, in a refusal that says why they may not now (`action`).
    public enum Action: String, Sendable, CaseIterable {
        case changeFields = "change_fields"
        case approve
        case review
        case score
        case decideGo = "decide_go"
        case recycle
        case hold

        /// The action in an English sentence: "resume it before you change fields".
        public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
    }

    /// What a text or a person given with a command is, or a name given to the register
    /// (`what`): "a reason is required", "the organisation's name is empty".
    public enum Subject: String, Sendable, CaseIterable {
        case comment
        case reason
        case note
        case condition
        case organisation
        case region
        case coSubmittingOrganisation = "co_submitting_organisation"
        case owner
        case gatekeeper
        case organisationName = "organisation_name"
        case personName = "person_name"

        /// The subject in an English sentence: "co-submitting organisation", "organisation's name";
        /// a person's name is "name", as the register has always said it.
        public var words: String {
            switch self {
            case .organisationName: return "organisation's name"
            case .personName: return "name"
            default: return rawValue.replacingOccurrences(of: "_", with: "-")
            }
        }
    }

    /// Every refusal's code: stable, `snake_case`, one per sentence of the catalog.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // The idea's state and stage
        case stageNotInWorkflow = "stage_not_in_workflow"
        case stageNotInItsWorkflow = "stage_not_in_its_workflow"
        case stageTerminal = "stage_terminal"
        case stageWithoutGate = "stage_without_gate"
        case onHold = "on_hold"
        case closedNoDecisions = "closed_no_decisions"
        case closedPeopleFixed = "closed_people_fixed"
        case closed
        case alreadyClosed = "already_closed"
        case notOnHold = "not_on_hold"
        // Gates, approvals and scores
        case alreadyApproved = "already_approved"
        case noScorecard = "no_scorecard"
        case noRoute = "no_route"
        case gateWithoutApprovals = "gate_without_approvals"
        case approveWrongRole = "approve_wrong_role"
        case scoreWrongRole = "score_wrong_role"
        case gateAssignsNobody = "gate_assigns_nobody"
        case unknownCriterion = "unknown_criterion"
        case criteriaMissing = "criteria_missing"
        case scoreOutOfScale = "score_out_of_scale"
        // Decisions
        case recycleUnknownStage = "recycle_unknown_stage"
        case recycleNoneEarlier = "recycle_none_earlier"
        case recycleNotEarlier = "recycle_not_earlier"
        case holdNeedsReviewDate = "hold_needs_review_date"
        case reviewDatePast = "review_date_past"
        case timersSystemOnly = "timers_system_only"
        case conditionalGoNotAllowed = "conditional_go_not_allowed"
        case conditionsMissing = "conditions_missing"
        case tooManyConditions = "too_many_conditions"
        case oneConditionOnly = "one_condition_only"
        case conditionDuePassed = "condition_due_passed"
        case goLeadsToNoGate = "go_leads_to_no_gate"
        case noConditions = "no_conditions"
        case noSuchCondition = "no_such_condition"
        case conditionAlreadyMet = "condition_already_met"
        // Texts and people given with a command
        case textRequired = "text_required"
        case textTooLong = "text_too_long"
        case personNeedsIdAndName = "person_needs_id_and_name"
        case personTooLong = "person_too_long"
        case workflowWithoutStages = "workflow_without_stages"
        case ideaIdLength = "idea_id_length"
        case implementationIdLength = "implementation_id_length"
        case nothingToDo = "nothing_to_do"
        // Who may do what
        case actsInOtherRegions = "acts_in_other_regions"
        case roleDoesNotAdopt = "role_does_not_adopt"
        case adoptOwnRegionOnly = "adopt_own_region_only"
        case roleDoesNotSubmit = "role_does_not_submit"
        case submitOwnOrganisationOnly = "submit_own_organisation_only"
        case editNotAllowed = "edit_not_allowed"
        case noEditableFields = "no_editable_fields"
        case recused
        case decideNotFacilitator = "decide_not_facilitator"
        case sharedReadOnly = "shared_read_only"
        case assignOwnerNotFacilitator = "assign_owner_not_facilitator"
        case coSubmittersNotAllowed = "co_submitters_not_allowed"
        case assignGatekeepersNotFacilitator = "assign_gatekeepers_not_facilitator"
        // An idea's people and organisations
        case ownerNotActive = "owner_not_active"
        case ownerNotFacilitator = "owner_not_facilitator"
        case gatekeeperNotActive = "gatekeeper_not_active"
        case gatekeeperWrongRole = "gatekeeper_wrong_role"
        case gatekeeperRecused = "gatekeeper_recused"
        case gatekeeperNamedTwice = "gatekeeper_named_twice"
        case tooManyGatekeepers = "too_many_gatekeepers"
        case tooManyCoSubmitters = "too_many_co_submitters"
        case coSubmitterControlCharacter = "co_submitter_control_character"
        case coSubmitterIsSubmitter = "co_submitter_is_submitter"
        case organisationNamedTwice = "organisation_named_twice"
        case organisationNotRegistered = "organisation_not_registered"
        case coSubmitterNotRegistered = "co_submitter_not_registered"
        case personNotInRegister = "person_not_in_register"
        case unknownRegion = "unknown_region"
        case unknownRegionClose = "unknown_region_close"
        // Adoption by regions
        case adoptImplementation = "adopt_implementation"
        case noAdoption = "no_adoption"
        case stageNotAdoptable = "stage_not_adoptable"
        case adoptStopped = "adopt_stopped"
        case adoptOnHold = "adopt_on_hold"
        case adoptOwnRegion = "adopt_own_region"
        case alreadyImplemented = "already_implemented"
        case alreadyAdopted = "already_adopted"
        case organisationOfOtherRegion = "organisation_of_other_region"
        // Moving ideas to a newer version of their workflow
        case migrateNotAdmin = "migrate_not_admin"
        case migrateOtherWorkflow = "migrate_other_workflow"
        case migrateNotNewer = "migrate_not_newer"
        case migrateRulesIncomplete = "migrate_rules_incomplete"
        case migrateStageMissing = "migrate_stage_missing"
        case migrateStageUnmapped = "migrate_stage_unmapped"
        case migrateValuesMisfit = "migrate_values_misfit"
        // The people and organisations register
        case nameTooLong = "name_too_long"
        case nameControlCharacter = "name_control_character"
        case nameEmpty = "name_empty"
        case rolesMissing = "roles_missing"
        case roleUnknown = "role_unknown"
        case roleTwice = "role_twice"
        case regionEmpty = "region_empty"
        case regionInvalid = "region_invalid"
        case regionTwice = "region_twice"
        case organisationTypeUnknown = "organisation_type_unknown"
        case notifyUnknown = "notify_unknown"
        case submitterNeedsOrganisation = "submitter_needs_organisation"
        case tokenRoleNotHeld = "token_role_not_held"
        case emailInvalid = "email_invalid"
        case emailNotASCII = "email_not_ascii"
        case emailCharacterNotAllowed = "email_character_not_allowed"
        case emailDomainWithoutDot = "email_domain_without_dot"
        case emailDomainDots = "email_domain_dots"
        case emailDomainCharacters = "email_domain_characters"
        case organisationNameTaken = "organisation_name_taken"
        case emailTaken = "email_taken"
        case organisationUnknown = "organisation_unknown"
        case personUnknown = "person_unknown"
        // Field values (``FieldProblem``)
        case fieldRequired = "field_required"
        case fieldUnknown = "field_unknown"
        case fieldNotEditable = "field_not_editable"
        case fieldTooLong = "field_too_long"
        case fieldNotWebAddress = "field_not_web_address"
        case fieldNotAnOption = "field_not_an_option"
        case fieldItemNotAnOption = "field_item_not_an_option"
        case fieldListedTwice = "field_listed_twice"
        case fieldTooFewItems = "field_too_few_items"
        case fieldTooManyItems = "field_too_many_items"
        case fieldNotADate = "field_not_a_date"
        case fieldWrongType = "field_wrong_type"
        case fieldNotRepresentable = "field_not_representable"
        case fieldNotWhole = "field_not_whole"
        case fieldTooManyDecimals = "field_too_many_decimals"
        case fieldBelowMinimum = "field_below_minimum"
        case fieldAboveMaximum = "field_above_maximum"
        case fieldValueTooLarge = "field_value_too_large"
    }
}
