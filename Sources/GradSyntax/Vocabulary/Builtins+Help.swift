/// `help <function>`: one entry per built-in function, in one exhaustive switch so a new function cannot
/// be added without its help.
extension BuiltinFunction {
    /// The function's help entry.
    public var help: CommandHelp {
        let topic = HelpTopic.function(self)
        switch self {
        case .grad:
            return CommandHelp(topic, syntax: "grad(LAYER)",
                               summary: "Layer LAYER's weight-gradient norm ‖∇W‖ at the last step (-1 is the output layer). "
                                   + "'gradratio' is grad(1) / grad(-1). ‖∇W‖ also scales with the layer's input, so when "
                                   + "large weights (init normal 0 1) make activations explode it can stay near 1 while the "
                                   + "back-propagated gradient grows by orders of magnitude: compare bgrad(1) / bgrad(-1), "
                                   + "or run 'diagnose'.",
                               example: "print grad(1) / grad(-1)")
        case .actstd:
            return CommandHelp(topic, syntax: "actstd(LAYER)",
                               summary: "Standard deviation of layer LAYER's activations over the last batch: flat across layers with "
                                   + "a good init, shrinking or growing layer by layer with a bad one.",
                               example: "backward; print actstd(1), actstd(10), actstd(20)")
        case .gradstd:
            return CommandHelp(topic, syntax: "gradstd(LAYER)",
                               summary: "Standard deviation of the entries of layer LAYER's weight gradient at the last step "
                                   + "(squared, the per-layer gradient variance of Glorot & Bengio 2010).",
                               example: "backward; print gradstd(1) / gradstd(-1)")
        case .bgrad:
            return CommandHelp(topic, syntax: "bgrad(LAYER)",
                               summary: "Layer LAYER's bias-gradient norm ‖∇b‖ at the last step: the gradient back-propagated "
                                   + "to that layer (∂loss/∂pre-activation summed over the batch), free of the layer's input scale.",
                               example: "backward; print bgrad(2) / bgrad(-2)")
        case .update:
            return CommandHelp(topic, syntax: "update(LAYER)",
                               summary: "Layer LAYER's update-to-weight ratio ‖ΔW‖/‖W‖ at the last training step "
                                   + "(about 1e-3 is healthy).",
                               example: "train 1; print update(1), update(-1)")
        case .log10, .log, .exp, .sqrt, .abs:
            return CommandHelp(topic, syntax: "\(rawValue)(X)", summary: "The \(mathName) of a number\(domainNote).",
                               example: "print \(rawValue)(100)")
        case .min, .max:
            return CommandHelp(topic, syntax: "\(rawValue)(A, B, ...) or \(rawValue)(LIST)",
                               summary: "The \(self == .min ? "smallest" : "largest") of some numbers.",
                               example: "print \(rawValue)([grad(1), grad(2), grad(3)])")
        case .len:
            return CommandHelp(topic, syntax: "len(LIST|STRING)", summary: "The number of items in a list or characters in a string.",
                               example: "print len(args)")
        case .round:
            return CommandHelp(topic, syntax: "round(X[, DIGITS])",
                               summary: "X rounded to DIGITS decimals (0 when not given; -15 to 15, negative rounds to tens, hundreds …).",
                               example: "print round(acc * 100, 1)")
        case .num:
            return CommandHelp(topic, syntax: "num(X)",
                               summary: "X as a number: a string such as a script argument (\"20\", \"1e-3\") is read as one. "
                                   + "'+' joins text when either side is a string, so convert first: num(args[0]) + 1.",
                               example: "net dense ${num(args[0])}x64 relu")
        case .int:
            return CommandHelp(topic, syntax: "int(X)",
                               summary: "X as a whole number, cut toward zero (int(2.7) is 2); a string is read first (int(\"3\")).",
                               example: "for i in 1..int(args[0]) { train 1 }")
        case .str:
            return CommandHelp(topic, syntax: "str(X)",
                               summary: "X as text. A number gets every digit needed to read it back exactly (print shows 4 "
                                   + "significant digits), so results can be compared.",
                               example: "print str(loss)")
        }
    }

    private var mathName: String {
        switch self {
        case .log10: "base-10 logarithm"
        case .log: "natural logarithm"
        case .exp: "exponential"
        case .sqrt: "square root"
        default: "absolute value"
        }
    }

    /// What the function accepts, when not every number (outside it grad reports an error, not NaN).
    private var domainNote: String {
        switch self {
        case .log10, .log: " above 0"
        case .sqrt: " ≥ 0"
        case .exp: " up to about 709.78 (beyond it, the result is too large for a number)"
        default: ""
        }
    }
}
