import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    /// The submit form: the first stage's fields, typed and constrained as the workflow says.
    func submitForm(_ visitor: Visitor, workflowID: String) throws -> Response {
        let workflow = try submittable(workflowID)
        return submitPage(
            workflow, visitor, raw: [:], problems: [:], organisation: visitor.actor.organisation ?? "", region: "",
            submission: ShortID.generate(), refusal: nil, status: .ok)
    }

    func submit(_ visitor: Visitor, workflowID: String) async throws -> Response {
        let workflow = try submittable(workflowID)
        let form = visitor.form
        let fields = workflow.initialStage?.editable.compactMap(workflow.field) ?? []
        let parsed = FieldForm.parse(fields, form: form, labels: labels)
        let organisation = (visitor.actor.organisation ?? form["organisation"] ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let region = (form["region"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // The form carries the new idea's id, so a second click on Submit cannot make a second idea.
        let submission = form["submission"].flatMap(Self.validSubmission) ?? ShortID.generate()
        func again(_ problems: [String: String], _ refusal: String, _ status: HTTPResponse.Status) -> Response {
            submitPage(
                workflow, visitor, raw: parsed.raw, problems: problems, organisation: organisation, region: region,
                submission: submission, refusal: refusal, status: status)
        }
        if !parsed.problems.isEmpty { return again(parsed.problems, labels["error_fields"], .unprocessableContent) }
        if !regions.isEmpty, !regions.contains(region) {
            return again(["_region": labels["submit_region_unknown"]], labels["error_fields"], .unprocessableContent)
        }
        do {
            try await handler.submit(
                id: submission, workflowID: workflow.id, organisation: organisation, region: region,
                fields: parsed.values.compactMapValues { $0 }, actor: visitor.actor, now: clock.now())
        } catch .refused(.alreadyExists) {
            return PageResponse.redirect("/ideas/\(submission)?done=submitted")
        } catch {
            let words = RefusalWords(workflow: workflow, labels: labels)
            var problems: [String: String] = [:]
            if case .refused(.invalidFields(let list)) = error {
                for problem in list { problems[problem.field] = words.message(problem) }
            }
            if case .refused(.invalidInput(let refusal)) = error {
                // Next to the region or the organisation, when the refusal is about it.
                for (name, key) in [("region", "_region"), ("organisation", "_organisation")]
                where refusal.values[name] != nil || refusal.values["what"] == name {
                    problems[key] = words.message(refusal)
                }
            }
            let failure = refused(error, workflow: workflow)
            return again(problems, failure.message, failure.status)
        }
        return PageResponse.redirect("/ideas/\(submission)?done=submitted")
    }

    private func submittable(_ workflowID: String) throws -> Workflow {
        guard let workflow = library.latest(workflowID) else {
            throw PageError(.notFound, labels.format("error_unknown_workflow", ["id": String(workflowID.prefix(60))]))
        }
        return workflow
    }

    private func submitPage(
        _ workflow: Workflow, _ visitor: Visitor, raw: FieldForm.Raw, problems: [String: String], organisation: String,
        region: String, submission: String, refusal: String?, status: HTTPResponse.Status
    ) -> Response {
        let fields = workflow.initialStage?.editable.compactMap(workflow.field) ?? []
        let values: [String: Any] = [
            "workflow_id": workflow.id, "workflow_name": workflow.name,
            "stage": workflow.initialStage?.name ?? "", "submission": submission,
            "stage_description": workflow.initialStage?.description ?? "",
            "fields": FieldForm.controls(fields, raw: raw, problems: problems, labels: labels),
            "organisation": organisation, "organisation_fixed": visitor.actor.organisation != nil,
            "organisation_error": problems["_organisation"] ?? "",
            "region": region, "region_error": problems["_region"] ?? "",
            "has_regions": !regions.isEmpty,
            "regions": regions.map { ["value": $0, "selected": $0 == region] },
            "refusal": refusal ?? "",
        ]
        return html("submit", values, visitor: visitor, title: labels["submit_title"], status: status)
    }

    /// A submission id as `ShortID` makes them, and nothing else.
    static func validSubmission(_ text: String) -> String? {
        let alphabet = Set("abcdefghijkmnpqrstuvwxyz23456789")
        return text.count == 10 && text.allSatisfy(alphabet.contains) ? text : nil
    }
}
