import Foundation
import PipelineCore
import PipelineTestSupport
import Testing

@testable import PipelineWeb

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The workflow picture: every gate's name on its arrow, the kill, hold and recycle paths drawn,
/// nothing cut off or drawn over, at a width a phone shows without shrinking the text much. The
/// drawing is parsed as XML and its geometry checked: each text's extent is estimated with the
/// same conservative widths the drawing is made with (`TextWidth`).
@Suite("Workflow diagram")
struct WorkflowDiagramTests {
    /// A phone's 390 px less the page's padding: the drawing is scaled by this over its width.
    static let phoneColumn = 358.0
    /// The drawing may be this much wider than a phone's column: its 12 px texts then still show
    /// at 11 px.
    static let widest = 390

    @Test(arguments: ["nl", "en"])
    func everyBundledWorkflowIsDrawnWithItsGatesOnTheirArrows(language: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestPaths.workflows.path)
            .filter { $0.hasSuffix(".yml") }
        #expect(BundledWorkflows.library.workflows.count == files.count, "every file in workflows/ loads")
        let labels = try Labels(language: language)
        for workflow in BundledWorkflows.library.workflows {
            let words = WorkflowDiagram.Words(labels, workflow: workflow)
            let drawing = try Drawing(WorkflowDiagram.svg(workflow, words: words))
            try Self.check(drawing, workflow, words)
            #expect(drawing.width <= Self.widest, "\(workflow.id) in \(language): \(drawing.width) px wide")
            try Self.writeToLookAt(WorkflowDiagram.svg(workflow, words: words), "\(workflow.id)-\(language)")
        }
    }

    /// With `PIPELINE_WRITE_DIAGRAMS=folder`, each drawing also as a page with `pipeline.css`
    /// in that folder, to look at in a browser (at a phone's width too).
    static func writeToLookAt(_ svg: String, _ name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["PIPELINE_WRITE_DIAGRAMS"] else { return }
        let css = LabelsTests.web.appendingPathComponent("Static/pipeline.css").path
        let page =
            "<!doctype html><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
            + "<link rel=\"stylesheet\" href=\"file://\(css)\"><main><figure class=\"diagram\">\(svg)</figure></main>"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try page.write(toFile: "\(folder)/\(name).html", atomically: true, encoding: .utf8)
    }

    @Test func theDutchWordsStandOnTheDecisionsPaths() throws {
        let workflow = try #require(BundledWorkflows.library.latest("primary-care-innovation"))
        let drawing = try Drawing(
            WorkflowDiagram.svg(workflow, words: WorkflowDiagram.Words(try Labels(language: "nl"), workflow: workflow)))
        #expect(drawing.texts(in: "wf-kill-path") == ["Stoppen"])
        #expect(drawing.texts(in: "wf-hold-path") == ["In de wacht"])
        #expect(drawing.texts(in: "wf-recycle-path") == ["Terugsturen"])
        let scale = try #require(
            drawing.groups("wf-route").first { $0.attributes["data-to"] == "national_implementation" })
        #expect(
            Drawing.texts(scale) == ["Opschalingsbesluit", "als scale == \"nationaal\" and", "regions_interested >= 5"])
        let description = try #require(drawing.root.children.first { $0.name == "desc" })
        #expect(description.text.hasPrefix("Fasen: Voorstel, Businesscase, Pilot"))
        #expect(description.text.contains("Toets voorstel: Voorstel → Businesscase"))
        #expect(description.text.contains("Stoppen kan in elke lopende fase en leidt naar Gestopt."))
    }

    /// Long Dutch names wrap inside the drawing instead of widening it; characters that mean
    /// something in XML are escaped, and read back as written.
    @Test func longNamesWrapAndSpecialCharactersAreEscaped() throws {
        let workflow = Self.awkward
        let words = WorkflowDiagram.Words(try Labels(language: "nl"), workflow: workflow)
        let svg = WorkflowDiagram.svg(workflow, words: words)
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        let drawing = try Drawing(svg)
        try Self.check(drawing, workflow, words)
        #expect(drawing.width <= Self.widest)
        try Self.writeToLookAt(svg, "awkward")
        let stage = try #require(drawing.groups("wf-stage").first { $0.attributes["data-stage"] == "check" })
        #expect(Drawing.texts(stage).count > 1, "the long name wraps")
        #expect(Drawing.texts(stage).joined(separator: " ") == workflow.stages[1].name + " (≤ 30d)")
    }

    /// Routes that skip stages, go back, leave several stages of one gate, or lead to a stopped
    /// stage that is not the last; and a workflow without a stopped stage.
    @Test func unusualRoutesAreDrawnBesideTheirLabelsToo() throws {
        let labels = try Labels(language: "en")
        for workflow in [Self.tangled, Self.withoutStoppedStage] {
            let words = WorkflowDiagram.Words(labels, workflow: workflow)
            let svg = WorkflowDiagram.svg(workflow, words: words)
            try Self.check(try Drawing(svg), workflow, words)
            try Self.writeToLookAt(svg, workflow.id)
        }
    }

    /// The checks themselves can fail: a label moved off its arrow, a text longer than its room
    /// and a text moved into a box are each found, and so is a drawing that is not well-formed.
    @Test func theChecksFindALabelOffItsArrowATextCutOffAndOneOverABox() throws {
        let workflow = try #require(BundledWorkflows.library.latest("quick-wins"))
        let words = WorkflowDiagram.Words(try Labels(language: "nl"), workflow: workflow)
        let svg = WorkflowDiagram.svg(workflow, words: words)
        #expect(Self.problems(try Drawing(svg), workflow, words).isEmpty)
        let gate = try #require(workflow.gates.first).name

        let moved = try Self.moving(svg, text: gate, x: 120)
        #expect(Self.problems(try Drawing(moved), workflow, words).contains { $0.contains("not beside its arrow") })
        let longer = svg.replacingOccurrences(of: ">\(gate)<", with: ">\(gate) \(gate) \(gate)<")
        #expect(Self.problems(try Drawing(longer), workflow, words).contains { $0.contains("outside the drawing") })
        let box = try #require(try Drawing(svg).groups("wf-stage").first?.first("rect").flatMap(Rect.init))
        let inBox = try Self.moving(svg, text: gate, y: Int(box.middleY))
        #expect(Self.problems(try Drawing(inBox), workflow, words).contains { $0.contains("overlaps the box") })
        #expect(throws: NotWellFormed.self) { try Drawing(svg.replacingOccurrences(of: "</g>", with: "")) }
    }

    /// `svg` with the text `text` moved to `x` or `y`.
    static func moving(_ svg: String, text: String, x: Int? = nil, y: Int? = nil) throws -> String {
        let pattern = try NSRegularExpression(
            pattern: #"<text x="(\d+)" y="(\d+)"[^>]*>"# + NSRegularExpression.escapedPattern(for: text) + "</text>")
        let match = try #require(pattern.firstMatch(in: svg, range: NSRange(svg.startIndex..., in: svg)))
        var result = svg
        for (group, value) in [(2, y), (1, x)] {
            guard let value, let range = Range(match.range(at: group), in: result) else { continue }
            result.replaceSubrange(range, with: String(value))
        }
        return result
    }

    /// The texts' colours on white (and a stage name on each stage's fill) reach WCAG AA, 4.5:1.
    @Test func theTextsOfTheDiagramHaveEnoughContrast() throws {
        let css = try String(
            contentsOf: LabelsTests.web.appendingPathComponent("Static/pipeline.css"), encoding: .utf8)
        let sheet = StyleSheet(css)
        let white = try #require(StyleSheet.rgb("#ffffff"))
        for font in WorkflowDiagram.Font.all {
            let fill = try #require(sheet.colour(of: font.className, "fill"), "\(font.className) has a fill")
            #expect(StyleSheet.contrast(fill, white) >= 4.5, "\(font.className) on white")
        }
        let ink = try #require(sheet.colour(of: "stage-name", "fill"))
        for kind in ["stage", "stage.done", "stage.stopped"] {
            let fill = try #require(sheet.colour(of: kind, "fill"), "\(kind) has a fill")
            #expect(StyleSheet.contrast(ink, fill) >= 4.5, "stage name on \(kind)")
        }
    }

    @Test func theWorkflowPageShowsTheDiagramInDutch() async throws {
        try await WebFixture.withServer(language: nil) { web in
            let page = try await web.get("/workflows/regional-implementation", try await web.signIn(.practice))
            #expect(page.status == 200)
            let start = try #require(page.text.range(of: "<svg"))
            let end = try #require(page.text.range(of: "</svg>"))
            let drawing = try Drawing(String(page.text[start.lowerBound..<end.upperBound]))
            #expect(drawing.root.attributes["aria-describedby"] == "workflow-diagram-desc")
            #expect(drawing.texts(in: "wf-kill-path") == ["Stoppen"])
            #expect(drawing.texts(in: "wf-hold-path") == ["In de wacht"])
            let names = drawing.groups("wf-route").flatMap { Drawing.texts($0, "wf-gate") }
            #expect(names == ["Akkoord regio", "Start invoering", "Evaluatie"])
        }
    }
}

