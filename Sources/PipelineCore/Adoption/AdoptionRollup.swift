/// How far an implementation has come, for its idea's roll-up: from the stage it is in (the
/// implementation workflow's `milestone:`) and whether it was stopped.
public enum AdoptionStep: String, Sendable, Hashable, CaseIterable, Codable {
    /// Adopted, not live yet (intake, plan, ...).
    case adopting
    /// Runs in its region.
    case live
    /// Runs, and its outcome was measured.
    case evaluated
    /// Stopped before or after it went live.
    case stopped

    /// The step of an implementation in `workflow`.
    public init(of implementation: Idea, in workflow: Workflow?) {
        if implementation.status == .killed || workflow?.stage(implementation.stage)?.terminal == .stopped {
            self = .stopped
            return
        }
        switch workflow?.stage(implementation.stage)?.milestone {
        case .live?: self = .live
        case .evaluated?: self = .evaluated
        case nil: self = .adopting
        }
    }

    /// Live counts every implementation that runs: `live` and `evaluated`.
    public var isLive: Bool { self == .live || self == .evaluated }
}

/// What the regions did with one idea: how many adopt it, run it, measured it or stopped, and
/// the sum and median of each outcome. Gate rules of the idea read it as `adoptions.live`,
/// `adoptions.sum.hours_saved`, ... (``values``); the type checker knows the same names
/// (``fields(outcomes:)``).
public struct AdoptionRollup: Sendable, Hashable, Codable {
    /// Adopted and not live yet.
    public var adopting = 0
    /// Running: live or evaluated.
    public var live = 0
    public var evaluated = 0
    public var stopped = 0
    /// Every adoption, stopped ones included.
    public var total: Int { adopting + live + stopped }
    /// Each outcome field's figures over the implementations that are not stopped and have it.
    public var outcomes: [Outcome] = []
    /// Each adopting region's implementation and its step, by region name.
    public var regions: [Region] = []

    public struct Outcome: Sendable, Hashable, Codable {
        public let field: String
        /// How many implementations reported it.
        public let count: Int
        public let sum: Double
        /// `nil` when none reported it.
        public let median: Double?
    }

    public struct Region: Sendable, Hashable, Codable {
        public let region: String
        public let implementation: String
        public let step: AdoptionStep
    }

    public init() {}

    /// The roll-up of `implementations` (the records whose parent is the idea), each in its own
    /// workflow, summing the `outcomes` fields.
    public init(implementations: [Idea], outcomes: [String], workflow: (Idea) -> Workflow?) {
        var reported: [String: [Double]] = [:]
        for implementation in implementations {
            let step = AdoptionStep(of: implementation, in: workflow(implementation))
            switch step {
            case .adopting: adopting += 1
            case .live: live += 1
            case .evaluated:
                live += 1
                evaluated += 1
            case .stopped: stopped += 1
            }
            regions.append(Region(region: implementation.region, implementation: implementation.id, step: step))
            guard step != .stopped else { continue }
            for field in outcomes {
                if case .number(let number)? = implementation.fields[field] {
                    reported[field, default: []].append(number)
                }
            }
        }
        regions.sort { ($0.region, $0.implementation) < ($1.region, $1.implementation) }
        self.outcomes = outcomes.map { field in
            let numbers = reported[field] ?? []
            return Outcome(
                field: field, count: numbers.count, sum: numbers.reduce(0, +), median: AdoptionRollup.median(numbers))
        }
    }

    /// The regions of `regions` that have not adopted the idea yet: not `home` (the idea's own
    /// region) and none that runs an implementation (a region that stopped may adopt again).
    public func notYet(of regions: [String], home: String) -> [String] {
        let running = Set(self.regions.filter { $0.step != .stopped }.map(\.region))
        return regions.filter { $0 != home && !running.contains($0) }
    }

    /// The middle value, or the mean of the two middle values; `nil` for none.
    public static func median(_ numbers: [Double]) -> Double? {
        guard !numbers.isEmpty else { return nil }
        let sorted = numbers.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The prefix of every roll-up value in an expression.
    public static let prefix = "adoptions."

    /// The roll-up as values that gate rules read; a median nobody reported is missing.
    public var values: FieldValues {
        var values: FieldValues = [
            "adoptions.total": .number(Double(total)), "adoptions.adopting": .number(Double(adopting)),
            "adoptions.live": .number(Double(live)), "adoptions.evaluated": .number(Double(evaluated)),
            "adoptions.stopped": .number(Double(stopped)),
        ]
        for outcome in outcomes {
            values["adoptions.sum.\(outcome.field)"] = .number(outcome.sum)
            if let median = outcome.median { values["adoptions.median.\(outcome.field)"] = .number(median) }
        }
        return values
    }

    /// The roll-up's names as fields, for the type checker and for people: counts, then each
    /// outcome's sum and median.
    public static func fields(outcomes: [String]) -> [FieldDefinition] {
        let counts: [(String, String)] = [
            ("total", "Adopties in totaal"), ("adopting", "Regio's die invoeren"), ("live", "Regio's live"),
            ("evaluated", "Regio's geëvalueerd"), ("stopped", "Regio's gestopt"),
        ]
        let range = NumberRange(min: 0)
        return counts.map { FieldDefinition(id: prefix + $0.0, label: $0.1, type: .integer(range)) }
            + outcomes.flatMap { field in
                [
                    FieldDefinition(id: "\(prefix)sum.\(field)", label: "Som van \(field)", type: .number(range)),
                    FieldDefinition(
                        id: "\(prefix)median.\(field)", label: "Mediaan van \(field)", type: .number(range)),
                ]
            }
    }
}

/// What a record is: an idea, or a region's implementation of an adopted idea. The API serves
/// them under their own paths (`/v1/ideas`, `/v1/implementations`).
public enum RecordKind: String, Sendable, Hashable, CaseIterable {
    case idea
    case implementation
}

extension Idea {
    public var kind: RecordKind { parent == nil ? .idea : .implementation }
}
