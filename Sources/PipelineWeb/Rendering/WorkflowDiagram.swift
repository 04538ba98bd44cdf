import PipelineCore

/// The stages of a workflow as boxes from top to bottom, and how an idea moves between them:
///
/// - each route of each gate is an arrow with the gate's name beside it (and the route's guard, or
///   "otherwise" for the last of several): a route to the next stage runs straight down the spine
///   at the left of the boxes; a route further on (or back) leaves through the gap below its stage
///   and runs down (or up) a lane at the right, into its stage's right side;
/// - what a facilitator may decide in every working stage is drawn once: stopping, as a red
///   dashed rail on the left into the stopped stage; a hold, as a dotted loop on each working
///   stage (the idea stays where it is and resumes there); sending back, as a rail on the right
///   up into the first stage.
///
/// Each text is wrapped to the room it has, by a width estimated on the wide side (`TextWidth`),
/// and the drawing is as wide as its texts need and no wider: it says its size, so it is drawn at
/// that size on a wide page and scaled down only on a narrower one (a phone).
enum WorkflowDiagram {
    /// The words of the drawing: the page passes them in its language.
    struct Words {
        var title: String
        var stages: String
        var gates: String
        /// `when x > 3` for a guarded route.
        var when: (String) -> String
        var otherwise: String
        var kill: String
        /// What the kill path means, into the named stopped stage (or `nil`: the workflow has none).
        var killPath: (String?) -> String
        var hold: String
        var holdPath: String
        var recycle: String
        var recyclePath: String
    }

    /// A font of the drawing, by the class its texts carry (see `pipeline.css`).
    struct Font: Sendable {
        let className: String
        let size: Int
        let bold: Bool

        static let stage = Font(className: "stage-name", size: 14, bold: false)
        static let gate = Font(className: "wf-gate", size: 13, bold: true)
        static let guardText = Font(className: "wf-guard", size: 12, bold: false)
        static let kill = Font(className: "wf-kill-label", size: 12, bold: true)
        static let hold = Font(className: "wf-hold-label", size: 12, bold: true)
        static let recycle = Font(className: "wf-recycle-label", size: 12, bold: true)
        static let all = [stage, gate, guardText, kill, hold, recycle]

        /// The height of a line: room for the ascent (0.95 em) and the descent (0.3 em).
        var lineHeight: Int { Int((Double(size) * 1.3).rounded(.up)) }
        /// Where the baseline lies below the top of its line.
        var baseline: Int {
            let ascent = Int((Double(size) * 0.95).rounded(.up))
            return ascent + (lineHeight - Int((Double(size) * 1.25).rounded(.up))) / 2
        }
        func width(_ text: String) -> Int { TextWidth.of(text, size: size, bold: bold) }
        func wrap(_ words: [String], width: Int) -> [String] {
            TextWidth.wrap(words: words, width: width, size: size, bold: bold)
        }
    }

    /// Lines of text, each in its font.
    struct Block {
        var lines: [(text: String, font: Font)] = []
        var height: Int { lines.reduce(0) { $0 + $1.font.lineHeight } }

        /// The text in lines of at most `width`, broken between words (`[String]`: between these).
        mutating func add(_ text: String, _ font: Font, width: Int) {
            add(text.split(separator: " ").map(String.init), font, width: width)
        }

        mutating func add(_ words: [String], _ font: Font, width: Int) {
            for line in font.wrap(words, width: width) { lines.append((line, font)) }
        }
    }

    static let margin = 10
    static let killRail = 14
    static let left = 32
    static let spineOffset = 22
    static let exitStep = 16
    static let minBoxWidth = 220
    static let maxBoxWidth = 280
    static let minBoxHeight = 44
    static let minGap = 26
    static let bandPadding = 3
    static let laneStep = 12

    static func svg(_ workflow: Workflow, words: Words) -> String {
        Layout(workflow, words).draw()
    }
}

extension WorkflowDiagram {
    /// One route of one gate out of one of its stages.
    fileprivate struct Edge {
        let gate: Gate
        let route: Route
        let from: Int
        let to: Int
        var label = Block()
        /// Where it leaves its stage's bottom; the spine for the route to the next stage.
        var exit = 0
        /// Its lane's x; `nil` on the spine.
        var lane: Int?
        var bandTop = 0
        var entry = 0
    }

    /// A text in the gap below a stage (or above the first): a route's label, or the label of a
    /// decision's path.
    fileprivate enum Item {
        case edge(Int)
        case kill, hold, recycle
    }

