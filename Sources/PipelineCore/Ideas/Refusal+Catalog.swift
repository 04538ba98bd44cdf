import Foundation

/// The catalog: every refusal the engine, the command handler and the people register give, one
/// entry per ``Refusal/Code``, each with its values and its English sentence.
extension Refusal {
    // MARK: - The idea's state and stage

    public static func stageNotInWorkflow(stage: String, workflow: String, version: Int) -> Refusal {
        Refusal(
            .stageNotInWorkflow, ["stage": stage, "workflow": workflow, "version": String(version)],
            "idea is in stage '\(stage)', which workflow \(workflow) version \(version) does not have")
    }

    public static func stageNotInItsWorkflow(stage: String) -> Refusal {
        Refusal(
            .stageNotInItsWorkflow, ["stage": stage], "idea is in stage '\(stage)', which its workflow does not have")
    }

    public static func stageTerminal(stage: String) -> Refusal {
        Refusal(.stageTerminal, ["stage": stage], "stage '\(stage)' is terminal; there is no gate to act on")
    }

    public static func stageWithoutGate(stage: String) -> Refusal {
        Refusal(.stageWithoutGate, ["stage": stage], "stage '\(stage)' is without a gate; there is no gate to act on")
    }

    public static func onHold(before action: Action) -> Refusal {
        Refusal(.onHold, ["action": action.rawValue], "idea is on hold; resume it before you \(action.words)")
    }

    public static func closedNoDecisions(status: Idea.Status) -> Refusal {
        Refusal(
            .closedNoDecisions, ["status": status.rawValue], "idea is \(status.words); it takes no more decisions")
    }

    public static func closedPeopleFixed(status: Idea.Status) -> Refusal {
        Refusal(
            .closedPeopleFixed, ["status": status.rawValue], "idea is \(status.words); its people no longer change")
    }

    public static func closed(status: Idea.Status) -> Refusal {
        Refusal(.closed, ["status": status.rawValue], "idea is \(status.words)")
    }

    public static func alreadyClosed(status: Idea.Status) -> Refusal {
        Refusal(.alreadyClosed, ["status": status.rawValue], "idea is already \(status.words)")
    }

    public static func notOnHold(status: Idea.Status) -> Refusal {
        Refusal(.notOnHold, ["status": status.rawValue], "idea is \(status.words), not on hold")
    }

    // MARK: - Gates, approvals and scores

    public static func alreadyApproved(person: String, gate: String) -> Refusal {
        Refusal(
            .alreadyApproved, ["person": person, "gate": gate],
            "\(person) has already approved gate '\(gate)' in this stage")
    }

    public static func noScorecard(gate: String) -> Refusal {
        Refusal(.noScorecard, ["gate": gate], "gate '\(gate)' has no scorecard")
    }

    /// `conditions`: the guards of the gate's routes, as written.
    public static func noRoute(gate: String, conditions: [String]) -> Refusal {
        let conditions = conditions.joined(separator: "; ")
        return Refusal(
            .noRoute, ["gate": gate, "conditions": conditions],
            "no route of gate '\(gate)' applies: none of \(conditions) holds")
    }

    public static func gateWithoutApprovals(gate: String) -> Refusal {
        Refusal(.gateWithoutApprovals, ["gate": gate], "gate '\(gate)' asks for no approvals")
    }

    public static func approveWrongRole(gate: String, roles: [String], role: String) -> Refusal {
        Refusal(
            .approveWrongRole, ["gate": gate, "roles": roles.joined(separator: ", "), "role": role],
            "gate '\(gate)' is approved by \(roles.joined(separator: " and ")), not by a \(role)")
    }

    public static func scoreWrongRole(gate: String, scorer: String, role: String) -> Refusal {
        Refusal(
            .scoreWrongRole, ["gate": gate, "scorer": scorer, "role": role],
            "the scorecard of gate '\(gate)' is filled in by \(scorer), not by a \(role)")
    }

    public static func gateAssignsNobody(gate: String) -> Refusal {
        Refusal(
            .gateAssignsNobody, ["gate": gate],
            "gate '\(gate)' asks for no approvals and no scorecard; nobody is assigned to it")
    }