// MARK: - The checks

extension WorkflowDiagramTests {
    static func check(_ drawing: Drawing, _ workflow: Workflow, _ words: WorkflowDiagram.Words) throws {
        for problem in problems(drawing, workflow, words) { Issue.record("\(workflow.id): \(problem)") }
    }

    /// What is wrong with the drawing, in words; empty when nothing is.
    static func problems(_ drawing: Drawing, _ workflow: Workflow, _ words: WorkflowDiagram.Words) -> [String] {
        var problems: [String] = []
        let svg = drawing.root
        if svg.attributes["role"] != "img" { problems.append("the drawing is not an image for screen readers") }
        let title = svg.children.first { $0.name == "title" }
        if title?.text != words.title || title?.attributes["id"] != svg.attributes["aria-labelledby"] {
            problems.append("no title that labels the drawing")
        }
        let description = svg.children.first { $0.name == "desc" }
        if description == nil || description?.attributes["id"] != svg.attributes["aria-describedby"] {
            problems.append("no description")
        }
        for stage in workflow.stages where description?.text.contains(stage.name) != true {
            problems.append("the description lacks \(stage.name)")
        }
        if svg.attributes["width"] != String(drawing.width) { problems.append("the drawing does not say its width") }

        var rects: [String: Rect] = [:]
        for group in drawing.groups("wf-stage") {
            guard let id = group.attributes["data-stage"], let rect = group.first("rect").flatMap(Rect.init) else {
                continue
            }
            rects[id] = rect
        }
        for stage in workflow.stages where rects[stage.id] == nil { problems.append("no box for \(stage.id)") }
        let working = workflow.stages.filter { !$0.isTerminal }.map(\.id)

        // Each route: its gate's name (and guard) beside one of its path's upright segments; the
        // path from its stage's box to its target's.
        for gate in workflow.gates {
            for from in gate.from {
                for route in gate.routes {
                    let where_ = "\(gate.id) from \(from) to \(route.to)"
                    guard
                        let group = drawing.groups("wf-route").first(where: {
                            $0.attributes["data-gate"] == gate.id && $0.attributes["data-from"] == from
                                && $0.attributes["data-to"] == route.to
                        }), let path = group.first("path").flatMap({ Path($0.attributes["d"] ?? "") })
                    else {
                        problems.append("no arrow for \(where_)")
                        continue
                    }
                    if Drawing.texts(group, "wf-gate").joined(separator: " ") != gate.name {
                        problems.append("\(where_) is not labelled with the gate's name")
                    }
                    let guardWords =
                        route.guardSource.map(words.when) ?? (gate.routes.count > 1 ? words.otherwise : "")
                    if Drawing.texts(group, "wf-guard").joined(separator: " ") != guardWords {
                        problems.append("\(where_) does not say its guard")
                    }
                    if !path.isBeside(Drawing.textRects(group), side: .right) {
                        problems.append("the label of \(where_) is not beside its arrow")
                    }
                    if let start = path.points.first, rects[from]?.hasOnEdge(start) != true {
                        problems.append("\(where_) does not leave its stage's box")
                    }
                    if let end = path.points.last, rects[route.to]?.hasOnEdge(end) != true {
                        problems.append("\(where_) does not end at its target's box")
                    }
                }
            }
        }

        // Stopping: a stub from every working stage, a labelled rail into the stopped stage.
        if let group = drawing.groups("wf-kill-path").first {
            let paths = group.all("path").compactMap { Path($0.attributes["d"] ?? "") }
            for id in working
            where !paths.contains(where: { $0.points.first.map { rects[id]?.hasOnEdge($0) == true } ?? false }) {
                problems.append("no kill path from \(id)")
            }
            if let stopped = workflow.stages.first(where: { $0.terminal == .stopped }) {
                if !paths.contains(where: { $0.points.last.map { rects[stopped.id]?.hasOnEdge($0) == true } ?? false })
                {
                    problems.append("the kill path does not lead into \(stopped.id)")
                }
            }
            if Drawing.texts(group).joined(separator: " ") != words.kill {
                problems.append("the kill path is not labelled")
            }
            if !paths.contains(where: { $0.isBeside(Drawing.textRects(group), side: .right) }) {
                problems.append("the kill label is not beside its path")
            }
        } else if !working.isEmpty {
            problems.append("no kill path")
        }

        // A hold: a loop out of and back into every working stage, labelled near one of them.
        if let group = drawing.groups("wf-hold-path").first {
            let loops = group.all("path").compactMap { Path($0.attributes["d"] ?? "") }
            for id in working {
                guard let rect = rects[id] else { continue }
                let back = loops.contains { loop in
                    guard let first = loop.points.first, let last = loop.points.last else { return false }
                    return rect.hasOnEdge(first) && rect.hasOnEdge(last)
                }
                if !back { problems.append("no hold loop on \(id)") }
            }
            if Drawing.texts(group).joined(separator: " ") != words.hold {
                problems.append("the hold path is not labelled")
            }
            let near = Drawing.textRects(group).allSatisfy { text in loops.contains { $0.distance(to: text) <= 12 } }
            if !near { problems.append("the hold label is not beside a loop") }
        } else if !working.isEmpty {
            problems.append("no hold path")
        }

        // Sending back: into the first working stage, from the others.
        if let group = drawing.groups("wf-recycle-path").first {
            let paths = group.all("path").compactMap { Path($0.attributes["d"] ?? "") }
            if let first = working.first,
                !paths.contains(where: { $0.points.last.map { rects[first]?.hasOnEdge($0) == true } ?? false })
            {
                problems.append("the recycle path does not lead into \(first)")
            }
            for id in working.dropFirst()
            where !paths.contains(where: { $0.points.first.map { rects[id]?.hasOnEdge($0) == true } ?? false }) {
                problems.append("no recycle path from \(id)")
            }
            if Drawing.texts(group).joined(separator: " ") != words.recycle {
                problems.append("the recycle path is not labelled")
            }
            if !paths.contains(where: { $0.isBeside(Drawing.textRects(group), side: .left) }) {
                problems.append("the recycle label is not beside its path")
            }
        } else if working.count > 1 {
            problems.append("no recycle path")
        }

        // Nothing cut off, nothing over anything else.
        let viewBox = Rect(x: 0, y: 0, width: Double(drawing.width), height: Double(drawing.height))
        let texts = drawing.root.all("text")
        var placed: [(Rect, String)] = []
        for text in texts {
            guard let rect = Drawing.rect(of: text) else {
                problems.append("a text without a known font: \(text.text)")
                continue
            }
            if !viewBox.contains(rect) { problems.append("'\(text.text)' is (partly) outside the drawing") }
            for (other, name) in placed where rect.overlaps(other) {
                problems.append("'\(text.text)' and '\(name)' overlap")
            }
            placed.append((rect, text.text))
        }
        for group in drawing.groups("wf-stage") {
            guard let id = group.attributes["data-stage"], let rect = rects[id] else { continue }
            for text in Drawing.textRects(group) where !rect.contains(text) {
                problems.append("the name of \(id) sticks out of its box")
            }
            for (text, name) in placed where rect.overlaps(text) && !Drawing.texts(group).contains(name) {
                problems.append("'\(name)' overlaps the box of \(id)")
            }
        }
        for element in drawing.root.all("path") where !drawing.isMarker(element) {
            guard let path = Path(element.attributes["d"] ?? "") else {
                problems.append("a path that does not parse: \(element.attributes["d"] ?? "")")
                continue
            }
            for (text, name) in placed where path.crosses(text) { problems.append("a line runs through '\(name)'") }
        }
        return problems
    }

