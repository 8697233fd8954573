import XCTest
@testable import GradCore

/// The dense layers run in two bands of rows, and the optimizer and the clipping norm deal whole tensors to
/// the two cores: none of it may change a single bit.
final class RowBandTests: XCTestCase {
    /// Logits, every parameter gradient and the gradient reaching the recurrent front: the bits of one
    /// forward and backward of `spec` with the bands forced to `choice`.
    private func bits(of spec: NetworkSpec, choice: BandChoice, rows: Int = 9) throws -> [UInt32] {
        let network = try Network<Float>(spec: spec)
        var rng = SeededGenerator(seed: 21)
        network.initialize(using: &rng)
        for norm in network.batchNorms.compactMap({ $0 }) {  // γ and β away from the identity
            for j in 0..<norm.width {
                norm.scale.value.pointer[j] = Float(0.5 + rng.nextUniform())
                norm.shift.value.pointer[j] = Float(rng.nextNormal(std: 0.3))
            }
        }
        network.bands = choice
        network.allocate(batchCapacity: rows)
        let inputWidth = spec.inputWidth
        let x = Matrix<Float>(rows: rows, cols: inputWidth, values: (0..<rows * inputWidth).map { _ in Float(rng.nextNormal()) })
        let outputs = spec.outputWidth
        let dLogits = Matrix<Float>(rows: rows, cols: outputs, values: (0..<rows * outputs).map { _ in Float(rng.nextNormal()) })
        var bits = network.forward(x, batch: rows, mode: .training).values.map(\.bitPattern)
        network.backward(dLogits, batch: rows)
        for parameter in network.parameters { bits += parameter.gradient.values.map(\.bitPattern) }
        for norm in network.batchNorms.compactMap({ $0 }) {
            bits += (norm.runningMean.values + norm.runningVariance.values).map(\.bitPattern)
        }
        return bits
    }

    /// Wherever the second band starts (no bands, 0, 1, 4, 8 or all 9 rows), the same bits: relu, tanh,
    /// leaky relu and linear layers, a residual block, a layer without bias.
    func testDenseBandsGiveTheSameBitsWhereverTheySplit() throws {
        let spec = NetworkSpec(
            inputWidth: 5,
            hidden: [
                HiddenLayerSpec(width: 20, activation: .relu, initializer: .he),
                HiddenLayerSpec(width: 20, activation: .tanh, initializer: .xavier, residual: true),
                HiddenLayerSpec(width: 33, activation: .leakyRelu(slope: 0.1), initializer: .he, bias: false),
                HiddenLayerSpec(width: 17, activation: .linear, initializer: .xavier),
            ],
            outputWidth: 3, outputInitializer: .xavier)
        XCTAssertNotNil(try Network<Float>(spec: spec).rowBandPlan)
        let reference = try bits(of: spec, choice: .none)
        for split in [0, 1, 4, 8, 9] {
            XCTAssertEqual(try bits(of: spec, choice: .split(at: split)), reference, "split at \(split)")
        }
        XCTAssertEqual(try bits(of: spec, choice: .automatic, rows: 9), reference)
    }

    /// Behind a recurrent front the dense head runs in bands and hands its input gradient back to the
    /// recurrence; the recurrent weights' gradients come out the same.
    func testBandsBehindARecurrentFrontGiveTheSameBits() throws {
        let spec = NetworkSpec(
            inputWidth: 8, hidden: [HiddenLayerSpec(width: 12, activation: .relu, initializer: .he)], outputWidth: 1,
            recurrent: RecurrentSpec(cell: .lstm, steps: 4, hidden: [10]))
        let reference = try bits(of: spec, choice: .none)
        for split in [1, 5] { XCTAssertEqual(try bits(of: spec, choice: .split(at: split)), reference) }
    }

    /// Batch normalization's statistics run across rows, so its layers split by output columns instead:
    /// wherever the columns split (none, 0, 5, 16, 20 or past the widest layer), the same bits, including
    /// the running statistics; a network without batch norm has no column plan.
    func testBatchNormBandsOfColumnsGiveTheSameBitsWhereverTheySplit() throws {
        let spec = NetworkSpec(
            inputWidth: 4,
            hidden: [
                HiddenLayerSpec(width: 24, activation: .sigmoid, initializer: .xavier, batchNorm: true),
                HiddenLayerSpec(width: 40, activation: .relu, initializer: .he),
                HiddenLayerSpec(width: 19, activation: .tanh, initializer: .xavier, batchNorm: true, bias: false),
            ],
            outputWidth: 3, outputInitializer: .xavier)
        XCTAssertNil(try Network<Float>(spec: spec).rowBandPlan)
        XCTAssertNotNil(try Network<Float>(spec: spec).columnBandPlan)
        XCTAssertNil(try Network<Float>(spec: NetworkSpec(inputWidth: 3, hidden: [HiddenLayerSpec(width: 8, activation: .relu)], outputWidth: 2)).columnBandPlan)
        let reference = try bits(of: spec, choice: .none)
        for split in [0, 5, 16, 20, 64] {
            XCTAssertEqual(try bits(of: spec, choice: .split(at: split)), reference, "split at \(split)")
        }
        XCTAssertEqual(try bits(of: spec, choice: .automatic), reference)
    }