    public static func unknownCriterion(_ criterion: String, criteria: [String]) -> Refusal {
        let criteria = criteria.joined(separator: ", ")
        return Refusal(
            .unknownCriterion, ["criterion": criterion, "criteria": criteria],
            "unknown criterion '\(criterion)'; the criteria are \(criteria)")
    }

    public static func criteriaMissing(_ missing: [String]) -> Refusal {
        let criteria = missing.joined(separator: ", ")
        return Refusal(.criteriaMissing, ["criteria": criteria], "score every criterion; missing \(criteria)")
    }

    public static func scoreOutOfScale(score: Int, criterion: String, scale: ClosedRange<Int>) -> Refusal {
        Refusal(
            .scoreOutOfScale,
            [
                "score": String(score), "criterion": criterion, "min": String(scale.lowerBound),
                "max": String(scale.upperBound),
            ],
            "score \(score) for \(criterion) is outside the scale \(scale.lowerBound) to \(scale.upperBound)")
    }

    // MARK: - Decisions

    public static func recycleUnknownStage(_ stage: String) -> Refusal {
        Refusal(.recycleUnknownStage, ["stage": stage], "unknown stage '\(stage)'")
    }

    /// `stage`: the idea's stage, the first one.
    public static func recycleNoneEarlier(stage: String) -> Refusal {
        Refusal(
            .recycleNoneEarlier, ["stage": stage],
            "recycle goes back to an earlier stage: there is none before '\(stage)'")
    }

    /// `earlier`: the stages before the idea's, the ones it may go back to.
    public static func recycleNotEarlier(earlier: [String]) -> Refusal {
        Refusal(
            .recycleNotEarlier, ["stages": earlier.joined(separator: ", ")],
            "recycle goes back to an earlier stage: " + earlier.map { "'\($0)'" }.joined(separator: ", "))
    }

    public static let holdNeedsReviewDate = Refusal(
        .holdNeedsReviewDate, "a hold needs a review date (until), when the idea resurfaces")

    public static let reviewDatePast = Refusal(.reviewDatePast, "the review date must lie in the future")

    public static let timersSystemOnly = Refusal(.timersSystemOnly, "only the pipeline itself fires timers")

    public static func conditionalGoNotAllowed(gate: String) -> Refusal {
        Refusal(
            .conditionalGoNotAllowed, ["gate": gate],
            "gate '\(gate)' does not allow a go with conditions (conditional_go)")
    }

    public static let conditionsMissing = Refusal(.conditionsMissing, "a conditional go needs at least one condition")

    public static func tooManyConditions(gate: String, max: Int) -> Refusal {
        Refusal(
            .tooManyConditions, ["gate": gate, "max": String(max)], "gate '\(gate)' allows at most \(max) conditions")
    }

    public static func oneConditionOnly(gate: String) -> Refusal {
        Refusal(.oneConditionOnly, ["gate": gate], "gate '\(gate)' allows at most 1 condition")
    }

    public static func conditionDuePassed(number: Int, due: Date) -> Refusal {
        let day = CalendarDay.text(due)
        return Refusal(
            .conditionDuePassed, ["number": String(number), "due": day],
            "condition \(number) is due \(day), which has passed")
    }

    public static func goLeadsToNoGate(stage: String) -> Refusal {
        Refusal(.goLeadsToNoGate, ["stage": stage], "the go leads to '\(stage)', which has no gate to hold conditions")
    }

    public static func noConditions(idea: String) -> Refusal {
        Refusal(.noConditions, ["idea": idea], "idea '\(idea)' has no conditions")
    }

    public static func noSuchCondition(idea: String, number: Int, numbers: [Int]) -> Refusal {
        let numbers = numbers.map(String.init).joined(separator: ", ")
        return Refusal(
            .noSuchCondition, ["idea": idea, "number": String(number), "numbers": numbers],
            "idea '\(idea)' has no condition \(number); its conditions are \(numbers)")
    }