    fileprivate struct Layout {
        let workflow: Workflow
        let words: Words
        let stages: [Stage]
        var edges: [Edge] = []
        let working: [Int]
        let stopped: Int?
        var boxWidth = WorkflowDiagram.minBoxWidth
        /// Top and height of each stage's box.
        var tops: [Int] = []
        var heights: [Int] = []
        /// The texts in the gap below each stage (the last one: below the drawing), top first, with
        /// their tops; and above the first stage.
        var below: [[(item: Item, top: Int)]] = []
        var above: [(item: Item, top: Int)] = []
        var killLabel = Block()
        var holdLabel = Block()
        var recycleLabel = Block()
        var height = 0

        init(_ workflow: Workflow, _ words: Words) {
            self.workflow = workflow
            self.words = words
            stages = workflow.stages
            working = stages.indices.filter { !workflow.stages[$0].isTerminal }
            stopped = stages.firstIndex { $0.terminal == .stopped }
            let index = Dictionary(stages.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            for gate in workflow.gates {
                for from in gate.from {
                    guard let start = index[from] else { continue }
                    for route in gate.routes {
                        guard let end = index[route.to] else { continue }
                        edges.append(Edge(gate: gate, route: route, from: start, to: end))
                    }
                }
            }
            measure()
            place()
        }

        var right: Int { left + boxWidth }
        var spine: Int { left + spineOffset }
        var hasRecycle: Bool { working.count > 1 }
        var recycleRail: Int { right + 28 }
        var firstLane: Int { (hasRecycle ? recycleRail : right + 16) + 14 }
        var lanes: Int { edges.filter { $0.lane != nil }.count }
        var width: Int {
            (lanes > 0 ? firstLane + laneStep * (lanes - 1) : hasRecycle ? recycleRail : right + 18) + margin
        }

        /// A stage's name and its SLA, `(≤ 30d)`, which is not broken over two lines.
        func name(_ stage: Stage) -> [String] {
            stage.name.split(separator: " ").map(String.init) + (stage.sla.map { ["(≤ \($0))"] } ?? [])
        }

        /// The box width from the stage names; the lanes, exits and labels.
        mutating func measure() {
            let widest = stages.map { Font.stage.width(name($0).joined(separator: " ")) + 20 }.max() ?? 0
            boxWidth = min(maxBoxWidth, max(minBoxWidth, widest))
            var lane = 0
            var exits: [Int: Int] = [:]
            for number in edges.indices {
                let edge = edges[number]
                let onSpine =
                    edge.to == edge.from + 1 && edge.to != stopped
                    && !edges[..<number].contains { $0.from == edge.from && $0.lane == nil }
                if onSpine {
                    edges[number].exit = spine
                } else {
                    let count = exits[edge.from, default: 0] + 1
                    exits[edge.from] = count
                    edges[number].exit = spine + exitStep * count
                    edges[number].lane = lane
                    lane += 1
                }
            }
            for number in edges.indices {
                if let lane = edges[number].lane { edges[number].lane = firstLane + laneStep * lane }
                let edge = edges[number]
                let room = right - 4 - (edge.exit + 8)
                var label = Block()
                label.add(edge.gate.name, .gate, width: room)
                if let guardSource = edge.route.guardSource {
                    label.add(words.when(guardSource), .guardText, width: room)
                } else if edge.gate.routes.count > 1 {
                    label.add(words.otherwise, .guardText, width: room)
                }
                edges[number].label = label
            }
            killLabel.add(words.kill, .kill, width: right - 4 - (killRail + 6))
            holdLabel.add(words.hold, .hold, width: right + 16 - (spine + 8))
            recycleLabel.add(words.recycle, .recycle, width: recycleRail - 6 - (spine + 8))
        }

        func block(_ item: Item) -> Block {
            switch item {
            case .edge(let number): return edges[number].label
            case .kill: return killLabel
            case .hold: return holdLabel
            case .recycle: return recycleLabel
            }
        }

        /// The texts of each gap, top first: the routes leaving by the rightmost exit first (each
        /// turns right below its label, clear of the labels under it), the spine's last; then
        /// the labels of the decisions' paths.
        func items() -> (above: [Item], below: [[Item]]) {
            var below = [[Item]](repeating: [], count: stages.count)
            for from in stages.indices {
                let leaving = edges.indices.filter { edges[$0].from == from }.sorted { edges[$0].exit > edges[$1].exit }
                below[from] = leaving.map { Item.edge($0) }
            }
            var above: [Item] = []
            if let first = working.first {
                if first == 0 { above.append(.hold) } else { below[first - 1].append(.hold) }
                if hasRecycle { below[first].append(.recycle) }
                if let stopped {
                    below[stopped == 0 ? 0 : stopped - 1].append(.kill)
                } else {
                    below[stages.count - 1].append(.kill)
                }
            }
            return (above, below)
        }

        mutating func place() {
            let (aboveItems, belowItems) = items()
            var entries = [Int](repeating: 0, count: stages.count)
            for edge in edges where edge.lane != nil { entries[edge.to] += 1 }
            var y = margin
            for item in aboveItems {
                above.append((item, y))
                y += block(item).height + 2 * bandPadding
            }
            if !aboveItems.isEmpty { y += 4 }
            below = Array(repeating: [], count: stages.count)
            for (index, stage) in stages.enumerated() {
                let lines = Font.stage.wrap(name(stage), width: boxWidth - 16).count
                let height = max(minBoxHeight, lines * Font.stage.lineHeight + 16, 30 + 10 * entries[index])
                tops.append(y)
                heights.append(height)
                y += height
                let gapTop = y
                y += 4
                for item in belowItems[index] {
                    if case .edge(let number) = item { edges[number].bandTop = y }
                    below[index].append((item, y))
                    y += block(item).height + 2 * bandPadding
                }
                if index < stages.count - 1 {
                    y = max(y + 8, gapTop + minGap)
                } else if belowItems[index].isEmpty {
                    y = gapTop
                }
            }
            height = y + margin
            var used = [Int](repeating: 0, count: stages.count)
            for number in edges.indices where edges[number].lane != nil {
                let to = edges[number].to
                edges[number].entry = tops[to] + 24 + 10 * used[to]
                used[to] += 1
            }
        }

        func bottom(_ index: Int) -> Int { tops[index] + heights[index] }
        func middle(_ index: Int) -> Int { tops[index] + heights[index] / 2 }

        func draw() -> String {
            var svg = SVG(width: width, height: height, title: words.title)
            svg.id = "workflow-diagram"
            svg.natural = true
            svg.className = "chart workflow-diagram"
            svg.description = description()
            svg.markers = [("kill", "wf-kill-head", 7), ("hold", "wf-hold-head", 4), ("recycle", "wf-recycle-head", 6)]
            drawStages(&svg)
            for number in edges.indices { drawEdge(number, &svg) }
            drawKill(&svg)
            drawHold(&svg)
            drawRecycle(&svg)
            return svg.document
        }

        func write(_ block: Block, x: Int, top: Int, anchor: String = "start", _ svg: inout SVG) {
            var lineTop = top
            for (text, font) in block.lines {
                svg.text(text, x: x, y: lineTop + font.baseline, className: font.className, anchor: anchor)
                lineTop += font.lineHeight
            }
        }

        func drawStages(_ svg: inout SVG) {
            for (index, stage) in stages.enumerated() {
                let kind = stage.terminal == .stopped ? "stage stopped" : stage.isTerminal ? "stage done" : "stage"
                svg.group(className: "wf-stage", data: ["stage": stage.id], title: stage.name) { svg in
                    svg.rect(
                        x: left, y: tops[index], width: boxWidth, height: heights[index], className: kind, rounded: 6)
                    var block = Block()
                    block.add(name(stage), .stage, width: boxWidth - 16)
                    let top = tops[index] + (heights[index] - block.height) / 2
                    write(block, x: left + boxWidth / 2, top: top, anchor: "middle", &svg)
                }
            }
        }

        func drawEdge(_ number: Int, _ svg: inout SVG) {
            let edge = edges[number]
            let from = stages[edge.from]
            let to = stages[edge.to]
            var title = "\(edge.gate.name): \(from.name) → \(to.name)"
            if let guardSource = edge.route.guardSource {
                title += ", " + words.when(guardSource)
            } else if edge.gate.routes.count > 1 {
                title += ", " + words.otherwise
            }
            svg.group(
                className: "wf-route", data: ["gate": edge.gate.id, "from": from.id, "to": to.id], title: title
            ) { svg in
                if let lane = edge.lane {
                    let turn = edge.bandTop + edge.label.height + 2 * bandPadding - 2
                    svg.path(
                        "M \(edge.exit) \(bottom(edge.from)) V \(turn) H \(lane) V \(edge.entry) H \(right)",
                        className: "route")
                } else {
                    svg.path("M \(edge.exit) \(bottom(edge.from)) V \(tops[edge.to])", className: "route")
                }
                write(edge.label, x: edge.exit + 8, top: edge.bandTop + bandPadding, &svg)
            }
        }

        func top(of item: Item) -> Int? {
            for band in above + below.joined() {
                switch (band.item, item) {
                case (.kill, .kill), (.hold, .hold), (.recycle, .recycle): return band.top
                default: continue
                }
            }
            return nil
        }

        /// Stubs from each working stage's left side to the rail, the rail into the stopped stage
        /// (or, without one, down to its label).
        func drawKill(_ svg: inout SVG) {
            guard !working.isEmpty, let labelTop = top(of: .kill) else { return }
            let title = words.killPath(stopped.map { stages[$0].name })
            svg.group(className: "wf-kill-path", title: title) { svg in
                for index in working {
                    svg.path("M \(left) \(middle(index)) H \(killRail)", className: "wf-kill", marker: nil)
                }
                let ends = working.map(middle)
                if let stopped {
                    let target = middle(stopped)
                    for end in [ends.filter { $0 < target }.min(), ends.filter { $0 > target }.max()].compactMap({ $0 })
                    {
                        svg.path("M \(killRail) \(end) V \(target) H \(left)", className: "wf-kill", marker: "kill")
                    }
                } else {
                    let end = labelTop + killLabel.height + 2 * bandPadding
                    svg.path("M \(killRail) \(ends.min() ?? end) V \(end)", className: "wf-kill", marker: "kill")
                }
                write(killLabel, x: killRail + 6, top: labelTop + bandPadding, &svg)
            }
        }

        /// A loop on the right of each working stage: out, and back into the same stage.
        func drawHold(_ svg: inout SVG) {
            guard let labelTop = top(of: .hold) else { return }
            svg.group(className: "wf-hold-path", title: words.holdPath) { svg in
                for index in working {
                    let top = tops[index] + 3
                    svg.path(
                        "M \(right) \(top) C \(right + 22) \(top) \(right + 22) \(top + 16) \(right) \(top + 16)",
                        className: "wf-hold", marker: "hold")
                }
                write(holdLabel, x: right + 16, top: labelTop + bandPadding, anchor: "end", &svg)
            }
        }

        /// Stubs from the right of each later working stage to a rail, the rail up into the first.
        func drawRecycle(_ svg: inout SVG) {
            guard hasRecycle, let first = working.first, let last = working.last, let labelTop = top(of: .recycle)
            else { return }
            svg.group(className: "wf-recycle-path", title: words.recyclePath) { svg in
                for index in working.dropFirst().dropLast() {
                    svg.path(
                        "M \(right) \(bottom(index) - 8) H \(recycleRail)", className: "wf-recycle", marker: nil)
                }
                svg.path(
                    "M \(right) \(bottom(last) - 8) H \(recycleRail) V \(bottom(first) - 8) H \(right)",
                    className: "wf-recycle", marker: "recycle")
                write(recycleLabel, x: recycleRail - 6, top: labelTop + bandPadding, anchor: "end", &svg)
            }
        }

        /// The drawing in words: the stages, each gate's routes, and the decisions' paths.
        func description() -> String {
            var routes: [String] = []
            for gate in workflow.gates {
                let parts = edges.filter { $0.gate.id == gate.id }.map { edge in
                    var text = "\(stages[edge.from].name) → \(stages[edge.to].name)"
                    if let guardSource = edge.route.guardSource {
                        text += " (" + words.when(guardSource) + ")"
                    } else if gate.routes.count > 1 {
                        text += " (" + words.otherwise + ")"
                    }
                    return text
                }
                routes.append("\(gate.name): " + parts.joined(separator: ", "))
            }
            var text = "\(words.stages): " + stages.map(\.name).joined(separator: ", ") + ". "
            text += "\(words.gates): " + routes.joined(separator: "; ") + "."
            if !working.isEmpty {
                text += " " + words.killPath(stopped.map { stages[$0].name }) + " " + words.holdPath
                if hasRecycle { text += " " + words.recyclePath }
            }
            return text
        }
    }
}

extension WorkflowDiagram.Words {
    /// The words in the page's language.
    init(_ labels: Labels, workflow: Workflow) {
        self.init(
            title: labels.format("workflow_diagram", ["name": workflow.name]),
            stages: labels["workflow_stages"], gates: labels["workflow_gates"],
            when: { labels.format("workflow_route_when", ["when": $0]) },
            otherwise: labels["workflow_route_otherwise"],
            kill: labels["workflow_kill"],
            killPath: { stage in
                stage.map { labels.format("workflow_kill_path", ["stage": $0]) } ?? labels["workflow_kill_path_nowhere"]
            },
            hold: labels["workflow_hold"], holdPath: labels["workflow_hold_path"],
            recycle: labels["workflow_recycle"], recyclePath: labels["workflow_recycle_path"])
    }
}
