import CAllocCounter
import Foundation
import GradCore

/// grad-bench CONFIG: runs one benchmark setup (b1–b6, matching ../shared/bench/torch_ref.py) in this process
/// and prints one JSON line. `gemm` prints the sgemm rate for B2's shapes instead, `b4_vs_b1` the statistics'
/// overhead measured by interleaving. One process per setup, so peak RSS belongs to that setup alone.
/// A setup name the benchmark does not know.
struct UnknownSetup: Error, CustomStringConvertible {
    var name: String
    var description: String { "unknown setup '\(name)'; expected b1, b2, b3, b4, b5, b6, scale:D:W:B:STEPS or gemm" }
}

struct BenchmarkSetup {
    var name: String
    var data: Dataset
    var spec: NetworkSpec
    var settings: TrainingSettings
    var warmupSteps = 20
    var timedSteps: Int

    static func named(_ name: String) throws -> BenchmarkSetup {
        var rng = SeededGenerator(seed: 0)
        switch name {
        case "b1", "b4":
            let data = try DatasetKind.spiral.generate(count: 1536, classes: 3, noise: 0.2, using: &rng)
            var spec = NetworkSpec.uniform(
                inputWidth: 2, depth: 20, width: 64, outputWidth: 3, activation: .relu, initializer: Initializer(.heNormal))
            spec.outputInitializer = .default  // the peer's last nn.Linear keeps PyTorch's default init
            let settings = TrainingSettings(
                optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.05), batchSize: 64, shuffle: false,
                statisticsInterval: name == "b4" ? 1 : 0)
            return BenchmarkSetup(name: name, data: data, spec: spec, settings: settings, timedSteps: 1000)
        case "b3":
            let data = try DatasetKind.spiral.generate(count: 1536, classes: 3, noise: 0.2, using: &rng)
            var spec = NetworkSpec.uniform(
                inputWidth: 2, depth: 20, width: 64, outputWidth: 3, activation: .sigmoid,
                initializer: Initializer(.xavierUniform), batchNorm: true)
            spec.outputInitializer = .default
            let settings = TrainingSettings(
                optimizer: OptimizerSettings(kind: .adam(), learningRate: 1e-3),
                clip: .globalNorm(max: 1.0, style: .torch), batchSize: 64, shuffle: false, statisticsInterval: 0)
            return BenchmarkSetup(name: name, data: data, spec: spec, settings: settings, timedSteps: 1000)
        case "b2":
            var features = [Double](repeating: 0, count: 2560 * 784)
            for i in features.indices { features[i] = rng.nextNormal() }
            let labels = (0..<2560).map { _ in Double(rng.nextInt(below: 10)) }
            let data = try Dataset(
                name: "random", task: .classification(classes: 10), inputCount: 784, features: features, targets: labels)
            var spec = NetworkSpec.uniform(
                inputWidth: 784, depth: 4, width: 1024, outputWidth: 10, activation: .relu, initializer: Initializer(.heNormal))
            spec.outputInitializer = .default
            let settings = TrainingSettings(
                optimizer: OptimizerSettings(kind: .momentum(0.9), learningRate: 0.01), batchSize: 256, shuffle: false,
                statisticsInterval: 0)
            return BenchmarkSetup(name: name, data: data, spec: spec, settings: settings, timedSteps: 100)
        case "b5", "b6":
            return try recurrentSetup(name, rng: &rng)
        default:
            if let scale = try scaleSetup(name) { return scale }
            throw UnknownSetup(name: name)
        }
    }

    /// B5 and B6: the adding problem (Pascanu's variant), T = 50, 2560 sequences, batch 32, hidden 128, the
    /// last step → linear → MSE, global-norm clip 1.0, 200 timed steps; B5 an LSTM with Adam 1e-3, B6 a tanh
    /// RNN with SGD 0.01.
    static func recurrentSetup(_ name: String, rng: inout SeededGenerator) throws -> BenchmarkSetup {
        let steps = 50
        let data = try SequenceTask.adding(.pascanu).generate(count: 2560, length: steps, using: &rng)
        let cell: RecurrentCell = name == "b5" ? .lstm : .rnn(.tanh)
        let spec = NetworkSpec(
            inputWidth: data.inputCount, hidden: [], outputWidth: 1,
            recurrent: RecurrentSpec(cell: cell, steps: steps, hidden: [128]))
        let optimizer = name == "b5" ? OptimizerSettings(kind: .adam(), learningRate: 1e-3) : OptimizerSettings(kind: .sgd, learningRate: 0.01)
        let settings = TrainingSettings(
            loss: .meanSquaredError, optimizer: optimizer, clip: .globalNorm(max: 1.0, style: .torch), batchSize: 32,
            shuffle: false, statisticsInterval: 0)
        return BenchmarkSetup(name: name, data: data, spec: spec, settings: settings, timedSteps: 200)
    }

    /// `scale:DEPTH:WIDTH:BATCH:STEPS`, the cost-growth sweep's shape (../shared/bench/scale.py): a relu MLP,
    /// input 32, 10 classes, SGD 0.01, on 2048 random rows taken in order; `scale:…:bn` puts a batch norm in
    /// every hidden layer (grad only: to see where the cores' column bands pay).
    static func scaleSetup(_ name: String) throws -> BenchmarkSetup? {
        let parts = name.split(separator: ":")
        guard parts.count == 5 || (parts.count == 6 && parts[5] == "bn"), parts[0] == "scale", let depth = Int(parts[1]), let width = Int(parts[2]),
              let batch = Int(parts[3]), let steps = Int(parts[4]) else { return nil }
        var rng = SeededGenerator(seed: 0)
        let rows = 2048
        let features = (0..<(rows * 32)).map { _ in rng.nextNormal() }
        let labels = (0..<rows).map { _ in Double(rng.nextInt(below: 10)) }
        let data = try Dataset(
            name: "random", task: .classification(classes: 10), inputCount: 32, features: features, targets: labels)
        var spec = NetworkSpec.uniform(
            inputWidth: 32, depth: depth, width: width, outputWidth: 10, activation: .relu,
            initializer: Initializer(.heNormal), batchNorm: parts.count == 6)
        spec.outputInitializer = .default
        let settings = TrainingSettings(
            optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.01), batchSize: batch, shuffle: false,
            statisticsInterval: 0)
        return BenchmarkSetup(name: name, data: data, spec: spec, settings: settings, warmupSteps: 5, timedSteps: steps)
    }

    /// A trainer for this setup, initialized from seed 0 and warmed up.
    func warmedUpTrainer(rng: inout SeededGenerator) throws -> Trainer {
        let network = try Network<Float>(spec: spec)
        network.initialize(using: &rng)
        let trainer = try Trainer(network: network, settings: settings)
        _ = try trainer.train(on: data, test: nil, budget: .steps(warmupSteps), using: &rng)
        return trainer
    }

    /// Floating-point operations of one step of a recurrent setup: per layer, the forward's gate products
    /// 2·B·T·G·H·(I + H), and backward about twice that (the head is negligible); nil for the MLPs.
    var recurrentFlops: Double? {
        guard let recurrent = spec.recurrent else { return nil }
        var features = Double(spec.inputWidth / recurrent.steps), total = 0.0
        for hidden in recurrent.hidden.map(Double.init) {
            total += 3 * 2 * Double(settings.batchSize * recurrent.steps * recurrent.cell.gateCount) * hidden * (features + hidden)
            features = hidden
        }
        return total
    }

    func run() throws -> String {
        var rng = SeededGenerator(seed: 0)
        let trainer = try warmedUpTrainer(rng: &rng)
        // Allocations are counted between the first and the last timed step, so the one-off set-up of a
        // train call (reserving history, the outcome) is not charged to the steady state.
        var firstCount: UInt64 = 0, lastCount: UInt64 = 0, firstStep = -1, lastStep = -1
        let outcome = try trainer.train(on: data, test: nil, budget: .steps(timedSteps), using: &rng, onEvent: { event in
            guard case .step(let progress) = event else { return }
            let count = grad_alloc_count()
            if firstStep < 0 { (firstStep, firstCount) = (progress.step, count) }
            (lastStep, lastCount) = (progress.step, count)
        })
        let allocationsPerStep = Double(lastCount - firstCount) / Double(max(lastStep - firstStep, 1))
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let fields: [(String, String)] = [
            ("name", "\"\(name)\""),
            ("steps_per_s", String(format: "%.1f", outcome.stepsPerSecond)),
            ("peak_rss_mb", String(format: "%.1f", Double(usage.ru_maxrss) / 1024)),
            ("allocs_per_step", String(format: "%.3f", allocationsPerStep)),
            ("loss", String(format: "%.4f", trainer.lastLoss ?? .nan)),
        ] + (recurrentFlops.map { [("gflops", String(format: "%.1f", outcome.stepsPerSecond * $0 / 1e9))] } ?? [])
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// B4's cost over B1 measured in one process: rounds of 100 steps of each, alternating, so both see the same
/// moments of a noisy machine (separate runs of a second each varied by ±30% here). Prints the median round
/// rate of each and their ratio, the figure the "B4 within 10% of B1" target is about.
func statisticsOverhead(rounds: Int = 21, stepsPerRound: Int = 100) throws -> String {
    let plain = try BenchmarkSetup.named("b1"), recorded = try BenchmarkSetup.named("b4")
    var plainRng = SeededGenerator(seed: 0), recordedRng = SeededGenerator(seed: 0)
    let plainTrainer = try plain.warmedUpTrainer(rng: &plainRng)
    let recordedTrainer = try recorded.warmedUpTrainer(rng: &recordedRng)
    var plainRates: [Double] = [], recordedRates: [Double] = []
    for _ in 0..<rounds {
        plainRates.append(try plainTrainer.train(
            on: plain.data, test: nil, budget: .steps(stepsPerRound), using: &plainRng).stepsPerSecond)
        recordedRates.append(try recordedTrainer.train(
            on: recorded.data, test: nil, budget: .steps(stepsPerRound), using: &recordedRng).stepsPerSecond)
    }
    let median = { (rates: [Double]) in rates.sorted()[rates.count / 2] }
    let (b1, b4) = (median(plainRates), median(recordedRates))
    return String(format: "{\"name\": \"b4_vs_b1\", \"b1_steps_per_s\": %.1f, \"b4_steps_per_s\": %.1f, \"ratio\": %.3f}",
                  b1, b4, b4 / b1)
}

let arguments = CommandLine.arguments.dropFirst()
guard let setupName = arguments.first else {
    FileHandle.standardError.write("usage: grad-bench b1|b2|b3|b4|b4_vs_b1|gemm\n".data(using: .utf8)!)
    exit(2)
}
do {
    switch setupName {
    case "gemm": print(productRates())
    case "b4_vs_b1": print(try statisticsOverhead())
    default: print(try BenchmarkSetup.named(setupName).run())
    }
} catch {
    FileHandle.standardError.write("grad-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