    public static func conditionAlreadyMet(number: Int, person: String) -> Refusal {
        Refusal(
            .conditionAlreadyMet, ["number": String(number), "person": person],
            "condition \(number) was already met by \(person)")
    }

    // MARK: - Texts and people given with a command

    public static func textRequired(_ what: Subject) -> Refusal {
        Refusal(.textRequired, ["what": what.rawValue], "a \(what.words) is required")
    }

    public static func textTooLong(_ what: Subject, limit: Int) -> Refusal {
        Refusal(
            .textTooLong, ["what": what.rawValue, "limit": String(limit)],
            "the \(what.words) is longer than \(limit) characters")
    }

    public static func personNeedsIdAndName(_ what: Subject) -> Refusal {
        Refusal(.personNeedsIdAndName, ["what": what.rawValue], "the \(what.words) needs an id and a name")
    }

    /// `limit`: the longest name; an id is at most 100 characters.
    public static func personTooLong(_ what: Subject, limit: Int) -> Refusal {
        Refusal(
            .personTooLong, ["what": what.rawValue, "limit": String(limit)],
            "the \(what.words)'s id is at most 100 characters and their name at most \(limit)")
    }

    public static func workflowWithoutStages(workflow: String) -> Refusal {
        Refusal(.workflowWithoutStages, ["workflow": workflow], "workflow \(workflow) has no stages")
    }

    public static let ideaIdLength = Refusal(.ideaIdLength, "an idea id is 1 to 100 characters")

    public static let implementationIdLength = Refusal(
        .implementationIdLength, "an implementation id is 1 to 100 characters")

    public static let nothingToDo = Refusal(.nothingToDo, "nothing to do")

    // MARK: - Who may do what

    public static func actsInOtherRegions(person: String, regions: [String], region: String) -> Refusal {
        let regions = regions.joined(separator: ", ")
        return Refusal(
            .actsInOtherRegions, ["person": person, "regions": regions, "region": region],
            "\(person) acts for \(regions) only, not for \(region)")
    }

    public static func roleDoesNotAdopt(role: String) -> Refusal {
        Refusal(.roleDoesNotAdopt, ["role": role], "a \(role) does not register adoptions")
    }

    public static let adoptOwnRegionOnly = Refusal(
        .adoptOwnRegionOnly, "a submitter registers adoptions only for their own organisation's region")

    public static func roleDoesNotSubmit(role: String) -> Refusal {
        Refusal(.roleDoesNotSubmit, ["role": role], "a \(role) does not submit ideas")
    }

    public static let submitOwnOrganisationOnly = Refusal(
        .submitOwnOrganisationOnly, "a submitter submits ideas for their own organisation only")

    public static let editNotAllowed = Refusal(
        .editNotAllowed, "only the submitting organisation and facilitators change an idea's fields")

    public static func noEditableFields(stage: String) -> Refusal {
        Refusal(.noEditableFields, ["stage": stage], "no field can be changed in stage '\(stage)'")
    }

    /// `action`: ``Action/approve`` or ``Action/score``.
    public static func recused(person: String, recusal: Access.Recusal, action: Action, gate: String) -> Refusal {
        Refusal(
            .recused,
            [
                "person": person, "organisation": recusal.organisation, "relation": recusal.relation,
                "action": action.rawValue, "gate": gate,
            ],
            "\(person) belongs to \(recusal), and so does not \(action.words) at gate '\(gate)' (recusal)")
    }

    public static let decideNotFacilitator = Refusal(.decideNotFacilitator, "only facilitators decide at gates")

    public static let sharedReadOnly = Refusal(.sharedReadOnly, "shared ideas of other organisations are read only")

    public static let assignOwnerNotFacilitator = Refusal(
        .assignOwnerNotFacilitator, "only facilitators assign an idea's owner")

    public static let coSubmittersNotAllowed = Refusal(
        .coSubmittersNotAllowed, "only the submitting organisation and facilitators name co-submitting organisations")

    public static let assignGatekeepersNotFacilitator = Refusal(
        .assignGatekeepersNotFacilitator, "only facilitators assign gatekeepers")

