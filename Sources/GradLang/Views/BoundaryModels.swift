import Foundation
import GradCore
import GradSyntax

/// The numbers behind `plot boundary`: the current network evaluated (in eval mode) on a grid over the
/// raw input plane of 2-D data, each grid point passed through the same `features` and standardization
/// as the training rows.
public struct BoundaryModels {
    public let session: Session

    public init(_ session: Session) {
        self.session = session
    }

    // What the view reads, read-only.
    var fullData: Dataset? { session.fullData }
    var inputFeatures: FeatureMap? { session.inputFeatures }
    var network: Network<Float>? { session.network }
    var plan: NetworkPlan? { session.plan }
    var rawTestData: Dataset? { session.rawTestData }
    var rawTrainData: Dataset? { session.rawTrainData }
    var settings: TrainingSettings { session.settings }
    var standardization: Standardization? { session.standardization }
    var trainData: Dataset? { session.trainData }
    var trainer: Trainer? { session.trainer }
    var boundarySnapshots: [BoundarySnapshot] { session.boundarySnapshots }

    /// Most rows a terminal picture gets (then it is narrowed to keep the data's shape).
    static let boundaryMaxRows = 40

    /// The most rows a terminal picture of the plane may take: 40, or fewer on a short terminal, so the
    /// title, axes, legend and the next prompt stay on screen with it (never fewer than 8).
    static func boundaryRows(_ style: ChartStyle) -> Int {
        guard let height = style.height else { return boundaryMaxRows }
        let otherLines = 7
        return min(boundaryMaxRows, max(8, height - otherLines))
    }

    /// The trainer and the raw 2-D training rows, or an error naming the data's width.
    func requirePlane() throws -> (trainer: Trainer, raw: Dataset) {
        let trainer = try session.requireTrainer()
        guard let raw = rawTrainData, raw.inputCount == 2 else {
            let name = rawTrainData?.name ?? "the data"
            throw SessionError(
                .dataMismatch, "plot boundary needs 2-D data (x, y); '\(name)' has \(rawTrainData?.inputCount ?? 0) input columns",
                hint: "try it on 2-D data, e.g. 'data moons 500' or 'data spiral 1536 classes 3'")
        }
        return (trainer, raw)
    }

