import PipelineCore
import Yams

extension WorkflowParser {
    static let gateKeys = [
        "name", "description", "from", "to", "deliverables", "must_meet", "approvals", "scorecard", "conditional_go",
        "max_conditions", "recusal",
    ]
    static let routeKeys = ["when", "to"]
    static let ruleKeys = ["rule", "label"]
    static let approvalKeys = ["role", "count"]
    static let scorecardKeys = ["role", "scale", "min_reviews", "pass_mark", "criteria"]
    static let criterionKeys = ["label", "weight"]

    func parseGates(_ entry: NodeReader.Entry) {
        guard let entries = reader.entries(entry.value, of: "gates") else { return }
        for gate in entries where isIdentifier(gate, kind: "gate") {
            if let parsed = parseGate(gate) { gates.append(parsed) }
        }
    }

    private func parseGate(_ entry: NodeReader.Entry) -> Gate? {
        let context = "gate '\(entry.key)'"
        guard
            let keys = reader.fields(
                entry.value, of: context, allowed: WorkflowParser.gateKeys, required: ["name", "from", "to"])
        else { return nil }
        let name = reader.text(keys["name"], of: context)
        let description = keys["description"].flatMap { reader.text($0, of: context) }
        let from = parseFrom(keys["from"], gate: entry.key, context: context)
        let routes = parseRoutes(keys["to"], from: from, context: context)

        var deliverables: [String] = []
        if let names = reader.names(keys["deliverables"], of: context) {
            for item in unique(names, in: "deliverables of \(context)")
            where reference(item.name, at: item.mark, kind: "field", known: fields.map(\.id)) {
                deliverables.append(item.name)
                deliverableReferences.append((entry.key, from, item.name, item.mark))
            }
        }
        let rules = (reader.items(keys["must_meet"], of: context) ?? []).compactMap { parseRule($0, context: context) }
        let approvals = parseApprovals(keys["approvals"], context: context)
        let scorecard = keys["scorecard"].flatMap { parseScorecard($0, context: context) }
        let conditionalGo = keys["conditional_go"].flatMap { reader.boolean($0, of: context) }
        let maxConditions = parseMaxConditions(keys, conditionalGo: conditionalGo, context: context)
        let recusal = keys["recusal"].flatMap { reader.boolean($0, of: context) }
        guard let name, !from.isEmpty, !routes.isEmpty else { return nil }
        return Gate(
            id: entry.key, name: name, description: description, from: from, routes: routes,
            deliverables: deliverables, mustMeet: rules, approvals: approvals, scorecard: scorecard,
            conditionalGo: conditionalGo ?? false, maxConditions: maxConditions, recusal: recusal ?? true)
    }

    /// `max_conditions: N`, 1 to 20, only beside `conditional_go: true`.
    private func parseMaxConditions(
        _ keys: [String: NodeReader.Entry], conditionalGo: Bool?, context: String
    ) -> Int? {
        guard let entry = keys["max_conditions"] else { return nil }
        // With an unreadable conditional_go, that one mistake is reported, not this key too.
        if keys["conditional_go"] == nil || conditionalGo == false {
            reader.error(
                "max_conditions needs conditional_go: true", at: entry.keyMark,
                hint: "add conditional_go: true to \(context), or remove max_conditions")
        }
        guard let count = reader.integer(entry, of: context, example: "5") else { return nil }
        guard (1...20).contains(count) else {
            reader.error(
                "max_conditions must be 1 to 20, not \(count)", at: entry.value.mark,
                hint: count < 1
                    ? "for a go without conditions, leave out conditional_go" : "leave max_conditions out for no limit")
            return nil
        }
        return count
    }

    private func parseFrom(_ entry: NodeReader.Entry?, gate: String, context: String) -> [String] {
        guard let names = reader.names(entry, of: context, single: true) else { return [] }
        if names.isEmpty, let entry {
            reader.error("'from' of \(context) names no stage", at: entry.value.mark, hint: "write from: first_stage")
        }
        var result: [String] = []
        for item in unique(names, in: "from of \(context)")
        where reference(item.name, at: item.mark, kind: "stage", known: stages.map(\.id)) {
            if stages.first(where: { $0.id == item.name })?.isTerminal == true {
                reader.error(
                    "\(context) leaves terminal stage '\(item.name)'; a terminal stage is an end state",
                    at: item.mark, hint: "remove terminal: true from the stage, or the stage from 'from'")
                continue
            }
            if let other = gateLeaving[item.name] {
                reader.error(
                    "stage '\(item.name)' already has gate '\(other)'; a stage has one gate", at: item.mark,
                    hint: "use one gate with several routes under 'to', each with 'when'")
                continue
            }
            gateLeaving[item.name] = gate
            result.append(item.name)
        }
        return result
    }