    // MARK: - An idea's people and organisations

    public static func ownerNotActive(_ person: IdeaPerson) -> Refusal {
        Refusal(
            .ownerNotActive, ["person": person.name, "id": person.id],
            "\(person.name) (\(person.id)) is not active; an idea's owner is an active facilitator")
    }

    public static func ownerNotFacilitator(_ person: IdeaPerson) -> Refusal {
        Refusal(
            .ownerNotFacilitator, ["person": person.name, "id": person.id],
            "\(person.name) (\(person.id)) is not a facilitator; an idea's owner is an active facilitator")
    }

    public static func gatekeeperNotActive(_ person: IdeaPerson) -> Refusal {
        Refusal(
            .gatekeeperNotActive, ["person": person.name, "id": person.id],
            "\(person.name) (\(person.id)) is not active")
    }

    /// `roles`: the roles the gate asks for.
    public static func gatekeeperWrongRole(_ person: IdeaPerson, roles: [String], gate: String) -> Refusal {
        Refusal(
            .gatekeeperWrongRole,
            ["person": person.name, "id": person.id, "roles": roles.joined(separator: ", "), "gate": gate],
            "\(person.name) (\(person.id)) is not \(roles.joined(separator: " or ")), "
                + "the role\(roles.count == 1 ? "" : "s") gate '\(gate)' asks for")
    }

    public static func gatekeeperRecused(_ person: IdeaPerson, recusal: Access.Recusal, gate: String) -> Refusal {
        Refusal(
            .gatekeeperRecused,
            [
                "person": person.name, "id": person.id, "organisation": recusal.organisation,
                "relation": recusal.relation, "gate": gate,
            ],
            "\(person.name) (\(person.id)) belongs to \(recusal), and so is not assigned to gate '\(gate)' (recusal)")
    }

    public static func gatekeeperNamedTwice(_ person: IdeaPerson) -> Refusal {
        Refusal(
            .gatekeeperNamedTwice, ["person": person.name, "id": person.id],
            "\(person.name) (\(person.id)) is named twice")
    }

    public static func tooManyGatekeepers(max: Int, count: Int) -> Refusal {
        Refusal(
            .tooManyGatekeepers, ["max": String(max), "count": String(count)],
            "a gate has at most \(max) assigned gatekeepers, not \(count)")
    }

    public static func tooManyCoSubmitters(max: Int, count: Int) -> Refusal {
        Refusal(
            .tooManyCoSubmitters, ["max": String(max), "count": String(count)],
            "an idea has at most \(max) co-submitting organisations, not \(count)")
    }

    public static let coSubmitterControlCharacter = Refusal(
        .coSubmitterControlCharacter, "a co-submitting organisation's name holds a control character")

    /// `organisation`: the idea's, which submitted it.
    public static func coSubmitterIsSubmitter(organisation: String) -> Refusal {
        Refusal(
            .coSubmitterIsSubmitter, ["organisation": organisation],
            "\(organisation) submitted this idea; a co-submitting organisation is another organisation")
    }

    public static func organisationNamedTwice(_ organisation: String) -> Refusal {
        Refusal(
            .organisationNamedTwice, ["organisation": organisation],
            "the organisation '\(organisation)' is named twice")
    }

    public static func organisationNotRegistered(_ name: String) -> Refusal {
        let name = String(name.prefix(100))
        return Refusal(
            .organisationNotRegistered, ["organisation": name],
            "'\(name)' is not an organisation of the register: ideas are submitted for a registered organisation")
    }

    public static func coSubmitterNotRegistered(_ name: String) -> Refusal {
        let name = String(name.prefix(100))
        return Refusal(
            .coSubmitterNotRegistered, ["organisation": name],
            "'\(name)' is not an organisation of the register: co-submitting organisations are registered organisations"
        )
    }

    public static func personNotInRegister(_ reference: String) -> Refusal {
        let shown = String(reference.unicodeScalars.prefix(100).map(Character.init))
        return Refusal(
            .personNotInRegister, ["reference": shown],
            "no person '\(shown)' in the register: give a person's id (per_...) or e-mail address")
    }

