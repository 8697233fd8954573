import Foundation
import GradCore
import GradSyntax

/// The checks that need no training: does each layer's init suit its activation and the depth?
extension Diagnosis {
    /// One hidden layer's init scale relative to a variance-preserving init for its activation.
    struct LayerScale {
        var layer: Int
        var std: Double
        var preserving: Double
        var ratio: Double { preserving > 0 ? std / preserving : 1 }
    }

    /// The weight std a layer's init gives, next to the std that keeps the signal's variance steady:
    /// He's √2/√fan_in for the ReLU family (slope-adjusted for leaky), Xavier's √(2/(fan_in+fan_out))
    /// for the rest. Layers with batch norm are left out: it renormalises whatever the init does.
    static func initScales(_ spec: NetworkSpec) -> [LayerScale] {
        spec.hidden.enumerated().compactMap { index, layer in
            guard !layer.batchNorm else { return nil }
            let fanIn = spec.inputWidth(ofHidden: index), fanOut = layer.width
            let std = layer.initializer.expectedStd(fanIn: fanIn, fanOut: fanOut, activation: layer.activation)
            let preserving: Double
            if isReluFamily(layer.activation) {
                let gain: Double
                if case .leakyRelu = layer.activation { gain = Initializer.recommendedGain(for: layer.activation) } else { gain = 2.0.squareRoot() }
                preserving = gain / Double(fanIn).squareRoot()
            } else {
                preserving = (2 / Double(fanIn + fanOut)).squareRoot()
            }
            return LayerScale(layer: index + 1, std: std, preserving: preserving)
        }
    }

    static func initChecks(_ input: DiagnosisInput) -> [Finding] {
        let spec = input.spec
        let scales = Dictionary(uniqueKeysWithValues: initScales(spec).map { ($0.layer, $0) })
        var findings: [Finding] = []
        var explained = Set<Int>()
        for check in [heOnBoundedCheck, xavierOnDeepReluCheck, constantInitCheck] {
            guard let (finding, layers) = check(spec, scales) else { continue }
            findings.append(finding)
            explained.formUnion(layers)
        }
        if let finding = compoundingScaleCheck(spec, scales.values.filter { !explained.contains($0.layer) }) {
            findings.append(finding)
        }
        return findings
    }

    /// He on sigmoid/tanh/softsign: the √2 gain compensates for ReLU zeroing half its inputs, which these
    /// activations do not do, so they start further into saturation.
    private static func heOnBoundedCheck(_ spec: NetworkSpec, _ scales: [Int: LayerScale]) -> (Finding, [Int])? {
        let heOnBounded = hiddenLayers(spec) { isHe($0.initializer) && $0.activation.isBounded && !$0.batchNorm }
        guard let first = heOnBounded.first, let scale = scales[heOnBounded[heOnBounded.count / 2]] else { return nil }
        let name = spec.hidden[first - 1].activation.name
        let finding = Finding(
            .initMismatch, "He init on \(name) layers",
            evidence: [
                "\(layerList(heOnBounded)) are \(name) with init he: std \(Format.number(scale.std)) at layer \(scale.layer), \(Format.number(scale.ratio))× Xavier's \(Format.number(scale.preserving))",
                "He's √2 gain is derived for ReLU, which zeroes half its inputs; \(name) does not, so its units start nearer saturation",
            ],
            fixes: ["init all xavier; reset"])
        return (finding, heOnBounded)
    }

    /// Xavier on a deep ReLU stack: each layer passes on about half the variance.
    private static func xavierOnDeepReluCheck(_ spec: NetworkSpec, _ scales: [Int: LayerScale]) -> (Finding, [Int])? {
        let xavierOnRelu = hiddenLayers(spec) { isXavier($0.initializer) && isReluFamily($0.activation) && !$0.batchNorm }
        guard xavierOnRelu.count >= DiagnosisThresholds.deepReluLayers else { return nil }
        let product = xavierOnRelu.compactMap { scales[$0]?.ratio }.reduce(1, *)
        let finding = Finding(
            .initMismatch, "Xavier init on a deep ReLU stack",
            evidence: [
                "\(xavierOnRelu.count) ReLU-family layers use init xavier (threshold \(DiagnosisThresholds.deepReluLayers) layers): each scales the signal by about \(Format.number(scales[xavierOnRelu[xavierOnRelu.count / 2]]?.ratio ?? 0.71)) of what keeps it steady",
                "compounded over those layers the activations shrink to \(Format.scientific(product)) of their input scale",
            ],
            fixes: ["init all he; reset"])
        return (finding, xavierOnRelu)
    }

    /// Constant weights: every unit of a layer computes the same thing and gets the same gradient.
    private static func constantInitCheck(_ spec: NetworkSpec, _ scales: [Int: LayerScale]) -> (Finding, [Int])? {
        let constant = hiddenLayers(spec) { layer in
            switch layer.initializer.scheme {
            case .zeros, .constant: true
            default: false
            }
        }
        guard let first = constant.first else { return nil }
        let finding = Finding(
            .initMismatch, "constant init: every unit starts identical",
            evidence: [
                "\(layerList(constant)) use init \(spec.hidden[first - 1].initializer.name): all units of a layer compute the same output and receive the same gradient, so they can never become different",
            ],
            fixes: ["init all \(recommendedInit(for: spec.hidden[first - 1].activation)); reset"])
        return (finding, constant)
    }

    /// Any other init whose scale compounds far from 1 over the depth (normal(0, 1), tiny uniforms).
    private static func compoundingScaleCheck(_ spec: NetworkSpec, _ unexplained: [LayerScale]) -> Finding? {
        let rest = unexplained.sorted { $0.layer < $1.layer }
        let product = rest.map(\.ratio).reduce(1, *)
        let limit = DiagnosisThresholds.initScaleProduct
        guard rest.count >= 2, product > limit || product < 1 / limit,
              let worst = rest.max(by: { abs(GradMath.log($0.ratio)) < abs(GradMath.log($1.ratio)) }) else { return nil }
        let layer = spec.hidden[worst.layer - 1]
        let reference = isReluFamily(layer.activation) ? "He" : "Xavier"
        let tooLarge = product > limit
        var fixes = ["init all \(recommendedInit(for: layer.activation)); reset"]
        if tooLarge { fixes.append("clip norm 1.0") }
        return Finding(
            .initMismatch, tooLarge ? "init too large for this depth" : "init too small for this depth",
            evidence: [
                "init \(layer.initializer.name) gives layer \(worst.layer) (\(layer.activation.name), fan_in \(spec.inputWidth(ofHidden: worst.layer - 1))) weights of std \(Format.number(worst.std)), \(Format.number(worst.ratio))× the variance-preserving \(Format.number(worst.preserving)) (\(reference))",
                "over \(rest.count) layers the scale compounds to \(Format.scientific(product)) (alarm outside \(Format.number(1 / limit))…\(Format.number(limit))), so signals and gradients \(tooLarge ? "explode" : "vanish") before training starts",
            ],
            fixes: fixes)
    }
}