    /// `to: stage`, or a list of routes `- when: expression` / `  to: stage`, first match wins.
    private func parseRoutes(_ entry: NodeReader.Entry?, from: [String], context: String) -> [Route] {
        guard let entry else { return [] }
        if case .scalar(let scalar) = entry.value, !scalar.isNull {
            guard let route = route(to: scalar.string, at: scalar.mark, from: from, context: context) else { return [] }
            return [route]
        }
        guard case .sequence(let sequence) = entry.value else {
            reader.error(
                "'to' of \(context) must be a stage or a list of routes, not \(entry.value.kindName)",
                at: entry.value.mark ?? entry.keyMark, hint: "write to: next_stage")
            return []
        }
        let items = Array(sequence)
        if items.isEmpty { reader.error("'to' of \(context) lists no routes", at: entry.value.mark) }
        var routes: [Route] = []
        var unguardedLine: Int?
        for item in items {
            guard
                let keys = reader.fields(
                    item, of: "a route of \(context)", allowed: WorkflowParser.routeKeys, required: ["to"])
            else { continue }
            if let line = unguardedLine {
                reader.error(
                    "this route can never be taken: the route at line \(line) has no 'when' and always matches",
                    at: item.mark, hint: "move the route without 'when' to the end")
            }
            var guardExpression: Expression?
            var guardSource: String?
            if let whenEntry = keys["when"] {
                guardExpression = expression(whenEntry, purpose: "route condition")
                if guardExpression != nil, case .scalar(let scalar) = whenEntry.value { guardSource = scalar.string }
            } else if unguardedLine == nil, (reader.entries(item, of: "a route") ?? []).count == keys.count {
                // A route with a misspelt key ('wen') is reported as that, not as unguarded.
                unguardedLine = item.mark?.line ?? 0
            }
            guard let targetEntry = keys["to"] else { continue }
            guard case .scalar(let target) = targetEntry.value, !target.isNull else {
                reader.error("'to' of a route must name one stage", at: targetEntry.value.mark)
                continue
            }
            if var route = route(to: target.string, at: target.mark, from: from, context: context) {
                route = Route(to: route.to, guard: guardExpression, guardSource: guardSource)
                if keys["when"] == nil || guardExpression != nil { routes.append(route) }
            }
        }
        return routes
    }

    private func route(to stage: String, at mark: Mark?, from: [String], context: String) -> Route? {
        guard reference(stage, at: mark, kind: "stage", known: stages.map(\.id)) else { return nil }
        if from.contains(stage) {
            reader.error(
                "\(context) leads back to stage '\(stage)', which it leaves", at: mark,
                hint: "to send an idea back, decide 'recycle'")
            return nil
        }
        return Route(to: stage)
    }

    private func parseRule(_ node: Node, context: String) -> Rule? {
        if case .scalar(let scalar) = node {
            let entry = NodeReader.Entry(key: "must_meet", keyMark: scalar.mark, value: node)
            guard let parsed = expression(entry, purpose: "must_meet rule") else { return nil }
            return Rule(expression: parsed, source: scalar.string)
        }
        guard
            let keys = reader.fields(
                node, of: "a must_meet rule of \(context)", allowed: WorkflowParser.ruleKeys, required: ["rule"]),
            let ruleEntry = keys["rule"]
        else { return nil }
        let label = keys["label"].flatMap { reader.text($0, of: "a must_meet rule") }
        guard let parsed = expression(ruleEntry, purpose: "must_meet rule"), let source = ruleEntry.value.scalar?.string
        else { return nil }
        return Rule(expression: parsed, source: source, label: label)
    }

