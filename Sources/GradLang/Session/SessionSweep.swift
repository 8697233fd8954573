import GradCore
import GradSyntax

/// What one sweep cell changes: a dimension's value, resolved to the core's types.
enum SweepChange {
    case activation(Activation)
    case initializer(Initializer)
    case depth(Int)
    case width(Int)
    case learningRate(Double)
}

extension Session {
    /// Makes this (fresh) session a copy of `parent`'s data, seed, random state and settings, with the
    /// parent's network plan changed by `changes`, and builds that network: one sweep cell.
    func adopt(_ parent: Session, changes: [SweepChange]) throws {
        guard let parentPlan = parent.plan else {
            throw SessionError(.noNetwork, "there is no network to sweep over", hint: "create one first, e.g. 'net dense 5x32 relu init he'")
        }
        seed = parent.seed
        rng = parent.rng
        fullData = parent.fullData
        trainData = parent.trainData
        testData = parent.testData
        rawTrainData = parent.rawTrainData
        rawTestData = parent.rawTestData
        inputFeatures = parent.inputFeatures
        dataSource = parent.dataSource
        splitFraction = parent.splitFraction
        standardization = parent.standardization
        modelStandardization = parent.modelStandardization
        sequence = parent.sequence
        var newSettings = parent.settings
        var hidden = parentPlan.hidden
        var outputInitializer = parentPlan.outputInitializer
        for change in changes {
            switch change {
            case .depth(let depth):
                let template = hidden.first ?? HiddenLayerSpec(width: 32, activation: .relu)
                hidden = Array(repeating: template, count: depth)
            case .width(let width):
                hidden = hidden.map { var layer = $0; layer.width = width; return layer }
            case .activation(let activation):
                hidden = hidden.map { var layer = $0; layer.activation = activation; return layer }
            case .initializer(let initializer):
                hidden = hidden.map { var layer = $0; layer.initializer = initializer; return layer }
                outputInitializer = initializer
            case .learningRate(let rate):
                newSettings.optimizer.learningRate = rate
            }
        }
        settings = newSettings
        let recurrent = try parentPlan.recurrent.map { try $0.changed(by: changes) }
        // A recurrent net's dimensions change its stack (see `RecurrentPlan.changed`), not the dense layers.
        if recurrent != nil { (hidden, outputInitializer) = (parentPlan.hidden, parentPlan.outputInitializer) }
        try setNetwork(NetworkPlan(hidden: hidden, outputInitializer: outputInitializer, outputBias: parentPlan.outputBias,
                                   recurrent: recurrent))
    }

    /// The current results as a `NamedRun` called `name`, without keeping it here.
    func snapshotRun(named name: String) throws -> NamedRun {
        try saveRun(named: name)
        return runs.removeLast()
    }
}


extension RecurrentPlan {
    /// The stack with a sweep cell's changes: depth and width are its layers and hidden size, an activation
    /// a plain RNN's (tanh or relu), an init the input weights' scheme; the learning rate is not the plan's.
    func changed(by changes: [SweepChange]) throws -> RecurrentPlan {
        var plan = self
        for change in changes {
            switch change {
            case .depth(let depth): plan.hidden = Array(repeating: hidden.first ?? 32, count: depth)
            case .width(let width): plan.hidden = plan.hidden.map { _ in width }
            case .activation(let activation):
                guard case .rnn = cell, activation == .tanh || activation == .relu else {
                    throw SessionError(.invalidNetwork, "a \(cell.name) cannot take \(activation.name)",
                                       hint: "a plain RNN sweeps 'act [tanh relu]'; LSTM and GRU fix their activations")
                }
                plan.cell = .rnn(activation)
            case .initializer(let initializer): plan.initializer.input = initializer
            case .learningRate: break
            }
        }
        return plan
    }
}
