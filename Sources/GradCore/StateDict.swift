/// A network's tensors by PyTorch `state_dict` name: 2-D weights as nested rows (`[out][in]`),
/// 1-D tensors (biases, batch-norm γ/β and running statistics) as flat lists.
///
/// The JSON reads directly into PyTorch: `{k: torch.tensor(v) for k, v in state.items()}`.
public struct StateDict: Sendable, Equatable, Codable {
    public enum Tensor: Sendable, Equatable, Codable {
        case vector([Double])
        case matrix([[Double]])
        case scalar(Int)

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let rows = try? container.decode([[Double]].self) {
                self = .matrix(rows)
            } else if let values = try? container.decode([Double].self) {
                self = .vector(values)
            } else if let value = try? container.decode(Int.self) {
                self = .scalar(value)
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a tensor must be a number, a list of numbers or a list of rows")
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .vector(let values): try container.encode(values)
            case .matrix(let rows): try container.encode(rows)
            case .scalar(let value): try container.encode(value)
            }
        }

        var shapeDescription: String {
            switch self {
            case .vector(let values): "[\(values.count)]"
            case .matrix(let rows): "[\(rows.count), \(rows.first?.count ?? 0)]"
            case .scalar: "[]"
            }
        }
    }

    public var tensors: [String: Tensor]

    public init(tensors: [String: Tensor]) { self.tensors = tensors }

    /// How many numbers the tensors hold together.
    public var valueCount: Int {
        tensors.values.reduce(0) { total, tensor in
            switch tensor {
            case .vector(let values): total + values.count
            case .matrix(let rows): rows.reduce(total) { $0 + $1.count }
            case .scalar: total + 1
            }
        }
    }

    public init(from decoder: Decoder) throws {
        tensors = try decoder.singleValueContainer().decode([String: Tensor].self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(tensors)
    }

    /// Everything `network` holds: parameters, and for batch norm its running statistics and batch count.
    public init<S: TrainingScalar>(network: Network<S>) {
        var tensors: [String: Tensor] = [:]
        for parameter in network.parameters {
            let values = parameter.value.values.map(Double.init)
            if parameter.value.rows == 1 && (parameter.role == .bias || network.isVectorParameter(parameter)) {
                tensors[parameter.name] = .vector(values)
            } else {
                tensors[parameter.name] = .matrix(
                    (0..<parameter.value.rows).map { Array(values[($0 * parameter.value.cols)..<(($0 + 1) * parameter.value.cols)]) })
            }
        }
        for norm in network.batchNorms.compactMap({ $0 }) {
            let prefix = norm.scale.name.replacingSuffix(".weight", with: "")
            tensors[prefix + ".running_mean"] = .vector(norm.runningMean.values.map(Double.init))
            tensors[prefix + ".running_var"] = .vector(norm.runningVariance.values.map(Double.init))
            tensors[prefix + ".num_batches_tracked"] = .scalar(norm.batchesTracked)
        }
        self.tensors = tensors
    }

    /// The name of the first tensor (alphabetically) holding NaN or infinity, or nil when all are finite.
    public var firstNonFiniteTensor: String? {
        tensors.keys.sorted().first { name in
            switch tensors[name] {
            case .vector(let values)?: values.contains { !$0.isFinite }
            case .matrix(let rows)?: rows.contains { $0.contains { !$0.isFinite } }
            case .scalar?, nil: false
            }
        }
    }

    /// Copies every tensor into `network` after checking that names and shapes match exactly and that
    /// every value is finite. On any error nothing has been written.
    public func load<S: TrainingScalar>(into network: Network<S>) throws {
        var expected: [(String, rows: Int, cols: Int, isVector: Bool, write: ([Double]) -> Void)] = []
        for parameter in network.parameters {
            let isVector = parameter.role == .bias || network.isVectorParameter(parameter)
            expected.append((parameter.name, parameter.value.rows, parameter.value.cols, isVector, { values in
                for (i, value) in values.enumerated() { parameter.value.pointer[i] = S(value) }
            }))
        }
        var counts: [(String, BatchNorm<S>)] = []
        for norm in network.batchNorms.compactMap({ $0 }) {
            let prefix = norm.scale.name.replacingSuffix(".weight", with: "")
            expected.append((prefix + ".running_mean", 1, norm.width, true, { values in
                for (i, value) in values.enumerated() { norm.runningMean.pointer[i] = S(value) }
            }))
            expected.append((prefix + ".running_var", 1, norm.width, true, { values in
                for (i, value) in values.enumerated() { norm.runningVariance.pointer[i] = S(value) }
            }))
            counts.append((prefix + ".num_batches_tracked", norm))
        }
        let known = Set(expected.map(\.0) + counts.map(\.0))
        if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
            throw NetworkError.invalid("the file has a tensor '\(extra)' that this architecture does not have")
        }
        var writes: [() -> Void] = []
        for (name, rows, cols, isVector, write) in expected {
            guard let tensor = tensors[name] else { throw NetworkError.invalid("the file has no tensor '\(name)'") }
            let flat: [Double]
            switch tensor {
            case .vector(let values) where isVector && values.count == cols:
                flat = values
            case .matrix(let matrix) where !isVector && matrix.count == rows && matrix.allSatisfy({ $0.count == cols }):
                flat = matrix.flatMap { $0 }
            default:
                let want = isVector ? "[\(cols)]" : "[\(rows), \(cols)]"
                throw NetworkError.invalid("tensor '\(name)' has shape \(tensor.shapeDescription), expected \(want)")
            }
            // Checked after conversion: a finite Double such as 1e40 becomes infinity as a Float weight.
            if let bad = flat.firstIndex(where: { !S($0).isFinite }) {
                let problem = flat[bad].isFinite
                    ? "the value \(flat[bad]), too large for a \(S.self) weight," : "a non-finite value"
                throw NetworkError.invalid("tensor '\(name)' has \(problem) at position \(bad)")
            }
            writes.append { write(flat) }
        }
        var batchCounts: [(BatchNorm<S>, Int)] = []
        for (name, norm) in counts {
            guard case .scalar(let value)? = tensors[name] else {
                throw NetworkError.invalid("the file has no integer '\(name)'")
            }
            batchCounts.append((norm, value))
        }
        for write in writes { write() }
        for (norm, value) in batchCounts { norm.batchesTracked = value }
    }
}

extension Network {
    /// True for the tensors that are 1-D in PyTorch although stored as 1 × W here: biases and batch-norm
    /// γ and β. (A weight matrix with one row, as a one-output layer's, stays 2-D.)
    public func isVectorParameter(_ parameter: Parameter<Scalar>) -> Bool {
        if parameter.role == .bias { return true }
        return batchNorms.contains { norm in norm.map { $0.scale === parameter || $0.shift === parameter } ?? false }
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
