import Foundation
import PipelineCore

/// The steps of one record of the demo, an idea or an implementation: each some days after the
/// one before, at an hour of the working day that varies from step to step and record to record.
struct DemoTimeline {
    /// The idea or implementation the steps act on.
    let record: String
    /// Midnight (UTC) of the simulated year's first day.
    let start: Date
    /// Varies the hours between records.
    let seed: Int
    /// The day of the simulated year of the last step.
    private(set) var day: Int
    /// The moment of the last step.
    private(set) var at: Date
    private(set) var steps: [DemoScenario.Step] = []

    init(record: String, start: Date, day: Int, seed: Int) {
        self.record = record
        self.start = start
        self.day = day
        self.seed = seed
        self.at = start.addingTimeInterval(Double(day) * 86_400)
    }

    mutating func add(_ action: DemoScenario.Step.Action, as actor: Actor, after days: Int) {
        day += days
        // 08:00 to 16:45 UTC.
        let minutes = 8 * 60 + ((steps.count * 97 + seed * 41) % 36) * 15
        at = start.addingTimeInterval(Double(day) * 86_400 + Double(minutes) * 60)
        steps.append(DemoScenario.Step(at: at, record: record, actor: actor, action: action))
    }

    /// A calendar day some days after the last step.
    func dayAfter(_ days: Int) -> Date {
        CalendarDay.start(ofDayContaining: at.addingTimeInterval(Double(days) * 86_400))
    }
}
