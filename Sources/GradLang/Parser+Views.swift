/// The commands that show a run rather than change it: `diagnose`, and their help entries.
extension CommandHelp {
    typealias Limits = DiagnosisThresholds

    static let diagnose = CommandHelp(
        .command(.diagnose), syntax: "diagnose",
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
}
