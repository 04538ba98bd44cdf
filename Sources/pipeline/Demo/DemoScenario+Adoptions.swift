import Foundation
import PipelineCore
import PipelineStore

extension DemoScenario {
    /// A region that adopts a proven idea, and how far its implementation has come by now.
    struct Adoption {
        /// The stage the implementation ends the year in.
        enum Reach {
            case intake, plan, live, evaluated
            /// Stopped by a facilitator while its plan was being made, for this reason.
            case stopped(String)
        }

        let region: String
        let organisation: String
        /// The local lead (`local_lead`), who registers the adoption for their organisation.
        let lead: String
        /// Days after the idea became adoptable.
        let after: Int
        let reach: Reach
        /// The practices that take part (planned, then measured).
        var practices = 0
        /// Reported once live: hours saved a week and, for ideas about placements, students placed.
        var hours = 0.0
        var students: Int?
    }

    /// The steps of one region's implementation, adopted on `day`, and the day it went live
    /// (`nil` when it did not): intake approved, a plan of approach, live, and evaluated, each
    /// some weeks after the one before.
    static func script(_ adoption: Adoption, of ideaID: String, day: Int, seed: Int, start: Date)
        -> (steps: [Step], live: Int?)
    {
        let lead = Actor(
            name: adoption.lead, role: Actor.submitter, organisation: adoption.organisation,
            regions: [adoption.region])
        var timeline = DemoTimeline(record: "imp_" + ShortID.generate(), start: start, day: day, seed: seed)
        let documents = "https://example.org/invoering/\(timeline.record)"
        // Regions differ in pace: some take a week or two longer over each step.
        let pace = seed % 4
        func step(_ command: Command, as actor: Actor, after days: Int) {
            timeline.add(.execute(command), as: actor, after: days)
        }
        func update(_ values: [String: Value?], after days: Int) { step(.updateFields(values), as: lead, after: days) }
        func approveAndGo(after days: Int) {
            step(.approve(comment: nil), as: facilitator, after: days)
            step(.decide(.go), as: facilitator, after: 1)
        }

        let fields: FieldValues = ["local_lead": .text(adoption.lead)]
        timeline.add(.adopt(idea: ideaID, region: adoption.region, fields: fields), as: lead, after: 0)
        if case .intake = adoption.reach { return (timeline.steps, nil) }
        approveAndGo(after: 6 + pace * 2)
        let planning = 18 + pace * 4
        let startDate = Value.text(CalendarDay.text(timeline.dayAfter(planning + 7)))
        switch adoption.reach {
        case .plan:
            // The plan is being written: a start date, no plan of approach yet.
            update(["start_date": startDate, "participants": .number(Double(adoption.practices))], after: planning)
            return (timeline.steps, nil)
        case .stopped(let reason):
            step(.decide(.kill(reason: reason)), as: facilitator, after: planning + 10)
            return (timeline.steps, nil)
        case .intake, .live, .evaluated:
            break
        }
        update(
            [
                "start_date": startDate, "plan_url": .text("\(documents)/plan-van-aanpak.pdf"),
                "participants": .number(Double(adoption.practices)),
            ], after: planning)
        approveAndGo(after: 6)
        let live = timeline.day
        var outcomes: [String: Value?] = ["hours_saved": .number(adoption.hours)]
        if let students = adoption.students { outcomes["students_placed"] = .number(Double(students)) }
        update(outcomes, after: 30 + pace * 5)
        if case .evaluated = adoption.reach {
            update(["evaluation_url": .text("\(documents)/evaluatie.pdf")], after: 40 + pace * 3)
            approveAndGo(after: 4)
        }
        return (timeline.steps, live)
    }
}