    /// `count`: how many regions the installation knows.
    public static func unknownRegion(_ region: String, count: Int) -> Refusal {
        let region = String(region.prefix(100))
        return Refusal(
            .unknownRegion, ["region": region, "count": String(count)],
            "unknown region '\(region)'; it must be one of the \(count) labour-market regions")
    }

    public static func unknownRegionClose(_ region: String, suggestion: String) -> Refusal {
        let region = String(region.prefix(100))
        return Refusal(
            .unknownRegionClose, ["region": region, "suggestion": suggestion],
            "unknown region '\(region)'; did you mean '\(suggestion)'?")
    }

    // MARK: - Adoption by regions

    /// `implementation` is a region's implementation of `idea`.
    public static func adoptImplementation(_ implementation: String, idea: String) -> Refusal {
        Refusal(
            .adoptImplementation, ["implementation": implementation, "idea": idea],
            "'\(implementation)' is an implementation of idea '\(idea)'; regions adopt the idea itself")
    }

    public static func noAdoption(workflow: String) -> Refusal {
        Refusal(.noAdoption, ["workflow": workflow], "workflow \(workflow) has no adoption by regions")
    }

    /// `stageName`: the stage's name, for the English sentence; `adoptable`: the stages regions adopt in.
    public static func stageNotAdoptable(idea: String, stage: String, stageName: String, adoptable: [String])
        -> Refusal
    {
        Refusal(
            .stageNotAdoptable, ["idea": idea, "stage": stage, "stages": adoptable.joined(separator: ", ")],
            "idea '\(idea)' is in stage '\(stage)' (\(stageName)), which regions cannot adopt yet; "
                + "regions adopt an idea in \(adoptable.map { "'\($0)'" }.joined(separator: ", "))")
    }

    public static func adoptStopped(idea: String) -> Refusal {
        Refusal(.adoptStopped, ["idea": idea], "idea '\(idea)' was stopped; regions no longer adopt it")
    }

    public static func adoptOnHold(idea: String) -> Refusal {
        Refusal(.adoptOnHold, ["idea": idea], "idea '\(idea)' is on hold; resume it before regions adopt it")
    }

    public static func adoptOwnRegion(idea: String, region: String) -> Refusal {
        Refusal(
            .adoptOwnRegion, ["idea": idea, "region": region],
            "idea '\(idea)' comes from \(region); adoption takes it to another region")
    }

    public static func alreadyImplemented(region: String, idea: String, implementation: String) -> Refusal {
        Refusal(
            .alreadyImplemented, ["region": region, "idea": idea, "implementation": implementation],
            "\(region) already implements idea '\(idea)' (implementation '\(implementation)')")
    }

    /// Another adoption by the region committed first.
    public static func alreadyAdopted(region: String, idea: String) -> Refusal {
        Refusal(.alreadyAdopted, ["region": region, "idea": idea], "\(region) already implements idea '\(idea)'")
    }

    public static func organisationOfOtherRegion(organisation: String, itsRegion: String, region: String) -> Refusal {
        Refusal(
            .organisationOfOtherRegion, ["organisation": organisation, "its_region": itsRegion, "region": region],
            "\(organisation) is an organisation of \(itsRegion), not of \(region)")
    }

    // MARK: - Moving ideas to a newer version of their workflow

    public static let migrateNotAdmin = Refusal(
        .migrateNotAdmin, "only admins move ideas to another version of their workflow")

    /// `target`: the workflow the migration is for.
    public static func migrateOtherWorkflow(idea: String, workflow: String, target: String) -> Refusal {
        Refusal(
            .migrateOtherWorkflow, ["idea": idea, "workflow": workflow, "target": target],
            "idea \(idea) follows workflow \(workflow), not \(target)")
    }

    /// `version`: the idea's; `target`: the version the migration goes to.
    public static func migrateNotNewer(idea: String, version: Int, target: Int) -> Refusal {
        Refusal(
            .migrateNotNewer, ["idea": idea, "version": String(version), "target": String(target)],
            "idea \(idea) is on version \(version); a migration goes to a newer version, not \(target)")
    }

