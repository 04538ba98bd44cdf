import ArgumentParser
import Foundation
import PipelineCore

/// Who runs the command: `--actor NAME --role ROLE [--org ORG]`, or PIPELINE_ACTOR,
/// PIPELINE_ROLE and PIPELINE_ORG from the environment.
struct ActorOptions: ParsableArguments {
    @Option(help: "Your name, as it appears in the history (or PIPELINE_ACTOR).")
    var actor: String?

    @Option(
        help:
            "Your role: submitter, facilitator, admin, or a role of the workflow such as gatekeeper (or PIPELINE_ROLE)."
    )
    var role: String?

    @Option(name: .customLong("org"), help: "Your organisation; submitters act for it (or PIPELINE_ORG).")
    var organisation: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    func validate() throws {
        guard resolvedName != nil, resolvedRole != nil else {
            throw ValidationError("say who you are: --actor NAME --role ROLE (or set PIPELINE_ACTOR and PIPELINE_ROLE)")
        }
        if resolvedRole == Actor.submitter, resolvedOrganisation == nil {
            throw ValidationError("a submitter acts for an organisation: add --org ORG (or set PIPELINE_ORG)")
        }
    }

    private var resolvedName: String? { nonEmpty(actor ?? environment["PIPELINE_ACTOR"]) }
    private var resolvedRole: String? { nonEmpty(role ?? environment["PIPELINE_ROLE"]) }
    private var resolvedOrganisation: String? { nonEmpty(organisation ?? environment["PIPELINE_ORG"]) }

    var value: Actor {
        Actor(name: resolvedName ?? "", role: resolvedRole ?? "", organisation: resolvedOrganisation)
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
