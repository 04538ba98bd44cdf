extension EventType {
    /// Every event type, in the order the documentation lists them.
    public static let all: [EventType] =
        ideaTypes + [ideaAdopted] + ideaTypes.filter { $0 != ideaSubmitted }.map(makeTwin) + [webhookDisabled]

    /// The types of an idea's events; an implementation's events have a twin of each (but
    /// `idea.submitted`: an implementation starts with `idea.adopted`).
    static let ideaTypes: [EventType] = [
        ideaSubmitted, ideaUpdated, ideaAdvanced, ideaRecycled, ideaHeld, ideaResumed, ideaKilled, ideaCompleted,
        ideaCommented, gateApproved, gateReviewed, ideaConditionsSet, ideaConditionMet, ideaConditionOverdue,
        ideaSLAReminder, ideaSLAEscalated, ideaAutoHeld, ideaHoldReviewDue, ideaOwnerAssigned, ideaCoSubmittersSet,
        ideaGatekeepersAssigned, ideaMigrated,
    ]

    public static let ideaAdopted = EventType(
        "idea.adopted",
        "A region adopted an idea: the first event of its implementation there, which starts in the first stage of "
            + "the implementation workflow. `data.idea` is the adopted idea, `data.implementation` the new record.",
        .implementation(change: [
            .required("idea", .string, "The adopted idea."),
            .required("workflow_id", .string, "The implementation workflow."),
            .required("workflow_version", .integer, "The version of that workflow."),
            .required(
                "organisation", .string,
                "The organisation of the region that implements it; empty when a facilitator registered the adoption "
                    + "for the region."),
            .required("region", .string, "The adopting labour-market region."),
            .required("stage", .string, "The stage the implementation starts in."),
            .required("fields", .map(.fieldValue), "The field values it was registered with, by field id."),
        ]))

    public static let ideaSubmitted = EventType(
        "idea.submitted", "An idea was submitted; it starts in the first stage of its workflow.",
        .idea(change: [
            .required("workflow_id", .string, "The workflow the idea follows."),
            .required("workflow_version", .integer, "The version of that workflow."),
            .required("organisation", .string, "The organisation the idea was submitted for."),
            .required("region", .string, "The idea's labour-market region."),
            .required("stage", .string, "The stage the idea starts in."),
            .required("fields", .map(.fieldValue), "The field values it was submitted with, by field id."),
        ]))

    public static let ideaUpdated = EventType(
        "idea.updated", "Field values of the idea changed.",
        .idea(change: [
            .required(
                "changes", .map(.nullable(.fieldValue)),
                "The new values by field id; null means the field was cleared.")
        ]))

    public static let ideaAdvanced = EventType(
        "idea.advanced", "A go moved the idea through a gate to the next stage.",
        .idea(change: [
            .required("gate", .string, "The gate it passed."),
            .required("from", .string, "The stage it left."),
            .required("to", .string, "The stage it entered."),
        ]))

    public static let ideaRecycled = EventType(
        "idea.recycled", "The idea was sent back to an earlier stage, with a reason.",
        .idea(change: [
            .required("from", .string, "The stage it left."),
            .required("to", .string, "The earlier stage it went back to."),
            .required("reason", .string, "Why."),
        ]))

    public static let ideaHeld = EventType(
        "idea.held", "The idea was put on hold, with a reason and, for a hold by a person, a review date.",
        .idea(change: [
            .required("reason", .string, "Why."),
            .optional(
                "until", .dateTime,
                "The review date: the idea resurfaces then (left out only by holds made before review dates existed)."),
        ]))

    public static let ideaResumed = EventType(
        "idea.resumed", "The idea was resumed after a hold.", .idea(change: []))

    public static let ideaKilled = EventType(
        "idea.killed", "The idea was stopped, with a reason.",
        .idea(change: [
            .required("reason", .string, "Why."),
            .required("from", .string, "The stage it was stopped in."),
            .optional(
                "to", .string,
                "The workflow's stage for stopped ideas, which the idea moved to; left out when the workflow has none "
                    + "or the idea was already there."),
        ]))

    public static let ideaCompleted = EventType(
        "idea.completed", "The idea reached a terminal stage with outcome completed.",
        .idea(change: [.required("stage", .string, "The terminal stage.")]))

    public static let ideaCommented = EventType(
        "idea.commented", "Someone commented on the idea.",
        .idea(change: [.required("text", .string, "The comment.")]))

    public static let gateApproved = EventType(
        "gate.approved", "Someone approved the gate of the idea's stage.",
        .idea(change: [
            .required("gate", .string, "The gate."),
            .required("role", .string, "The role the approval counts for."),
            .optional("comment", .string, "The approver's comment, when they gave one."),
        ]))

    public static let gateReviewed = EventType(
        "gate.reviewed", "Someone reviewed the idea with the scorecard of its stage's gate.",
        .idea(change: [
            .required("gate", .string, "The gate."),
            .required("scores", .map(.integer), "A score per criterion, by criterion id."),
            .required("comment", .string, "The reviewer's comment."),
        ]))

    public static let ideaConditionsSet = EventType(
        "idea.conditions_set",
        "A conditional go: the go (idea.advanced, just before) carries conditions that the next gate needs met.",
        .idea(change: [
            .required("gate", .string, "The gate that gave the conditional go."),
            .required("next_gate", .string, "The gate that does not hold while a condition is open."),
            .required(
                "conditions",
                .list(
                    .object([
                        .required("number", .integer, "The condition's number within the idea: 1, 2, ..."),
                        .required("text", .string, "What must be done."),
                        .required("due", .day, "The day it must be met by."),
                    ])), "The conditions, in order."),
        ]))

    public static let ideaConditionMet = EventType(
        "idea.condition_met", "Someone (the event's actor) met a condition of a conditional go.",
        .idea(change: [
            .required("number", .integer, "The condition's number."),
            .optional("note", .string, "How it was met, when they said."),
        ]))

    public static let ideaConditionOverdue = EventType(
        "idea.condition_overdue",
        "A condition's day is over and it is not met: the facilitators are told (sent by the system actor).",
        .idea(change: [
            .required("number", .integer, "The condition's number."),
            .required("text", .string, "What must be done."),
            .required("due", .day, "The day it was due."),
        ]))

    public static let ideaSLAReminder = EventType(
        "idea.sla_reminder",
        "The idea waited in its stage as long as the SLA ladder's remind step: whoever must act next is reminded "
            + "(sent by the system actor).",
        .idea(change: [
            .required("stage", .string, "The stage it waits in."),
            .required("entered_at", .dateTime, "When the wait started: the idea entered or resumed the stage."),
            .required(
                "waiting_for", .list(.string),
                "Who must act next, by role: submitter (fields or rules of the gate), an approving or reviewing "
                    + "role, or facilitator (the gate holds and waits for a decision)."),
        ]))

    public static let ideaSLAEscalated = EventType(
        "idea.sla_escalated",
        "The idea waited as long as the SLA ladder's escalate step: the facilitators, or the role the ladder names, "
            + "are told (sent by the system actor).",
        .idea(change: [
            .required("stage", .string, "The stage it waits in."),
            .required("entered_at", .dateTime, "When the wait started."),
            .required("escalate_to", .string, "The role told: facilitator, or the ladder's escalate_to."),
        ]))

    public static let ideaAutoHeld = EventType(
        "idea.auto_held",
        "The idea waited as long as the SLA ladder's hold step: the engine put it on hold, with a review date "
            + "(sent by the system actor).",
        .idea(change: [
            .required("stage", .string, "The stage it waited in."),
            .required("reason", .string, "Always SLA."),
            .required("until", .dateTime, "The review date: 30 days later, when the idea resurfaces."),
        ]))

    public static let ideaHoldReviewDue = EventType(
        "idea.hold_review_due",
        "A hold's review date came: the idea resurfaces for a decision, or resumes by itself when its stage says "
            + "on_review: resume (then idea.resumed follows; sent by the system actor).",
        .idea(change: [
            .required("until", .dateTime, "The review date."),
            .required("resumes", .boolean, "Whether the idea resumes by itself now."),
        ]))

    /// A person of the register, as events name them.
    private static func person(_ what: String) -> EventMember.Shape {
        .object([
            .required("id", .string, "\(what)'s id in the people register (per_...)."),
            .required("name", .string, "\(what)'s name when they were assigned."),
        ])
    }

    public static let ideaOwnerAssigned = EventType(
        "idea.owner_assigned",
        "The idea was given to a facilitator to hold, as its owner: at intake by region (sent by the system actor), "
            + "or by a facilitator.",
        .idea(change: [
            .required("owner", person("The owner"), "The facilitator who holds the idea now."),
            .optional("previous_owner", person("The previous owner"), "Who held it before; left out when nobody did."),
        ]))

    public static let ideaCoSubmittersSet = EventType(
        "idea.co_submitters_set",
        "The organisations that submit the idea together with its own were named; their people are recused at its "
            + "gates like the submitting organisation's.",
        .idea(change: [
            .required(
                "organisations", .list(.string),
                "Every co-submitting organisation, as the register names it (the whole list; empty when none).")
        ]))

    public static let ideaGatekeepersAssigned = EventType(
        "idea.gatekeepers_assigned",
        "A facilitator assigned people to the gate of the idea's stage (approvers or reviewers); the assignment ends "
            + "when the idea leaves the stage.",
        .idea(change: [
            .required("stage", .string, "The stage the idea is in."),
            .required("gate", .string, "The gate of that stage."),
            .required(
                "gatekeepers", .list(person("The gatekeeper")),
                "Everyone assigned now (the whole list; empty when nobody is)."),
        ]))

    public static let ideaMigrated = EventType(
        "idea.migrated",
        "An admin moved the idea to a newer version of its workflow (pipeline migrate apply), by that version's "
            + "migrate rules: from now on its stages, fields and gates apply. `data.workflow.version` is the new version.",
        .idea(change: [
            .required("from_version", .integer, "The version the idea followed before."),
            .required("to_version", .integer, "The version it follows now."),
            .required("from_stage", .string, "Its stage in the old version."),
            .required(
                "to_stage", .string, "The stage of the new version it landed in (the same id, or the mapped one)."),
            .required(
                "renamed_fields", .map(.string),
                "Fields whose value moved to a field of another name, old id to new id; only fields the idea had a "
                    + "value in (empty when none)."),
            .required(
                "dropped_fields", .list(.string),
                "Fields whose value was dropped; only fields the idea had a value in (empty when none)."),
        ]))

    public static let webhookDisabled = EventType(
        "webhook.disabled",
        "For the operator: the delivery worker gave up on a subscription and disabled it (no idea).",
        .notice(data: [
            .required("webhook", .string, "The disabled subscription's id."),
            .required("url", .string, "The address it sent to."),
            .required("reason", .string, "Why it was disabled."),
            .required("link", .string, "The subscription in the API."),
        ]))
}