    /// Units at least `minimumInputWidth` wide split their columns by themselves; narrower ones stay on one
    /// core, and a network of only such units keeps the whole step there.
    func testWideBatchNormUnitsSplitAndNarrowNetworksStayOnOneCore() throws {
        let wide = NetworkSpec(
            inputWidth: 3,
            hidden: [
                HiddenLayerSpec(width: 256, activation: .relu, initializer: .he, batchNorm: true),
                HiddenLayerSpec(width: 64, activation: .sigmoid, initializer: .xavier, batchNorm: true),
            ],
            outputWidth: 2)
        let network = try Network<Float>(spec: wide)
        guard let units = network.columnBandPlan?.units else { return XCTFail("no column plan") }
        XCTAssertNil(units[0].split(batch: 9, choice: .automatic))  // 3 inputs
        if PairedWork.shared.isParallel {
            XCTAssertEqual(units[1].split(batch: 9, choice: .automatic), 32)
            XCTAssertFalse(network.prefersOneCore(batch: 9))
        }
        XCTAssertEqual(try bits(of: wide, choice: .automatic), try bits(of: wide, choice: .none))
        let narrow = NetworkSpec.uniform(
            inputWidth: 2, depth: 3, width: 64, outputWidth: 3, activation: .sigmoid, initializer: .xavier, batchNorm: true)
        XCTAssertTrue(try Network<Float>(spec: narrow).prefersOneCore(batch: 64))
        XCTAssertFalse(try Network<Float>(spec: .uniform(
            inputWidth: 2, depth: 3, width: 64, outputWidth: 3, activation: .relu, initializer: .he)).prefersOneCore(batch: 64))
    }

    /// Row bands are for stacks whose weights stay in a core's cache: with 2¹⁸ weights in one layer, the
    /// stack runs layer by layer instead, to the same bits.
    func testStacksOfLargeWeightsRunLayerByLayer() throws {
        func spec(width: Int) -> NetworkSpec {
            .uniform(inputWidth: 4, depth: 2, width: width, outputWidth: 3, activation: .relu, initializer: .he)
        }
        let small = try XCTUnwrap(try Network<Float>(spec: spec(width: 64)).rowBandPlan)
        let large = try XCTUnwrap(try Network<Float>(spec: spec(width: 512)).rowBandPlan)
        XCTAssertNil(large.split(batch: 64, choice: .automatic))
        XCTAssertEqual(large.split(batch: 64, choice: .split(at: 20)), 20)
        if PairedWork.shared.isParallel {
            XCTAssertEqual(small.split(batch: 64, choice: .automatic), 32)
        }
        XCTAssertEqual(
            try bits(of: spec(width: 512), choice: .automatic, rows: 9), try bits(of: spec(width: 512), choice: .split(at: 4), rows: 9))
    }

    /// Inside `alone`, a pairing runs both jobs on the calling thread, one after the other.
    func testAloneRunsPairingsOnTheCallingThread() {
        final class Threads: @unchecked Sendable { var names: [Bool] = [] }
        struct Record: PairedJob {
            let threads: Threads
            func run() { threads.names.append(Thread.isMainThread) }
        }
        let threads = Threads()
        PairedWork.shared.alone {
            PairedWork.shared.run(Record(threads: threads), alongside: Record(threads: threads))
        }
        XCTAssertEqual(threads.names, [Thread.isMainThread, Thread.isMainThread])
    }

