@testable import GradCore

/// Recurrent layers with a dense head, run outside a `Network`, with random inputs and targets.
struct RecurrentStack {
    let layers: [any Layer<Double>]
    let input: Matrix<Double>
    let targets: Matrix<Double>
    let batch: Int

    var recurrent: [Recurrent<Double>] { layers.compactMap { $0 as? Recurrent<Double> } }
    var parameters: [Parameter<Double>] { layers.flatMap { $0.parameters } }

    /// `hidden.count` stacked layers of `cell` over `steps` steps of `inputSize` features; the last returns
    /// every step when `everyStep`, and a linear head maps its output to `outputs` values.
    init(
        cell: RecurrentCell, steps: Int = 6, inputSize: Int = 2, hidden: [Int] = [3], everyStep: Bool = false,
        truncation: Int? = nil, outputs: Int = 2, batch: Int = 3, initializer: RecurrentInitializer? = nil,
        seed: UInt64 = 7
    ) {
        // A relu RNN from PyTorch's init leaves most units dead on this tiny case, so its gradients would be
        // mostly zero; it gets the IRNN start (0.9·I, Xavier inputs, zero biases) where they are alive.
        let initializer = initializer ?? (cell == .rnn(.relu)
            ? RecurrentInitializer(recurrent: .identity, input: .xavier, spectralRadius: 0.9) : RecurrentInitializer())
        var rng = SeededGenerator(seed: seed)
        var layers: [any Layer<Double>] = []
        var width = inputSize
        for (index, size) in hidden.enumerated() {
            let layer = Recurrent<Double>(
                cell: cell, steps: steps, inputSize: width, hiddenSize: size,
                returnsEveryStep: everyStep || index < hidden.count - 1, truncation: truncation,
                stackIndex: index, layer: index + 1)
            initializer.initialize(layer, using: &rng)
            layers.append(layer)
            width = size
        }
        let head = Dense<Double>(
            inputWidth: layers.last!.outputWidth, outputWidth: outputs, activation: .linear, hasBias: true,
            names: ("head.weight", "head.bias"), layer: hidden.count + 1)
        Initializer.xavier.initialize(weight: head.weight.value, bias: head.bias?.value, activation: .linear, using: &rng)
        layers.append(head)
        for layer in layers { layer.allocate(batchCapacity: batch) }
        self.layers = layers
        self.batch = batch
        input = Matrix(rows: batch, cols: steps * inputSize)
        for i in 0..<input.count { input.pointer[i] = rng.nextNormal() }
        targets = Matrix(rows: batch, cols: outputs)
        for i in 0..<targets.count { targets.pointer[i] = rng.nextNormal() }
    }

    func forward() -> Matrix<Double> {
        var h = input
        for layer in layers { h = layer.forward(h, batch: batch, mode: .training) }
        return h
    }

    /// Mean squared error against the targets; with `gradient`, backward fills every parameter gradient.
    func loss(computeGradients: Bool) -> Double {
        let output = forward()
        let gradient = Matrix<Double>(rows: batch, cols: output.cols)
        let result = LossFunction.meanSquaredError.evaluate(
            logits: output, batch: batch, targets: .values(UnsafePointer(targets.pointer)),
            gradient: computeGradients ? gradient : nil)
        if computeGradients {
            var g = gradient
            for index in stride(from: layers.count - 1, through: 0, by: -1) {
                guard let next = layers[index].backward(g, batch: batch, needsInputGradient: index > 0) else { break }
                g = next
            }
        }
        return result.loss
    }

    /// The worst relative error of the analytic gradients against finite differences, over all tensors.
    func worstGradientError(samples: Int = 40) -> Double {
        var rng = SeededGenerator(seed: 99)
        return GradientCheck.run(parameters: parameters, samplesPerParameter: samples, using: &rng) {
            loss(computeGradients: $0)
        }.map(\.maxRelativeError).max() ?? .infinity
    }
}

/// The five-point finite difference of `loss` in one entry of `parameter` (as `GradientCheck` takes it).
func numericDerivative(_ parameter: Parameter<Double>, _ index: Int, step: Double = 1e-4, loss: () -> Double) -> Double {
    let original = parameter.value.pointer[index]
    func at(_ offset: Double) -> Double {
        parameter.value.pointer[index] = original + offset
        return loss()
    }
    let value = (-at(2 * step) + 8 * at(step) - 8 * at(-step) + at(-2 * step)) / (12 * step)
    parameter.value.pointer[index] = original
    return value
}
