import Foundation

/// A notification in Dutch words: the subject (a mail's subject, the inbox's line) and the
/// paragraphs of its body. Pure, so that the inbox, the mail and the tests say the same.
///
/// ```swift
/// NotificationText.subject(content)     // "Besluit: 'Digitale triage' gaat door naar Pilot"
/// NotificationText.paragraphs(content)  // ["Anna Bakker (facilitator) besloot: door naar Pilot.", ...]
/// ```
public enum NotificationText {
    public static func subject(_ content: NotificationContent) -> String {
        let title = "‘\(short(content.title))’"
        switch content.topic {
        case .decision:
            switch content.decision {
            case .go: return "Besluit: \(title) gaat door naar \(content.toStage ?? content.stage)"
            case .conditionalGo:
                return "Besluit: \(title) gaat onder voorwaarden door naar \(content.toStage ?? content.stage)"
            case .recycle: return "Besluit: \(title) gaat terug naar \(content.toStage ?? content.stage)"
            case .hold:
                return "Besluit: \(title) staat in de wacht" + (content.day.map { " tot \(dutchDay($0))" } ?? "")
            case .autoHold: return "\(title) is automatisch in de wacht gezet"
            case .resume: return "\(title) is hervat"
            case .kill: return "Besluit: \(title) is gestopt"
            case .complete: return "\(title) is afgerond"
            case .adopt: return "Adoptie: \(title) wordt ingevoerd in een nieuwe regio"
            case nil: return "Besluit over \(title)"
            }
        case .comment: return "Nieuwe reactie op \(title)"
        case .gateWaiting: return "\(title) wacht op uw beoordeling"
        case .slaReminder: return "Herinnering: \(title) wacht op " + list(content.roles ?? [])
        case .slaEscalated: return "Escalatie: \(title) wacht te lang in \(content.stage)"
        case .conditionOverdue: return "Voorwaarde verlopen bij \(title)"
        case .holdReviewDue: return "Herbeoordeling: de wachttijd van \(title) is voorbij"
        case .ownerAssigned: return "U bent eigenaar van \(title)"
        case .gatekeeperAssigned: return "U bent beoordelaar van \(title)"
        }
    }

    /// The body, paragraph by paragraph, without greeting or links (the templates add those).
    public static func paragraphs(_ content: NotificationContent) -> [String] {
        let who = content.actor ?? "De pipeline"
        var lines: [String] = []
        switch content.topic {
        case .decision:
            switch content.decision {
            case .go: lines.append("\(who) besloot: door naar \(content.toStage ?? content.stage).")
            case .conditionalGo:
                lines.append("\(who) besloot: onder voorwaarden door naar \(content.toStage ?? content.stage).")
            case .recycle: lines.append("\(who) besloot: terug naar \(content.toStage ?? content.stage).")
            case .hold:
                lines.append(
                    "\(who) zette het idee in de wacht" + (content.day.map { " tot \(dutchDay($0))" } ?? "") + ".")
            case .autoHold:
                lines.append(
                    "Het idee wachtte te lang in \(content.stage) en staat nu in de wacht"
                        + (content.day.map { " tot \(dutchDay($0))" } ?? "") + ".")
            case .resume: lines.append("\(who) hervatte het idee in \(content.stage).")
            case .kill: lines.append("\(who) besloot het idee te stoppen.")
            case .complete: lines.append("Het idee is afgerond in \(content.stage).")
            case .adopt:
                lines.append(
                    "\(who) registreerde de adoptie; de invoering begint in \(content.toStage ?? content.stage).")
            case nil: lines.append("\(who) nam een besluit.")
            }
            if let text = content.text { lines.append("Reden: \(text)") }
        case .comment:
            lines.append("\(who) schreef:")
            if let text = content.text { lines.append(text) }
        case .gateWaiting:
            lines.append(
                "Het idee staat in \(content.stage) en wacht op "
                    + (content.roles.map(list) ?? "een beoordeling") + ".")
        case .slaReminder:
            lines.append("Het idee staat al lang in \(content.stage) en wacht op " + list(content.roles ?? []) + ".")
        case .slaEscalated:
            lines.append(
                "Het idee staat te lang in \(content.stage); het is geëscaleerd naar " + list(content.roles ?? [])
                    + ".")
        case .conditionOverdue:
            lines.append(
                "Een voorwaarde is niet op tijd vervuld" + (content.day.map { " (uiterlijk \(dutchDay($0)))" } ?? "")
                    + ":")
            if let text = content.text { lines.append(text) }
        case .holdReviewDue:
            lines.append(
                "Het idee stond in de wacht" + (content.day.map { " tot \(dutchDay($0))" } ?? "")
                    + ". Tijd om opnieuw te besluiten.")
        case .ownerAssigned:
            lines.append(
                "U bent nu eigenaar van dit idee in \(content.stage)"
                    + (content.actor.map { " (toegewezen door \($0))" } ?? "") + ".")
        case .gatekeeperAssigned:
            lines.append("U bent gevraagd dit idee te beoordelen in \(content.stage).")
        }
        if let conditions = content.conditions, !conditions.isEmpty {
            lines.append(
                "Voorwaarden:\n"
                    + conditions.enumerated().map {
                        "\($0.offset + 1). \($0.element.text) (uiterlijk \(dutchDay($0.element.due)))"
                    }
                    .joined(separator: "\n"))
        }
        return lines
    }

    /// `2027-03-01` as "1 maart 2027"; anything else as it is (``DutchFormat/day(iso:)``).
    public static func dutchDay(_ day: String) -> String { DutchFormat.day(iso: day) }

    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " en " + names.last!
    }

    static func short(_ title: String) -> String {
        title.count <= 80 ? title : String(title.prefix(79)) + "…"
    }
}