    private func parseApprovals(_ entry: NodeReader.Entry?, context: String) -> [ApprovalRule] {
        guard let items = reader.items(entry, of: context) else { return [] }
        var result: [ApprovalRule] = []
        var seen: Set<String> = []
        for item in items {
            guard
                let keys = reader.fields(
                    item, of: "an approval of \(context)", allowed: WorkflowParser.approvalKeys,
                    required: ["role", "count"]),
                let roleEntry = keys["role"], let role = reader.text(roleEntry, of: "an approval"),
                let count = reader.integer(keys["count"], of: "an approval")
            else { continue }
            guard reference(role, at: roleEntry.value.mark, kind: "role", known: roles.map(\.id)) else { continue }
            guard count >= 1 else {
                reader.error(
                    "approval count must be 1 or more, not \(count)", at: keys["count"]?.value.mark,
                    hint: "remove the approval if none is needed")
                continue
            }
            guard seen.insert(role).inserted else {
                reader.error(
                    "\(context) names role '\(role)' in two approvals", at: roleEntry.value.mark,
                    hint: "add up the counts")
                continue
            }
            result.append(ApprovalRule(role: role, count: count))
        }
        return result
    }

    private func parseScorecard(_ entry: NodeReader.Entry, context: String) -> Scorecard? {
        let scope = "the scorecard of \(context)"
        guard
            let keys = reader.fields(
                entry.value, of: scope, allowed: WorkflowParser.scorecardKeys,
                required: ["role", "scale", "pass_mark", "criteria"])
        else { return nil }
        var role: String?
        if let roleEntry = keys["role"], let name = reader.text(roleEntry, of: scope),
            reference(name, at: roleEntry.value.mark, kind: "role", known: roles.map(\.id))
        {
            role = name
        }
        let scale = parseScale(keys["scale"], scope: scope)
        let minReviews = keys["min_reviews"].map { reader.integer($0, of: scope) } ?? 1
        if let minReviews, minReviews < 1, let reviewsEntry = keys["min_reviews"] {
            reader.error("min_reviews must be 1 or more, not \(minReviews)", at: reviewsEntry.value.mark)
        }
        let passMark = reader.number(keys["pass_mark"], of: scope)
        if let passMark, let scale, !(Double(scale.lowerBound)...Double(scale.upperBound)).contains(passMark),
            let markEntry = keys["pass_mark"]
        {
            reader.error(
                "pass_mark \(Value.format(passMark)) is outside the scale \(scale.lowerBound) to \(scale.upperBound)",
                at: markEntry.value.mark)
        }
        let criteria = parseCriteria(keys["criteria"], scope: scope)
        guard let role, let scale, let minReviews, minReviews >= 1, let passMark, !criteria.isEmpty else { return nil }
        return Scorecard(role: role, scale: scale, minReviews: minReviews, passMark: passMark, criteria: criteria)
    }

    /// `scale: [1, 5]`: the lowest and the highest score.
    private func parseScale(_ entry: NodeReader.Entry?, scope: String) -> ClosedRange<Int>? {
        guard let entry else { return nil }
        var bounds: [Int?] = []
        if case .sequence(let items) = entry.value {
            bounds = items.map { item in item.scalar.flatMap { Int($0.string) } }
        }
        guard bounds.count == 2, let low = bounds[0], let high = bounds[1] else {
            reader.error(
                "scale must be the lowest and the highest score as two whole numbers", at: entry.value.mark,
                hint: "for example scale: [1, 5]")
            return nil
        }
        guard low < high else {
            reader.error(
                "scale runs from \(low) to \(high); the lowest score must be below the highest", at: entry.value.mark)
            return nil
        }
        return low...high
    }

    private func parseCriteria(_ entry: NodeReader.Entry?, scope: String) -> [Scorecard.Criterion] {
        guard let entry, let criteria = reader.entries(entry.value, of: "criteria of \(scope)") else { return [] }
        if criteria.isEmpty { reader.error("\(scope) has no criteria", at: entry.keyMark) }
        var result: [Scorecard.Criterion] = []
        for criterion in criteria where isIdentifier(criterion, kind: "criterion") {
            let context = "criterion '\(criterion.key)'"
            guard
                let keys = reader.fields(
                    criterion.value, of: context, allowed: WorkflowParser.criterionKeys, required: ["label"]),
                let label = reader.text(keys["label"], of: context)
            else { continue }
            let weight = keys["weight"].map { reader.number($0, of: context) } ?? 1
            guard let weight else { continue }
            guard weight > 0 else {
                reader.error(
                    "weight of \(context) must be more than 0, not \(Value.format(weight))",
                    at: keys["weight"]?.value.mark, hint: "remove the criterion to leave it out")
                continue
            }
            result.append(Scorecard.Criterion(id: criterion.key, label: label, weight: weight))
        }
        return result
    }
}