    /// `problems`: why the new version's `migrate:` rules do not cover the idea's version, as the
    /// workflow's author reads them (``WorkflowMigration/problems(from:to:)``).
    public static func migrateRulesIncomplete(_ problems: [String]) -> Refusal {
        let problems = problems.joined(separator: "; ")
        return Refusal(.migrateRulesIncomplete, ["problems": problems], problems)
    }

    /// `stage` (of the idea's version) maps to `target`, which `version` does not have.
    public static func migrateStageMissing(stage: String, target: String, version: Int) -> Refusal {
        Refusal(
            .migrateStageMissing, ["stage": stage, "target": target, "version": String(version)],
            "stage '\(stage)' maps to '\(target)', which version \(version) does not have")
    }

    /// `stage` is not in `version`, and its `migrate:` rules from version `from` do not map it.
    public static func migrateStageUnmapped(stage: String, version: Int, from: Int) -> Refusal {
        Refusal(
            .migrateStageUnmapped, ["stage": stage, "version": String(version), "from": String(from)],
            "stage '\(stage)' is not in version \(version), and migrate from \(from) does "
                + "not say where its ideas go: add it to stages: {\(stage): NEW}")
    }

    /// `misfits`: each value that does not fit, `field: why`.
    public static func migrateValuesMisfit(version: Int, misfits: [String]) -> Refusal {
        let misfits = misfits.joined(separator: "; ")
        return Refusal(
            .migrateValuesMisfit, ["version": String(version), "misfits": misfits],
            "its values do not fit version \(version): \(misfits)")
    }

    // MARK: - The people and organisations register (``Registration``, ``EmailAddress``, `PeopleRegister`)

    /// `what`: ``Subject/organisationName`` or ``Subject/personName``.
    public static func nameTooLong(_ what: Subject, limit: Int) -> Refusal {
        Refusal(
            .nameTooLong, ["what": what.rawValue, "limit": String(limit)],
            "the \(what.words) is longer than \(limit) characters")
    }

    public static func nameControlCharacter(_ what: Subject) -> Refusal {
        Refusal(.nameControlCharacter, ["what": what.rawValue], "the \(what.words) holds a control character")
    }

    public static func nameEmpty(_ what: Subject) -> Refusal {
        Refusal(.nameEmpty, ["what": what.rawValue], "the \(what.words) is empty")
    }

    /// `roles`: every role a person can have.
    public static func rolesMissing(roles: [String]) -> Refusal {
        let roles = roles.joined(separator: ", ")
        return Refusal(.rolesMissing, ["roles": roles], "give at least one role: \(roles)")
    }

    public static func roleUnknown(_ role: String, roles: [String]) -> Refusal {
        let (role, roles) = (String(role.prefix(60)).printable, roles.joined(separator: ", "))
        return Refusal(.roleUnknown, ["role": role, "roles": roles], "unknown role '\(role)'; the roles are \(roles)")
    }

    public static func roleTwice(_ role: String) -> Refusal {
        Refusal(.roleTwice, ["role": role], "the role '\(role)' is given twice")
    }

    public static let regionEmpty = Refusal(.regionEmpty, "the region is empty")

    public static func regionInvalid(limit: Int) -> Refusal {
        Refusal(
            .regionInvalid, ["limit": String(limit)],
            "a region is at most \(limit) characters, without control characters")
    }

    public static func regionTwice(_ region: String) -> Refusal {
        Refusal(.regionTwice, ["region": region], "the region '\(region)' is given twice")
    }

    /// `types`: every ``OrganisationType``.
    public static func organisationTypeUnknown(_ type: String) -> Refusal {
        let type = String(type.prefix(60)).printable
        return Refusal(
            .organisationTypeUnknown, ["type": type, "types": OrganisationType.list],
            "unknown organisation type '\(type)'; the types are \(OrganisationType.list)")
    }

