import Foundation
import PipelineCore
import PipelineMail
import PipelineNotifications
import PipelineStore
import Testing

@Suite("Mail templates and the composer")
struct MailComposerTests {
    let date = MailFixture.time("2027-01-15T10:00:00Z")

    @Test("one notification: a greeting, the subject, the paragraphs and absolute links, in text and in HTML")
    func single() throws {
        let job = MailFixture.job(
            "ntf_1", content: MailFixture.content(text: "Wij starten in maart.\nMet twee posten."))
        let message = try MailFixture.composer.message(for: job, date: date)
        #expect(message.subject == "Nieuwe reactie op ‘Digitale triage’")
        #expect(message.to.address.value == "anna@delinde.nl" && message.to.name == "Anna Jansen")
        #expect(message.from.name == "Innovatiepijplijn" && message.from.address.value == "pipeline@example.org")
        #expect(
            message.text == """
                Beste Anna Jansen,

                Nieuwe reactie op ‘Digitale triage’

                Fenna de Vries schreef:

                Wij starten in maart.
                Met twee posten.

                Bekijk het idee: https://pipeline.example.org/ideas/idea-1

                -- 
                U ontvangt deze e-mail omdat u meldingen van de innovatiepijplijn krijgt.
                Uw meldingen instellen: https://pipeline.example.org/settings/notifications
                Afmelden voor deze e-mails: https://pipeline.example.org/unsubscribe/ntf_1

                """)
        #expect(message.html.hasPrefix("<!DOCTYPE html>\n<html lang=\"nl\">"))
        #expect(message.html.contains("<title>Nieuwe reactie op ‘Digitale triage’</title>"))
        #expect(message.html.contains("<p style=\"margin:0 0 16px;\">Beste Anna Jansen,</p>"))
        #expect(message.html.contains(">Wij starten in maart.<br>Met twee posten.</p>"))
        #expect(message.html.contains("href=\"https://pipeline.example.org/ideas/idea-1\""))
        #expect(message.html.contains("href=\"https://pipeline.example.org/settings/notifications\""))
        #expect(message.html.contains("href=\"https://pipeline.example.org/unsubscribe/ntf_1\""))
        #expect(message.listUnsubscribe?.url == "https://pipeline.example.org/unsubscribe/ntf_1")
        #expect(message.listUnsubscribe?.oneClick == true)
        #expect(message.messageID.value == "<ntf_1@pipeline.example.org>")
        #expect(message.date == date)
        let headers = MailFixture.headerLines(message)
        #expect(headers.contains("X-Pipeline-Notification: ntf_1"))
        #expect(headers.contains("X-Pipeline-Idea: idea-1"))
        #expect(headers.contains("Auto-Submitted: auto-generated"))
        #expect(headers.contains("List-Unsubscribe: <https://pipeline.example.org/unsubscribe/ntf_1>"))
        #expect(headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
    }

    @Test("a decision with conditions: its words, and the conditions one per line")
    func decision() throws {
        let content = MailFixture.content(
            topic: .decision, title: "Digitale triage", stage: "Pilot", actor: "Tom Visser",
            decision: "conditional_go", toStage: "Pilot",
            conditions: [("Privacytoets afgerond", "2027-03-01"), ("Begroting akkoord", "2027-04-15")])
        let message = try MailFixture.composer.message(for: MailFixture.job("ntf_2", content: content), date: date)
        #expect(message.subject == "Besluit: ‘Digitale triage’ gaat onder voorwaarden door naar Pilot")
        #expect(message.text.contains("Tom Visser besloot: onder voorwaarden door naar Pilot.\n\n"))
        #expect(
            message.text.contains(
                "Voorwaarden:\n1. Privacytoets afgerond (uiterlijk 1 maart 2027)\n2. Begroting akkoord (uiterlijk 15 april 2027)\n"
            ))
        #expect(
            message.html.contains(
                ">Voorwaarden:<br>1. Privacytoets afgerond (uiterlijk 1 maart 2027)<br>2. Begroting akkoord (uiterlijk 15 april 2027)</p>"
            ))
    }

    @Test("a hostile idea title and name reach neither a header nor the HTML unescaped")
    func hostile() throws {
        let title = "<script>alert('x')</script>\r\nBcc: victim@example.org\r\n\r\n<b>body</b>"
        let job = MailFixture.job(
            "ntf_3", name: "Anna\r\nCc: victim@example.org <i>",
            content: MailFixture.content(title: title, text: "<img src=x onerror=alert(1)>"))
        let message = try MailFixture.composer.message(for: job, date: date)
        #expect(!message.html.contains("<script"))
        #expect(!message.html.contains("<b>body"))
        #expect(!message.html.contains("<img"))
        #expect(!message.html.contains("<i>"))
        #expect(message.html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(message.html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        let headers = MailFixture.headerLines(message)
        #expect(!headers.contains { $0.lowercased().hasPrefix("bcc") || $0.lowercased().hasPrefix("cc") })
        #expect(
            headers.map { String($0.prefix { $0 != ":" }) } == [
                "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "List-Unsubscribe",
                "List-Unsubscribe-Post", "X-Pipeline-Notification", "X-Pipeline-Idea", "Auto-Submitted", "Content-Type",
            ])
        // The text part is text: the title stands in it as written, harmless.
        #expect(message.text.contains("<script>alert('x')</script>"))
    }

    @Test("a daily digest: one message per person, its notifications grouped by idea, oldest first")
    func digest() throws {
        let jobs = [
            MailFixture.job(
                "ntf_a", sequence: 1, mail: .daily, idea: "idea-1",
                content: MailFixture.content(idea: "idea-1", title: "Digitale triage", text: "Eerste")),
            MailFixture.job(
                "ntf_b", sequence: 2, mail: .daily, idea: "idea-2",
                content: MailFixture.content(idea: "idea-2", title: "Samen roosteren", text: "Tweede")),
            MailFixture.job(
                "ntf_c", sequence: 3, mail: .daily, idea: "idea-1",
                content: MailFixture.content(
                    topic: .decision, idea: "idea-1", title: "Digitale triage", stage: "Pilot", decision: "go",
                    toStage: "Pilot")),
        ]
        let message = try MailFixture.composer.digest(jobs.reversed(), date: date)
        #expect(message.subject == "Dagoverzicht: 3 meldingen")
        #expect(message.messageID.value == "<digest.ntf_a@pipeline.example.org>")
        #expect(message.listUnsubscribe?.url == "https://pipeline.example.org/unsubscribe/ntf_a")
        #expect(
            message.text == """
                Beste Anna Jansen,

                Uw dagoverzicht van de innovatiepijplijn: 3 meldingen over 2 ideeën.

                == Digitale triage ==

                Nieuwe reactie op ‘Digitale triage’
                Fenna de Vries schreef:
                Eerste

                Besluit: ‘Digitale triage’ gaat door naar Pilot
                Fenna de Vries besloot: door naar Pilot.

                Bekijk het idee: https://pipeline.example.org/ideas/idea-1

                == Samen roosteren ==

                Nieuwe reactie op ‘Samen roosteren’
                Fenna de Vries schreef:
                Tweede

                Bekijk het idee: https://pipeline.example.org/ideas/idea-2

                -- 
                U ontvangt deze e-mail omdat u meldingen van de innovatiepijplijn krijgt.
                Uw meldingen instellen: https://pipeline.example.org/settings/notifications
                Afmelden voor deze e-mails: https://pipeline.example.org/unsubscribe/ntf_a

                """)
        let html = message.html
        let first = try #require(html.range(of: ">Digitale triage</a></h2>"))
        let second = try #require(html.range(of: ">Samen roosteren</a></h2>"))
        #expect(first.upperBound < second.lowerBound)
        #expect(html.contains("href=\"https://pipeline.example.org/ideas/idea-2\""))
        #expect(
            html.contains(
                "<h3 style=\"margin:12px 0 6px;font-size:15px;\">Besluit: ‘Digitale triage’ gaat door naar Pilot</h3>"))
        #expect(MailFixture.headerLines(message).contains("X-Pipeline-Notification: ntf_a ntf_b ntf_c"))
        #expect(MailFixture.headerLines(message).contains("X-Pipeline-Idea: idea-1 idea-2"))

        let one = try MailFixture.composer.digest([jobs[1]], date: date)
        #expect(one.subject == "Dagoverzicht: 1 melding")
        #expect(one.text.contains("Uw dagoverzicht van de innovatiepijplijn: 1 melding over 1 idee.\n"))
    }

    @Test("compose: each notification to send at once is a message, each person's digest ones are one")
    func grouping() {
        let jobs = [
            MailFixture.job("ntf_1", sequence: 1),
            MailFixture.job(
                "ntf_2", sequence: 2, person: "per-bram", name: "Bram", email: "bram@delinde.nl", mail: .daily),
            MailFixture.job("ntf_3", sequence: 3, person: "per-tom", name: "Tom", email: "tom@ros.nl"),
            MailFixture.job(
                "ntf_4", sequence: 4, person: "per-bram", name: "Bram", email: "bram@delinde.nl", mail: .daily,
                idea: "idea-2"),
            MailFixture.job(
                "ntf_5", sequence: 5, person: "per-cor", name: "Cor", email: "cor@delinde.nl", mail: .daily),
            MailFixture.job("ntf_6", sequence: 6),
            MailFixture.job("ntf_7", sequence: 7, person: "per-x", name: "X", email: "not an address"),
        ]
        let batch = MailFixture.composer.compose(jobs, date: date)
        #expect(
            batch.messages.map(\.notificationIDs) == [["ntf_1"], ["ntf_2", "ntf_4"], ["ntf_3"], ["ntf_5"], ["ntf_6"]])
        #expect(batch.messages.map(\.message.subject)[1] == "Dagoverzicht: 2 meldingen")
        #expect(
            batch.messages.map(\.message.to.address.value) == [
                "anna@delinde.nl", "bram@delinde.nl", "tom@ros.nl", "cor@delinde.nl", "anna@delinde.nl",
            ])
        #expect(batch.unsendable.map(\.notificationIDs) == [["ntf_7"]])
        #expect(batch.unsendable.first?.reason.contains("is not an e-mail address") == true)
    }
}
