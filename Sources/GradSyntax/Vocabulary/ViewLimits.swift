/// Sizes of the views that their help states, declared with the language so the help and the views agree.
public enum ViewLimits {
    /// Steps `show clip` lists without `last N` or `all`.
    public static let clipRowsShown = 15
    /// Columns of a `plot boundary over time` snapshot's grid (and the widest a panel is drawn).
    public static let snapshotColumns = 24
}