    /// The raw rectangle pictures cover: the train and test rows' range plus 5% on every side.
    /// Data spread so wide that the rectangle's width overflows (points near ±1e308) cannot be drawn.
    func planeExtent(_ raw: Dataset) throws -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let extent = BoundaryGrid.extent(of: raw.features + (rawTestData?.features ?? []))
        for range in [extent.x, extent.y] where !(range.upperBound - range.lowerBound).isFinite {
            throw SessionError(.invalidValue, "the data spreads over a range too wide to draw (\(range.lowerBound) to \(range.upperBound))",
                               hint: "check the data for huge values; 'standardize' does not change the raw plane")
        }
        return extent
    }

    /// `plot boundary`: the class (or value) the network predicts over the plane, with the data on top,
    /// as wide as `style` allows.
    public func boundaryMap(style: ChartStyle) throws -> BoundaryMap {
        let (_, raw) = try requirePlane()
        return try boundaryMap(columns: BoundaryMap.plotColumns(style, yRange: try planeExtent(raw).y), cellAspect: 2,
                               maxRows: Self.boundaryRows(style))
    }

    /// The decision picture on a grid `columns` wide whose cells are `cellAspect` times as tall as wide
    /// (the report draws square cells).
    public func boundaryMap(columns: Int, cellAspect: Double, maxRows: Int) throws -> BoundaryMap {
        let (trainer, raw) = try requirePlane()
        let extent = try planeExtent(raw)
        let grid = BoundaryGrid.sized(columns: columns, cellAspect: cellAspect, maxRows: maxRows, xRange: extent.x, yRange: extent.y)
        let cells = predictions(forInputs: session.modelInputs(forRawPoints: grid.centres), count: grid.count, network: trainer.network)
        var points = Self.points(raw, test: false)
        if let test = rawTestData { points += Self.points(test, test: true) }
        let kind = if case .classes = cells { "decision regions" } else { "predicted value (output 1)" }
        return BoundaryMap(
            title: "\(kind) at step \(trainer.stepCount) (\(networkShape(trainer.network)), eval mode)",
            grid: grid, cells: cells, points: points, xName: raw.featureNames[0], yName: raw.featureNames[1],
            notes: featureNote.map { [$0] } ?? [])
    }

    /// `plot boundary layer L unit U`: one unit's output over the plane, shaded over its activation's
    /// range when bounded (so a saturated unit is uniformly dark) and over its own min…max otherwise.
    public func unitMap(layer: Int, unit: Int, style: ChartStyle) throws -> BoundaryMap {
        let (trainer, raw) = try requirePlane()
        try checkBoundaryLayer(layer)
        try checkBoundaryUnit(unit, layer: layer)
        let network = trainer.network
        let extent = try planeExtent(raw)
        let grid = BoundaryGrid.sized(
            columns: BoundaryMap.plotColumns(style, yRange: extent.y), cellAspect: 2, maxRows: Self.boundaryRows(style),
            xRange: extent.x, yRange: extent.y)
        let width = network.dense[layer - 1].outputWidth
        let outputs = network.outputs(ofLayer: layer, for: session.modelInputs(forRawPoints: grid.centres)) ?? []
        let values = (0..<grid.count).map { index in index * width + unit - 1 < outputs.count ? outputs[index * width + unit - 1] : .nan }
        let isOutput = layer == network.dense.count
        let activation = isOutput ? Activation.linear : network.activation(layer: layer)
        let finite = values.filter(\.isFinite)
        let range = activation.outputRange ?? ((finite.min() ?? 0)...(finite.max() ?? 0))
        var notes = featureNote.map { [$0] } ?? []
        if BoundaryMap.isFlat(values, low: range.lowerBound, high: range.upperBound) {
            notes.append("a flat picture: this unit gives about the same output for every input, so its slope (and the "
                + "gradient through it) is ~0 everywhere: \(activation.canDie ? "a dead ReLU" : activation.isBounded ? "saturated" : "constant")")
        }
        let what = isOutput ? "output \(unit) (\(settings.loss.outputDescription))" : "unit \(unit) (\(activation.name))"
        return BoundaryMap(
            title: "layer \(layer) \(what) over the input plane at step \(trainer.stepCount), eval mode",
            grid: grid, cells: .values(values, low: range.lowerBound, high: range.upperBound),
            xName: raw.featureNames[0], yName: raw.featureNames[1], notes: notes)
    }

    /// Refuses a layer number outside the network, naming the valid range.
    public func checkBoundaryLayer(_ number: Int) throws {
        guard let network else { throw SessionError(.noNetwork, "there is no network yet", hint: "create one, e.g. 'net dense 1x4 tanh'") }
        let count = network.dense.count
        guard number >= 1, number <= count else {
            throw SessionError(.noSuchLayer, "layer \(number) does not exist; this network has layers 1 to \(count) (\(count) is the output layer)")
        }
    }

    /// Refuses a unit number outside layer `layer`, naming the valid range.
    public func checkBoundaryUnit(_ unit: Int, layer: Int) throws {
        guard let network, layer >= 1, layer <= network.dense.count else { return }
        let width = network.dense[layer - 1].outputWidth
        guard unit >= 1, unit <= width else {
            throw SessionError(.noSuchLayer, "layer \(layer) has units 1 to \(width); there is no unit \(unit)")
        }
    }

    /// What the output layer says at each of `count` points whose network inputs are `inputs`: the class
    /// and its probability for classification, the first output's value for regression.
    func predictions(forInputs inputs: [Double], count: Int, network: Network<Float>) -> BoundaryCells {
        let width = network.spec.outputWidth
        let outputs = network.outputs(ofLayer: network.dense.count, for: inputs) ?? []
        let logits = { (index: Int) in Array(outputs[(index * width)..<((index + 1) * width)]) }
        guard outputs.count == count * width, case .classification(let classes)? = trainData?.task else {
            let values = (0..<count).map { index in outputs.count == count * width ? outputs[index * width] : .nan }
            let finite = values.filter(\.isFinite)
            return .values(values, low: finite.min() ?? 0, high: finite.max() ?? 0)
        }
        let verdicts = (0..<count).map { Self.verdict(logits($0), loss: settings.loss) }
        let names = fullData?.classNames ?? (0..<classes).map { "class \($0)" }
        return .classes(predicted: verdicts.map(\.label), confidence: verdicts.map(\.confidence), classes: names)
    }

    /// The predicted class of one row of outputs and the probability given to it: softmax for
    /// cross-entropy, the sigmoid of a single BCE logit (class 1 when positive), and for the other
    /// pairings the largest output (its sigmoid under BCE, clamped to [0, 1] under MSE).
    static func verdict(_ outputs: [Double], loss: LossFunction) -> (label: Int, confidence: Double) {
        guard outputs.count > 1 else {
            let p = 1 / (1 + GradMath.exp(-(outputs.first ?? 0)))
            return (p >= 0.5 ? 1 : 0, max(p, 1 - p))
        }
        let label = outputs.indices.max { outputs[$0] < outputs[$1] } ?? 0
        let top = outputs[label]
        switch loss {
        case .crossEntropy:
            // Subtract the largest logit before exponentiating so nothing overflows.
            let total = outputs.reduce(0) { $0 + GradMath.exp($1 - top) }
            return (label, 1 / total)
        case .binaryCrossEntropy: return (label, 1 / (1 + GradMath.exp(-top)))
        case .meanSquaredError: return (label, min(max(top, 0), 1))
        }
    }

    /// The rows of a raw 2-D data set as points.
    static func points(_ data: Dataset, test: Bool) -> [BoundaryPoint] {
        let classification = data.task.classCount != nil
        return (0..<data.count).map { row in
            BoundaryPoint(x: data.features[2 * row], y: data.features[2 * row + 1],
                          label: classification ? data.label(ofRow: row) : nil, isTest: test)
        }
    }

    /// `2 → 1x4 tanh → 2`.
    func networkShape(_ network: Network<Float>) -> String {
        "\(network.spec.inputWidth) → \(plan?.summary ?? "?") → \(network.spec.outputWidth)"
    }

    /// Which inputs the network sees, when they are not the raw coordinates.
    var featureNote: String? {
        guard let features = inputFeatures else { return standardization == nil ? nil : "inputs: the coordinates, standardized" }
        return "inputs: \(features.features.map(\.rawValue).joined(separator: " ")) computed from the coordinates"
            + (standardization == nil ? "" : ", then standardized")
    }

    /// `plot boundary over time`: the latest `train` command's snapshots side by side.
    public func boundaryPanels() throws -> BoundaryPanels {
        let (trainer, _) = try requirePlane()
        guard !boundarySnapshots.isEmpty else {
            throw SessionError(.nothingRecorded, "there are no snapshots of this network's training yet",
                               hint: "each 'train' on 2-D data keeps pictures from before it, 25% and 50% into it, and its end")
        }
        let panels = boundarySnapshots.map { BoundaryPanels.Panel(caption: "step \($0.step)", grid: $0.grid, cells: $0.cells) }
        return BoundaryPanels(
            title: "decision regions during the latest train command (\(networkShape(trainer.network)), eval mode)",
            panels: panels, notes: featureNote.map { [$0] } ?? [])
    }
}

extension Activation {
    /// The interval a bounded activation's outputs lie in (sigmoid 0…1, tanh and softsign -1…1).
    var outputRange: ClosedRange<Double>? {
        switch self {
        case .sigmoid: 0...1
        case .tanh, .softsign: -1...1
        default: nil
        }
    }
}
