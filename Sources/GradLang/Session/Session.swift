import Foundation
import GradCore
import GradSyntax

/// The state an experiment builds up, command by command: seed, data, network plan, settings, trainer.
///
/// Every mutating method either succeeds completely or throws before changing anything, so a failing
/// command leaves the session exactly as it was. The session never prints; callers render its results.
public final class Session {
    public internal(set) var seed: UInt64
    var rng: SeededGenerator
    /// The data as loaded or generated, before any split.
    public internal(set) var fullData: Dataset?
    /// The rows training uses (all of `fullData` until `split`), after `features` and `standardize`.
    public internal(set) var trainData: Dataset?
    public internal(set) var testData: Dataset?
    /// The same rows before `features` and `standardize`: the raw coordinates plots are drawn in.
    public internal(set) var rawTrainData: Dataset?
    public internal(set) var rawTestData: Dataset?
    /// The input features computed from 2-D data (`features x^2 y^2`); nil: the data's own columns.
    public internal(set) var inputFeatures: FeatureMap?
    /// Small decision-boundary grids captured during the latest `train` on 2-D data (`plot boundary over time`).
    public internal(set) var boundarySnapshots: [BoundarySnapshot] = []
    public internal(set) var dataSource: String?
    /// The sequence task the data was generated from (`data adding 2560 length 50`); nil for other data.
    public internal(set) var sequence: SequenceData?
    public internal(set) var splitFraction: Double?
    public internal(set) var standardization: Standardization?
    /// Statistics that came with a loaded model: applied as saved to every data set loaded after it, until
    /// `standardize` refits them or a `net` starts a new model.
    public internal(set) var modelStandardization: Standardization?
    public internal(set) var plan: NetworkPlan?
    public internal(set) var settings: TrainingSettings
    /// The step count when the current clip mode was set: `show clip` lists only the steps after it.
    var clipModeSince = 0
    public internal(set) var trainer: Trainer? {
        // Snapshots and histograms describe the training of one network, and so does the step its clip mode
        // began at.
        didSet {
            boundarySnapshots = []
            histogramHistory.removeAll()
            clipModeSince = 0
        }
    }
    /// Histograms captured at recorded steps, for `export tensorboard`.
    let histogramHistory = HistogramHistory()
    /// Named snapshots of finished runs, for `compare`.
    public internal(set) var runs: [NamedRun] = []
    /// Polled once per training step; true stops training at the end of that step (Ctrl-C).
    public var shouldStop: () -> Bool = { false }
    /// Notes produced by the latest command (e.g. "the network was rebuilt"), for the caller to show.
    public internal(set) var notes: [String] = []
    /// Caps on memory and training; the grader tightens them (see `SessionLimits`).
    public var limits = SessionLimits()
    /// Optimizer steps taken by every `train` so far, for `limits.totalSteps`.
    public internal(set) var stepsTaken = 0

    public init(seed: UInt64 = 0) {
        self.seed = seed
        rng = SeededGenerator(seed: seed)
        settings = TrainingSettings()
    }

    public var network: Network<Float>? { trainer?.network }

    // MARK: seed and data

    /// Restarts the random stream: everything drawn afterwards (data, weights, shuffles) follows from `value`.
    public func setSeed(_ value: UInt64) {
        seed = value
        rng = SeededGenerator(seed: value)
    }

    /// Generates a built-in data set; `nil` arguments take the data set's defaults.
    public func generateData(_ kind: DatasetKind, count: Int?, classes: Int?, noise: Double?) throws {
        if classes != nil && !kind.acceptsClassCount {
            throw SessionError(.invalidValue, "'\(kind.rawValue)' has a fixed number of classes", hint: "only spiral and blobs take 'classes N'")
        }
        try checkDataSize(rows: count ?? kind.defaultCount)
        var trial = rng
        let dataset: Dataset
        do {
            dataset = try kind.generate(count: count, classes: classes, noise: noise, using: &trial)
        } catch let error as DataError {
            throw SessionError(.dataRefused, error.message, hint: error.note)
        }
        let before = rng
        rng = trial
        do {
            try install(dataset, source: kind.rawValue)
        } catch {
            rng = before
            throw error
        }
    }

    /// Loads a CSV file (relative paths resolve against `directory`) with `target` as the column to predict.
    public func loadCSV(path: String, target: String, classification: Bool?, relativeTo directory: URL?) throws {
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        try checkCSVSize(url, path: path)
        let dataset: Dataset
        do {
            let kind: CSVTargetKind = classification.map { $0 ? .classification : .regression } ?? .automatic
            dataset = try Dataset(csvFile: url.path, target: target, as: kind)
        } catch let error as DataError {
            // The file, line and column of the bad cell, not only what was wrong with it.
            let typo = Suggestion.closest(to: target, in: error.candidates).map { "did you mean \"\($0)\"?" }
            throw SessionError(.dataRefused, error.located, hint: typo ?? error.note)
        }
        try install(dataset, source: "csv \"\(path)\"")
    }

