/// `plot boundary [layer L unit U | over time]`: which picture of the input plane to draw.
public struct BoundarySpec: Hashable, Sendable {
    /// The layer and unit of a one-unit picture (both or neither).
    public var layer: Expr?
    public var unit: Expr?
    /// The snapshots taken during the latest `train`, side by side.
    public var overTime: Bool
    public var range: SourceRange

    /// Creates a spec.
    public init(layer: Expr?, unit: Expr?, overTime: Bool, range: SourceRange) {
        self.layer = layer
        self.unit = unit
        self.overTime = overTime
        self.range = range
    }
}

/// How many recorded steps the per-step clipping table lists.
public enum ClipRows: Hashable, Sendable {
    /// `last N`: the most recent N.
    case last(Expr)
    /// `all`: every recorded step.
    case all
}