    static let awkward = Workflow(
        id: "awkward", version: 1, name: "Lange <namen> & \"tekens\"", roles: [], fields: [],
        stages: [
            Stage(id: "start", name: "Aanmelding van de regio's", sla: StageDuration("14d")),
            Stage(
                id: "check",
                name: "Toetsing door de regionale stuurgroep & de landelijke poortcommissie <fase 2>",
                sla: StageDuration("30d")),
            Stage(id: "run", name: "Uitvoering in alle deelnemende huisartsenpraktijken van de regio"),
            Stage(id: "done", name: "Afgerond en opgenomen in de landelijke kennisbank", terminal: .completed),
            Stage(id: "stopped", name: "Gestopt \"voorlopig\"", terminal: .stopped),
        ],
        gates: [
            Gate(id: "a", name: "<script>alert('x')</script>", from: ["start"], routes: [Route(to: "check")]),
            Gate(
                id: "b", name: "Besluit van de poortcommissie over de regionale opschaling", from: ["check"],
                routes: [
                    Route(
                        to: "done",
                        guardSource: "regions_interested >= 5 and scale == \"nationaal\" and cost_eur < 250000"),
                    Route(to: "run"),
                ]),
            Gate(id: "c", name: "Afronding & evaluatie", from: ["run"], routes: [Route(to: "done")]),
        ])