    func install(_ dataset: Dataset, source: String, sequence newSequence: SequenceData? = nil) throws {
        let oldInputs = trainData?.inputCount, oldTask = fullData?.task, oldSteps = sequence?.steps
        let old = (fullData, rawTrainData, rawTestData, trainData, testData, splitFraction, standardization,
                   dataSource, inputFeatures, modelStandardization, sequence)
        do {
            sequence = newSequence
            fullData = dataset
            rawTrainData = dataset
            rawTestData = nil
            splitFraction = nil
            dataSource = source
            keepFeatures(for: dataset)
            try deriveData(standardized: false)
            if let plan, let trainData,
               oldInputs != trainData.inputCount || oldTask != dataset.task || oldSteps != sequence?.steps || trainer == nil {
                try build(plan)
                if oldInputs != nil { notes.append("the network was rebuilt for the new data's shape") }
            }
        } catch {
            // The network for the new data would not fit: keep the old data with its network.
            (fullData, rawTrainData, rawTestData, trainData, testData, splitFraction, standardization,
             dataSource, inputFeatures, modelStandardization, sequence) = old
            throw error
        }
    }

    /// Splits the loaded data into train and test parts (rows shuffled by the session's random stream).
    public func split(trainFraction: Double) throws {
        guard let fullData else { throw SessionError(.noData, "there is no data to split", hint: "load data first, e.g. 'data spiral 1536'") }
        guard trainFraction > 0 && trainFraction < 1 else {
            throw SessionError(.invalidValue, "the train fraction must be between 0 and 1 (got \(Format.number(trainFraction)))")
        }
        var trial = rng
        let parts: (train: Dataset, test: Dataset)
        do {
            parts = try fullData.split(trainFraction: trainFraction, using: &trial)
        } catch let error as DataError {
            throw SessionError(.dataRefused, error.message, hint: error.note)
        }
        rng = trial
        rawTrainData = parts.train
        rawTestData = parts.test
        splitFraction = trainFraction
        try deriveData(standardized: false)
    }

    /// Standardizes every input column to mean 0 and std 1 using the training rows' statistics (also applied
    /// to test); with `features`, the featured columns are standardized.
    public func standardize() throws {
        guard trainData != nil else { throw SessionError(.noData, "there is no data to standardize", hint: "load data first, e.g. 'data moons 1000'") }
        try refitStandardization()
    }

    /// Standardizes with statistics fitted to the training rows, replacing a loaded model's.
    private func refitStandardization() throws {
        let pinned = modelStandardization
        modelStandardization = nil
        do {
            try deriveData(standardized: true)
        } catch {
            modelStandardization = pinned
            throw error
        }
    }

    // MARK: network

    /// Replaces the whole network plan; builds and initializes it at once when data is loaded.
    public func setNetwork(_ newPlan: NetworkPlan) throws {
        let saved = (modelStandardization, trainData, testData, standardization)
        do {
            // A new model fits its own statistics: a loaded model's stop applying (the data stays standardized).
            if modelStandardization != nil { try refitStandardization() }
            if trainData != nil { try build(newPlan) }
        } catch {
            (modelStandardization, trainData, testData, standardization) = saved
            throw error
        }
        plan = newPlan
    }

    /// Appends one hidden layer to the plan (starting a new plan if there is none) and rebuilds.
    public func appendLayer(_ layer: HiddenLayerSpec) throws {
        var newPlan = plan ?? NetworkPlan(hidden: [])
        newPlan.hidden.append(layer)
        newPlan = NetworkPlan(hidden: newPlan.hidden, outputBias: newPlan.outputBias, recurrent: newPlan.recurrent)
        try setNetwork(newPlan)
    }

    /// Changes the activation of some hidden layers, keeping every weight.
    public func setActivation(_ activation: Activation, layers: [Int]) throws {
        guard var newPlan = plan else { throw SessionError(.noNetwork, "there is no network yet", hint: "create one with 'net dense 5x32 relu'") }
        try checkHidden(layers, in: newPlan)
        for number in layers { newPlan.hidden[number - 1].activation = activation }
        try rebuildKeepingWeights(newPlan)
    }