    /// `preferences`: every ``NotificationPreference``.
    public static func notifyUnknown(_ preference: String) -> Refusal {
        let preference = String(preference.prefix(60)).printable
        return Refusal(
            .notifyUnknown, ["preference": preference, "preferences": NotificationPreference.list],
            "unknown notification preference '\(preference)'; use \(NotificationPreference.list)")
    }

    public static let submitterNeedsOrganisation = Refusal(
        .submitterNeedsOrganisation, "a submitter needs an organisation of the register")

    /// `roles`: the person's.
    public static func tokenRoleNotHeld(_ role: String, roles: [String]) -> Refusal {
        let (role, roles) = (String(role.prefix(60)).printable, roles.joined(separator: ", "))
        return Refusal(
            .tokenRoleNotHeld, ["role": role, "roles": roles],
            "the token's role '\(role)' is not one of the person's roles (\(roles))")
    }

    /// `address`: the text given for it, as it is shown (at most 80 characters, control
    /// characters as `?`); the same for every `email_` code.
    public static func emailInvalid(_ address: String, reason: EmailAddress.Reason) -> Refusal {
        emailRefusal(.emailInvalid, address, ["reason": reason.rawValue], reason.words)
    }

    /// `character`: the first one outside ASCII, `U+00FC`.
    public static func emailNotASCII(_ address: String, character: Unicode.Scalar) -> Refusal {
        let hex = String(character.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return emailRefusal(
            .emailNotASCII, address, ["character": code],
            "it contains \(code); only ASCII addresses are supported (write a domain in its xn-- form)")
    }

    /// `character`: one that would need quoting in an address (`;`, `<`).
    public static func emailCharacterNotAllowed(_ address: String, character: Unicode.Scalar) -> Refusal {
        emailRefusal(
            .emailCharacterNotAllowed, address, ["character": String(character)],
            "it contains '\(character)', which an address may not contain here")
    }

    public static func emailDomainWithoutDot(_ address: String, domain: Substring) -> Refusal {
        emailRefusal(.emailDomainWithoutDot, address, ["domain": String(domain)], "the domain '\(domain)' has no dot")
    }

    public static func emailDomainDots(_ address: String, domain: Substring) -> Refusal {
        emailRefusal(
            .emailDomainDots, address, ["domain": String(domain)],
            "the domain '\(domain)' starts or ends with a dot or has two in a row")
    }

    public static func emailDomainCharacters(_ address: String, domain: Substring) -> Refusal {
        emailRefusal(
            .emailDomainCharacters, address, ["domain": String(domain)],
            "the domain '\(domain)' may only have letters, digits and hyphens between its dots")
    }

    /// `id`: the organisation registered with the name already, when the store still gives it
    /// (the English sentence names it; the values do not need it).
    public static func organisationNameTaken(_ name: String, id: String?) -> Refusal {
        Refusal(
            .organisationNameTaken, ["organisation": name],
            "an organisation named '\(name)' is registered already"
                + (id.map { " (\($0)); names are unique whatever their case" } ?? ""))
    }

    public static func emailTaken(_ email: String) -> Refusal {
        Refusal(.emailTaken, ["email": email], "a person with the e-mail address '\(email)' is registered already")
    }

    /// `organisation`: the id or name given for it.
    public static func organisationUnknown(_ reference: String) -> Refusal {
        let shown = String(reference.unicodeScalars.prefix(100).map(Character.init))
        return Refusal(
            .organisationUnknown, ["organisation": shown],
            "unknown organisation '\(shown)': give the id or name of a registered organisation")
    }

    public static func personUnknown(id: String) -> Refusal {
        let id = String(id.prefix(60))
        return Refusal(.personUnknown, ["id": id], "no person '\(id)'")
    }

    /// "'anna@' is not an e-mail address: nothing comes after the @", with the address as shown.
    private static func emailRefusal(_ code: Code, _ text: String, _ values: [String: String], _ problem: String)
        -> Refusal
    {
        let shown = String(text.unicodeScalars.prefix(80).map(Character.init)).printable
        return Refusal(
            code, values.merging(["address": shown]) { value, _ in value },
            "'\(shown)' is not an e-mail address: \(problem)")
    }

    // MARK: - Field values (``FieldProblem``, after the field's id)

    public static let fieldRequired = Refusal(.fieldRequired, "is required")

    public static let fieldUnknown = Refusal(.fieldUnknown, "unknown field")

    public static let fieldNotEditable = Refusal(.fieldNotEditable, "cannot be changed in this stage")

    public static func fieldTooLong(length: Int, max: Int) -> Refusal {
        Refusal(
            .fieldTooLong, ["length": String(length), "max": String(max)],
            "is \(length) characters long; at most \(max)")
    }

    public static let fieldNotWebAddress = Refusal(.fieldNotWebAddress, "must be an http or https address")

    public static func fieldNotAnOption(_ text: String, options: [ChoiceOption]) -> Refusal {
        Refusal(
            .fieldNotAnOption, ["value": text, "options": optionValues(options)],
            "'\(text)' is not one of \(FieldDefinition.list(options))")
    }

    public static func fieldItemNotAnOption(_ item: Value, options: [ChoiceOption]) -> Refusal {
        Refusal(
            .fieldItemNotAnOption, ["value": item.description, "options": optionValues(options)],
            "\(item) is not one of \(FieldDefinition.list(options))")
    }

    public static func fieldListedTwice(_ text: String) -> Refusal {
        Refusal(.fieldListedTwice, ["value": text], "'\(text)' is listed twice")
    }

    public static func fieldTooFewItems(min: Int) -> Refusal {
        Refusal(.fieldTooFewItems, ["min": String(min)], "needs at least \(min) items")
    }

    public static func fieldTooManyItems(max: Int) -> Refusal {
        Refusal(.fieldTooManyItems, ["max": String(max)], "takes at most \(max) items")
    }

    public static func fieldNotADate(_ text: String) -> Refusal {
        Refusal(.fieldNotADate, ["value": text], "'\(text)' is not a date YYYY-MM-DD")
    }

    public static func fieldWrongType(expected type: FieldType) -> Refusal {
        let (word, english): (String, String)
        switch type {
        case .text, .url, .choice: (word, english) = ("text", "text")
        case .number, .money: (word, english) = ("number", "a number")
        case .integer: (word, english) = ("whole_number", "a whole number")
        case .list: (word, english) = ("list", "a list of options")
        case .date: (word, english) = ("date", "a date YYYY-MM-DD")
        case .boolean: (word, english) = ("boolean", "true or false")
        }
        return Refusal(.fieldWrongType, ["expected": word], "must be \(english)")
    }

    public static let fieldNotRepresentable = Refusal(.fieldNotRepresentable, "is not a number this field can hold")

    public static let fieldNotWhole = Refusal(.fieldNotWhole, "must be a whole number")

    public static let fieldTooManyDecimals = Refusal(.fieldTooManyDecimals, "has more than two decimals")

    public static func fieldBelowMinimum(_ number: Double, min: Double) -> Refusal {
        Refusal(
            .fieldBelowMinimum, ["value": Value.format(number), "min": Value.format(min)],
            "is \(Value.format(number)); at least \(Value.format(min))")
    }

    public static func fieldAboveMaximum(_ number: Double, max: Double) -> Refusal {
        Refusal(
            .fieldAboveMaximum, ["value": Value.format(number), "max": Value.format(max)],
            "is \(Value.format(number)); at most \(Value.format(max))")
    }

    /// A value the API's body reader refuses before the engine sees it.
    public static let fieldValueTooLarge = Refusal(.fieldValueTooLarge, "is too large")

    /// The first ten options' values, as the English sentence lists them.
    private static func optionValues(_ options: [ChoiceOption]) -> String {
        options.prefix(10).map(\.value).joined(separator: ", ")
    }
}

extension Access.Recusal {
    /// How the organisation stands to the idea, as a refusal's `relation`: `submitting` or `co_submitting`.
    public var relation: String {
        switch self {
        case .submitting: return "submitting"
        case .coSubmitting: return "co_submitting"
        }
    }
}
