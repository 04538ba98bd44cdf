extension IdeaEngine {
    /// Who should hear of a command's events, by audience (see ``Notice``):
    ///
    /// - a decision (go, a go with conditions, recycle, hold, resume, stop, completion): the
    ///   submitting organisation and the region's facilitators;
    /// - a comment: the submitting organisation and the region's facilitators, not the author;
    /// - entering a stage whose gate asks for approvals or a scorecard: those roles (recusal, who
    ///   may see the idea and who is assigned are the application layer's to apply);
    /// - an SLA reminder: whoever it waits for (the submitting organisation for `submitter`, the
    ///   region's facilitators for `facilitator`, the role otherwise);
    /// - an escalation: the region's facilitators, or the ladder's `escalate_to` role;
    /// - an overdue condition, a hold's review date: the region's facilitators;
    /// - an owner assigned: the owner;
    /// - gatekeepers assigned: each of them (gatekeepers are assigned after the idea entered the
    ///   stage, so its roles are still told when it enters).
    ///
    /// Whatever the region's facilitators are told, the idea's owner is told too (the owner need
    /// not serve the region; the outbox makes one notification per person). Field changes,
    /// approvals and co-submitting organisations tell nobody. Notices of one command that reach
    /// the same audience with the same topic are one notice (a go with conditions is one
    /// decision).
    public static func notices(after events: [Event], idea: Idea, workflow: Workflow) -> [Notice] {
        var notices: [Notice] = []
        func add(_ topic: Notice.Topic, _ audiences: [Notice.Audience], _ index: Int, excluding: String? = nil) {
            for audience in audiences where !notices.contains(where: { $0.topic == topic && $0.audience == audience }) {
                notices.append(Notice(topic: topic, audience: audience, event: index, excluding: excluding))
            }
        }
        let submitters = Notice.Audience.organisation(idea.organisation)
        // The region's facilitators, and the idea's owner beside them.
        let facilitators =
            [Notice.Audience.facilitators(region: idea.region)] + (idea.owner.map { [.person(id: $0.id)] } ?? [])
        for (index, event) in events.enumerated() {
            let actor = event.actor.isSystem ? nil : event.actor.name
            switch event.change {
            case .advanced(_, _, let to):
                add(.decision, [submitters] + facilitators, index, excluding: actor)
                if let gate = workflow.gate(leaving: to) {
                    let waiting = gate.gatekeeperRoles.filter { $0 != Actor.facilitator }.map(Notice.Audience.role)
                    add(.gateWaiting, waiting, index, excluding: actor)
                }
            case .adopted, .recycled, .held, .resumed, .killed, .completed, .conditionsSet:
                add(.decision, [submitters] + facilitators, index, excluding: actor)
            case .commented:
                add(.comment, [submitters] + facilitators, index, excluding: actor)
            case .slaReminder(_, _, let waitingFor):
                add(
                    .slaReminder,
                    waitingFor.flatMap { role in
                        role == Actor.submitter
                            ? [submitters] : role == Actor.facilitator ? facilitators : [.role(role)]
                    }, index)
            case .slaEscalated(_, _, let escalateTo):
                add(.slaEscalated, escalateTo == Actor.facilitator ? facilitators : [.role(escalateTo)], index)
            case .autoHeld:
                add(.decision, [submitters] + facilitators, index)
            case .conditionOverdue:
                add(.conditionOverdue, facilitators, index)
            case .holdReviewDue:
                add(.holdReviewDue, facilitators, index)
            case .ownerAssigned(let owner, _):
                add(.ownerAssigned, [.person(id: owner.id)], index, excluding: actor)
            case .gatekeepersAssigned(_, _, let gatekeepers):
                add(.gatekeeperAssigned, gatekeepers.map { .person(id: $0.id) }, index, excluding: actor)
            case .submitted, .updated, .approved, .reviewed, .conditionMet, .coSubmittersSet, .migrated:
                continue
            }
        }
        return notices
    }
}