    /// Evaluation mode normalizes with the running statistics, column by column as well.
    func testBatchNormColumnBandsInEvaluationMode() throws {
        let spec = NetworkSpec(
            inputWidth: 4, hidden: [HiddenLayerSpec(width: 40, activation: .tanh, batchNorm: true)], outputWidth: 2)
        var outputs: [[UInt32]] = []
        for choice in [BandChoice.none, .split(at: 16)] {
            let network = try Network<Float>(spec: spec)
            var rng = SeededGenerator(seed: 2)
            network.initialize(using: &rng)
            network.bands = choice
            network.allocate(batchCapacity: 6)
            let x = Matrix<Float>(rows: 6, cols: 4, values: (0..<24).map { _ in Float(rng.nextNormal()) })
            _ = network.forward(x, batch: 6, mode: .training)
            var bits = network.batchNorms[0]!.runningVariance.values.map(\.bitPattern)
            XCTAssertEqual(network.batchNorms[0]!.batchesTracked, 1)
            bits += network.forward(x, batch: 6, mode: .evaluation).values.map(\.bitPattern)
            outputs.append(bits)
        }
        XCTAssertEqual(outputs[0], outputs[1])
    }

    /// Pieces are dealt largest first to the less loaded core, and every piece exactly once.
    func testWorkSharesDealEveryPieceOnceAndBalanceTheLoad() {
        let shares = WorkShares(sizes: [5, 1, 4, 4, 2, 100], including: { $0 != 5 })
        XCTAssertEqual((shares.mine + shares.theirs).sorted(), [0, 1, 2, 3, 4])
        XCTAssertEqual(shares.total, 16)
        XCTAssertEqual(shares.mine, [0, 4, 1])  // 5 + 2 + 1 against 4 + 4
        XCTAssertEqual(shares.theirs, [2, 3])
    }

    /// The clipping norm over many tensors takes each tensor's Σg² on one of the two cores and adds them in
    /// tensor order: the same bits as adding them here.
    func testDealtGradientSquaresAddUpInTensorOrder() throws {
        var rng = SeededGenerator(seed: 8)
        let parameters = (0..<7).map { index in
            let parameter = Parameter<Float>(name: "\(index)", role: .weight, layer: index + 1, rows: 50, cols: 70 - index)
            for i in 0..<parameter.count { parameter.gradient.pointer[i] = Float(rng.nextNormal(std: 0.01)) }
            return parameter
        }
        var squares = 0.0
        for parameter in parameters { squares += BufferSummary.sumOfSquares(parameter.gradient.pointer, count: parameter.count) }
        let clipper = try GradientClipper(mode: .off, parameters: parameters)
        XCTAssertEqual(clipper.clip().normBefore.bitPattern, squares.squareRoot().bitPattern)
    }

    /// An optimizer over many small tensors deals them to the two cores; each tensor's new values and
    /// its measured update are the bits an optimizer of that tensor alone computes.
    func testDealtTensorUpdatesMatchEachTensorUpdatedAlone() throws {
        var rng = SeededGenerator(seed: 4)
        func tensors() -> [Parameter<Float>] {
            (0..<6).map { index in
                let parameter = Parameter<Float>(name: "\(index)", role: .weight, layer: index + 1, rows: 60, cols: 61 + index)
                for i in 0..<parameter.count {
                    parameter.value.pointer[i] = Float(rng.nextNormal())
                    parameter.gradient.pointer[i] = Float(rng.nextNormal())
                }
                return parameter
            }
        }
        let together = tensors()
        XCTAssertGreaterThanOrEqual(together.reduce(0) { $0 + $1.count }, Optimizer<Float>.dealingMinimum)
        let alone = together.map { original in
            let copy = Parameter<Float>(name: original.name, role: .weight, layer: original.layer, rows: original.value.rows, cols: original.value.cols)
            copy.value.copy(from: original.value)
            copy.gradient.copy(from: original.gradient)
            return copy
        }
        let settings = OptimizerSettings(kind: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: false), learningRate: 0.01)
        let shared = try Optimizer(settings: settings, parameters: together)
        let separate = try alone.map { try Optimizer(settings: settings, parameters: [$0]) }
        for _ in 0..<2 {
            shared.step(learningRate: 0.01, measuringUpdates: true)
            for optimizer in separate { optimizer.step(learningRate: 0.01, measuringUpdates: true) }
        }
        for (index, (a, b)) in zip(together, alone).enumerated() {
            XCTAssertEqual(a.value.values.map(\.bitPattern), b.value.values.map(\.bitPattern), "tensor \(index)")
            let (mine, theirs) = (shared.updateNorms(parameter: index), separate[index].updateNorms(parameter: 0))
            XCTAssertEqual(mine.value.bitPattern, theirs.value.bitPattern)
            XCTAssertEqual(mine.change.bitPattern, theirs.change.bitPattern)
        }
    }
}
