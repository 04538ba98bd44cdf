extension EventType {
    /// Every event type, in the order the documentation lists them.
    public static let all: [EventType] = [
        ideaSubmitted, ideaUpdated, ideaAdvanced, ideaRecycled, ideaHeld, ideaResumed, ideaKilled, ideaCompleted,
        ideaCommented, gateApproved, gateReviewed, webhookDisabled,
    ]

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
                "until", .dateTime, "The review date: the idea resurfaces then (left out for a hold by the SLA)."),
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
