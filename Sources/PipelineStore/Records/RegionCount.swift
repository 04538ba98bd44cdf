/// How many ideas of a region share a workflow, a stage, a theme and a status.
public struct RegionCount: Sendable, Hashable {
    public let region: String
    public let workflowID: String
    public let stage: String
    /// `nil` for ideas without a theme.
    public let theme: String?
    public let status: String
    public let count: Int

    public init(region: String, workflowID: String, stage: String, theme: String?, status: String, count: Int) {
        self.region = region
        self.workflowID = workflowID
        self.stage = stage
        self.theme = theme
        self.status = status
        self.count = count
    }
}
