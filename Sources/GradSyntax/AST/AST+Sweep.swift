/// `sweep DIM [v1 v2 …] DIM [...] … { body }`: the dimensions in the order written (the grid's
/// nesting order, first outermost) and the block run once per cell.
public struct SweepSpec: Hashable, Sendable {
    /// One varied setting and its values (bare words are strings: `[sigmoid relu]`), or an expression
    /// giving the list (`depth $depths`).
    public struct Axis: Hashable, Sendable {
        public var dimension: Located<SweepDimension>
        public var values: [Expr]
        /// Set instead of `values` when the list comes from an expression.
        public var list: Expr?

        /// Creates an axis.
        public init(dimension: Located<SweepDimension>, values: [Expr], list: Expr?) {
            self.dimension = dimension
            self.values = values
            self.list = list
        }
    }

    public var dimensions: [Axis]
    public var body: Block
    public var range: SourceRange

    /// Creates a spec.
    public init(dimensions: [Axis], body: Block, range: SourceRange) {
        self.dimensions = dimensions
        self.body = body
        self.range = range
    }
}
