import PipelineCore

/// An implementation's place in its idea's roll-up, written with each of its commands: its step
/// (from its stage's milestone) and its number fields (the outcomes a roll-up can sum).
public struct AdoptionRecord: Sendable, Hashable {
    public let step: AdoptionStep
    /// Every number field that has a value, by field id.
    public let outcomes: [String: Double]

    public init(step: AdoptionStep, outcomes: [String: Double]) {
        self.step = step
        self.outcomes = outcomes
    }

    /// The record of `implementation` in its `workflow`.
    public init(_ implementation: Idea, workflow: Workflow) {
        step = AdoptionStep(of: implementation, in: workflow)
        var outcomes: [String: Double] = [:]
        for field in workflow.fields where field.valueType == .number {
            if case .number(let number)? = implementation.fields[field.id] { outcomes[field.id] = number }
        }
        self.outcomes = outcomes
    }
}

/// How many implementations a region has at a step, with the sum of each outcome over them:
/// the regions' overview adds them up.
public struct AdoptionCount: Sendable, Hashable {
    public let region: String
    public let step: AdoptionStep
    public let count: Int
    /// Sums of the outcomes asked for, by field id (absent: nobody reported it).
    public let sums: [String: Double]

    public init(region: String, step: AdoptionStep, count: Int, sums: [String: Double]) {
        self.region = region
        self.step = step
        self.count = count
        self.sums = sums
    }
}
