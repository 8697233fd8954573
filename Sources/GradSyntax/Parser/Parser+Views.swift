/// The commands that show a run rather than change it: `diagnose`, `plot`, and their help entries.
extension Parser {
    /// `plot TARGET`, and `plot grads over time`.
    mutating func parsePlot(_ command: Token) throws -> Command {
        let target = try parseRequiredWord(PlotTarget.self, after: command, "what to plot", noun: "target")
        if target.value == .boundary { return .plotBoundary(try parseBoundary(command)) }
        guard let over = matchWord("over") else { return .plot(target: target, overTime: false) }
        guard target.value == .grads || target.value == .time else {
            throw fail(.optionNotApplicable, "'over time' applies only to 'plot grads' and 'plot time'", at: over.range,
                       notes: [Note("'plot \(target.value.rawValue)' is already drawn over time")])
        }
        guard matchWord("time") != nil else {
            throw failExpected("'time' after 'over'", id: .missingArgument, notes: [Note("write 'plot grads over time'")])
        }
        return .plot(target: target, overTime: true)
    }
}

extension CommandDeclaration {
    typealias Limits = DiagnosisThresholds

    static let diagnose = CommandDeclaration(
        .diagnose, usage: [[]],
        summary: """
            Looks at the network and its recent history (median of the last \(Limits.window) recorded steps) and \
            prints each problem with the numbers that show it and fixes to paste:
                vanishing   layer 1's ‖∇W‖ < \(Format.number(Limits.vanishingRatio)) × the output layer's; \
            saturated: mean sigmoid/tanh saturation > \(Format.percent(Limits.saturatedFraction))
                exploding   a NaN/inf stop; layer 1's ‖∇W‖ > \(Format.number(Limits.explodingRatio)) × the output \
            layer's or any ‖∇W‖ > \(Format.number(Limits.explodingNorm)); total norm growing > \
            \(Format.number(Limits.gradientGrowth))× (first → last quarter); a loss > \(Format.number(Limits.lossSpike))× \
            the median before it; ‖ΔW‖/‖W‖ > \(Format.number(Limits.updateRatio))
                dead ReLUs  > \(Format.percent(Limits.deadFraction)) of a ReLU layer's units output 0 for the whole batch
                init        He on sigmoid/tanh; Xavier on ≥ \(Limits.deepReluLayers) ReLU layers; constant init; \
            per-layer init scale vs He/Xavier compounding beyond \(Format.number(Limits.initScaleProduct))× either way
              Works before training too (init checks; 'backward' adds gradients); "looks healthy" when nothing trips.
            """,
        example: "diagnose")

    static let plot = CommandDeclaration(
        .plot,
        keywords: [.of(PlotTarget.self)], followers: plotFollowers, followersAfterArgument: plotArgumentFollowers,
        usage: [
            [.anyOf(PlotTarget.self)], [.word(PlotTarget.grads), .literal("over time")],
            [.word(PlotTarget.boundary),
             .choice([.sequence([.literal("layer"), .value("L"), .literal("unit"), .value("U")]), .literal("over time")])],
        ], separator: ", ",
        summary: """
            Draws a chart as wide as the terminal (80 columns in a pipe; ASCII unless the locale is UTF-8):
                loss, acc   train per recorded step and test per epoch (log scale once the loss spans 1e3)
                gradnorm    the total gradient norm before and after clipping (log scale)
                grads       each layer's weight-gradient norm at the latest step, as log-scale bars
                grads over time   layer × step heat map: vanishing fades, explosion flares
                acts        each hidden layer's output histogram from the latest forward pass, saturated
                            outputs and ReLU zeros in the cells beyond the separators
                boundary    for 2-D data, the network's decision regions over the raw input plane (the data's
                            range plus 5%), evaluated in eval mode; one glyph per class, train points as filled
                            shapes (ASCII: capitals), test points hollow (lower case), thinned to one per 4 cells
                            when dense; dim colour where the top class is below midway between chance and 1
                boundary layer L unit U   one unit's output over the plane, shaded over the activation's range
                            (sigmoid 0…1, tanh -1…1; min…max otherwise): a dead or saturated unit is flat
                boundary over time   the regions before the latest 'train', at 25% and 50% of it and at its
                            end (\(ViewLimits.snapshotColumns) columns each, captured only for 2-D data)
            """,
        example: "plot grads over time")
    static let report = CommandDeclaration(
        .report, usage: [[.value("\"FILE.html\"")]],
        summary: "Writes one self-contained web page (inline SVG, no scripts, nothing fetched): settings, loss and "
            + "accuracy curves, per-layer gradient norms, the gradient heat map, activation histograms, clipping, "
            + "the diagnosis and, with several kept runs, their comparison.",
        example: "report \"run.html\"")
}