    static let tangled = Workflow(
        id: "tangled", version: 1, name: "Tangled", roles: [], fields: [],
        stages: [
            Stage(id: "one", name: "One"),
            Stage(id: "stopped", name: "Stopped", terminal: .stopped),
            Stage(id: "two", name: "Two"),
            Stage(id: "three", name: "Three"),
            Stage(id: "four", name: "Four"),
            Stage(id: "done", name: "Done", terminal: .completed),
        ],
        gates: [
            Gate(
                id: "first", name: "First", from: ["one"],
                routes: [
                    Route(to: "four", guardSource: "x > 1"), Route(to: "three", guardSource: "x > 0"), Route(to: "two"),
                ]),
            Gate(
                id: "again", name: "Again", from: ["two", "three"],
                routes: [Route(to: "one", guardSource: "y"), Route(to: "four")]),
            Gate(
                id: "end", name: "End", from: ["four"],
                routes: [Route(to: "stopped", guardSource: "z"), Route(to: "done")]),
        ])

    static let withoutStoppedStage = Workflow(
        id: "open", version: 1, name: "Open", roles: [], fields: [],
        stages: [Stage(id: "only", name: "Only"), Stage(id: "end", name: "End", terminal: .completed)],
        gates: [Gate(id: "finish", name: "Finish", from: ["only"], routes: [Route(to: "end")])])
}