    /// Re-initializes some layers (1-based; the output layer is `hidden + 1`) with a new scheme.
    public func setInitializer(_ initializer: Initializer, layers: [Int]) throws {
        guard var newPlan = plan else { throw SessionError(.noNetwork, "there is no network yet", hint: "create one with 'net dense 5x32 relu'") }
        let count = newPlan.hidden.count + 1
        if let bad = layers.first(where: { $0 < 1 || $0 > count }) {
            throw SessionError(.noSuchLayer, "layer \(bad) does not exist; the network has layers 1 to \(count)")
        }
        for number in layers {
            if number <= newPlan.hidden.count { newPlan.hidden[number - 1].initializer = initializer } else { newPlan.outputInitializer = initializer }
        }
        try rebuildKeepingWeights(newPlan)
        if let network {
            var trial = rng
            network.initialize(layers: layers, using: &trial)
            rng = trial
        }
    }

    private func checkHidden(_ layers: [Int], in plan: NetworkPlan) throws {
        if let bad = layers.first(where: { $0 < 1 || $0 > plan.hidden.count }) {
            throw SessionError(
                .noSuchLayer, "layer \(bad) is not a hidden layer; this network has hidden layers 1 to \(plan.hidden.count)",
                hint: "the output layer \(plan.hidden.count + 1) has no activation to change")
        }
    }

    /// Builds a network from `newPlan` for the current data, initializes it, and makes it current.
    func build(_ newPlan: NetworkPlan) throws {
        guard let data = trainData else { return }
        let spec = newPlan.spec(inputs: data.inputCount, outputs: Trainer.outputWidth(for: data.task, loss: settings.loss),
                                sequenceSteps: sequence?.steps)
        try checkNetworkSize(spec)
        let network: Network<Float>
        do {
            network = try Network<Float>(spec: spec)
        } catch let error as NetworkError {
            throw SessionError(.invalidNetwork, error.description)
        }
        var trial = rng
        network.initialize(using: &trial)
        let newTrainer = try makeTrainer(network, settings)
        rng = trial
        trainer = newTrainer
        plan = newPlan
    }

    /// Rebuilds for a changed plan, carrying the current weights over where the shapes allow.
    private func rebuildKeepingWeights(_ newPlan: NetworkPlan) throws {
        guard let old = network, let data = trainData else {
            plan = newPlan
            return
        }
        let spec = newPlan.spec(inputs: data.inputCount, outputs: old.spec.outputWidth, sequenceSteps: sequence?.steps)
        let network: Network<Float>
        do {
            network = try Network<Float>(spec: spec)
        } catch let error as NetworkError {
            throw SessionError(.invalidNetwork, error.description)
        }
        for (mine, theirs) in zip(network.parameters, old.parameters) where mine.count == theirs.count {
            mine.value.copy(from: theirs.value)
        }
        trainer = try makeTrainer(network, settings)
        plan = newPlan
    }

    private func makeTrainer(_ network: Network<Float>, _ settings: TrainingSettings) throws -> Trainer {
        do {
            return try Trainer(network: network, settings: settings)
        } catch {
            throw SessionError(.invalidSetting, "\(error)")
        }
    }

    // MARK: settings

    /// Applies changed training settings to the current trainer (and rebuilds if the output width changes).
    public func updateSettings(_ change: (inout TrainingSettings) -> Void) throws {
        var newSettings = settings
        change(&newSettings)
        do {
            try newSettings.validate()
        } catch {
            throw SessionError(.invalidSetting, "\(error)")
        }
        if newSettings.batchSize != settings.batchSize { try checkBatchSize(newSettings) }
        let oldSettings = settings
        if let trainer, let data = trainData,
            Trainer.outputWidth(for: data.task, loss: newSettings.loss) != trainer.network.spec.outputWidth, let plan
        {
            settings = newSettings
            do {
                try build(plan)
            } catch {
                settings = oldSettings
                throw error
            }
            notes.append("the network was rebuilt: '\(newSettings.loss.rawValue)' needs a different output layer")
            return
        }
        if let trainer {
            do {
                try trainer.update(settings: newSettings)
            } catch {
                throw SessionError(.invalidSetting, "\(error)")
            }
            if newSettings.clip != settings.clip { clipModeSince = trainer.stepCount }
        }
        settings = newSettings
    }
}

/// Limits that keep a script from exhausting the machine.
public enum ResourceLimits {
    /// Estimated bytes a network may need: half the physical memory unless GRAD_MEMORY_LIMIT_MB says otherwise.
    public static var memoryBytes: Double {
        if let megabytes = memoryOverride { return megabytes * 1e6 }
        return Double(ProcessInfo.processInfo.physicalMemory) / 2
    }

    /// Where `memoryBytes` comes from, for the hint of a refusal.
    public static var memoryNote: String {
        memoryOverride != nil ? "the limit is GRAD_MEMORY_LIMIT_MB"
            : "the limit is half of this machine's memory; GRAD_MEMORY_LIMIT_MB=N sets it to N megabytes"
    }

    private static var memoryOverride: Double? {
        ProcessInfo.processInfo.environment["GRAD_MEMORY_LIMIT_MB"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
    }
}
