/// One independent piece of a recorded step's activation and gradient figures (see
/// `StatisticsCollector.observeActivationsAndGradients`).
enum StatisticsPiece {
    /// Parameter i's raw gradient summary.
    case gradient(parameter: Int)
    /// Dense layer i's activation mean, std and saturation (layer numbers from 0).
    case activations(layer: Int)
    /// Dense layer i's dead units, when its activation can die.
    case deadUnits(layer: Int)
    /// Recurrent layer i's h_t figures.
    case recurrentStates(layer: Int)
    /// Recurrent layer i's dead units.
    case recurrentDeadUnits(layer: Int)

    /// Every piece of `network`.
    static func all<Scalar>(of network: Network<Scalar>) -> [StatisticsPiece] {
        network.parameters.indices.map { .gradient(parameter: $0) }
            + network.dense.indices.flatMap { [.activations(layer: $0), .deadUnits(layer: $0)] }
            + network.recurrent.indices.flatMap { [.recurrentStates(layer: $0), .recurrentDeadUnits(layer: $0)] }
    }

    /// Rows assumed when weighing activations against gradients: the pieces are dealt once, before any
    /// batch is known, and only their balance depends on it.
    static let nominalRows = 64

    /// Values read, for dealing the pieces evenly.
    func size<Scalar>(in network: Network<Scalar>) -> Int {
        let rows = Self.nominalRows * network.spec.headRowsPerExample
        return switch self {
        case .gradient(let index): network.parameters[index].count
        case .activations(let index): network.dense[index].outputWidth * rows
        case .deadUnits(let index):
            network.activation(layer: index + 1).canDie ? network.dense[index].outputWidth * rows : 0
        case .recurrentStates(let index), .recurrentDeadUnits(let index):
            network.recurrent[index].steps * network.recurrent[index].hiddenSize * Self.nominalRows
        }
    }
}

/// One core's pieces of the figures.
// Entered from `PairedWork` through the job's metatype, which reaches only the generic entry point;
// `@_specialize` routes Float to compiled-for-Float code (unspecialized, the per-element arithmetic goes
// through witness tables and a recorded step ran at half speed).
struct StatisticsShare<Scalar: TrainingScalar>: PairedJob {
    let collector: StatisticsCollector<Scalar>
    let pieces: [Int]
    /// Rows of activations in the latest forward.
    let rows: Int
    /// 0 on the calling thread, 1 on the helper: which stretch of scratch to use.
    let core: Int

    @_specialize(where Scalar == Float)
    func run() {
        for index in pieces { measure(collector.pieces[index]) }
    }

    private func measure(_ piece: StatisticsPiece) {
        let network = collector.network
        switch piece {
        case .gradient(let index):
            let parameter = network.parameters[index]
            collector.gradientSummaries[index] = .of(UnsafePointer(parameter.gradient.pointer), count: parameter.count)
        case .activations(let index):
            guard let output = network.activationOutput(layer: index + 1) else {
                collector.activationFigures[index] = ActivationFigures()
                return
            }
            collector.activationFigures[index] = collector.figures(
                output.pointer, count: rows * output.cols, activation: network.activation(layer: index + 1))
        case .deadUnits(let index):
            guard network.activation(layer: index + 1).canDie, let output = network.activationOutput(layer: index + 1) else {
                collector.deadFractions[index] = 0
                return
            }
            collector.deadFractions[index] = collector.deadFraction(output.pointer, batch: rows, width: output.cols, core: core)
        case .recurrentStates(let index):
            collector.measureRecurrentStates(layer: index, examples: rows / network.spec.headRowsPerExample)
        case .recurrentDeadUnits(let index):
            collector.measureRecurrentDeadUnits(
                layer: index, examples: rows / network.spec.headRowsPerExample, core: core)
        }
    }
}
