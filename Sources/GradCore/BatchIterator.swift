/// Hands out mini-batches of a data set forever, copying rows into caller-owned buffers.
///
/// Nothing is allocated per batch: the index permutation is allocated once in `init` and shuffled in
/// place, and rows are copied (converted from the data set's Double to `Scalar`) straight into the
/// caller's `Matrix` and label buffers.
public final class BatchIterator {
    /// The order rows are visited in.
    public enum Order: String, Sendable, CaseIterable {
        /// The PyTorch benchmark's loop: batch `step` takes rows i..<min(i + batchSize, count) with
        /// i = (step · batchSize) mod count. Slicing `X[i:i+bs]` in torch stops at the end of the
        /// tensor, so a batch that reaches the end is short and the next one starts wherever the
        /// modulus puts it; when batchSize divides count (1536 / 64) every batch is full and this
        /// is simply the rows in order, epoch after epoch.
        case cycling
        /// Epochs over the rows in stored order; the last batch of an epoch holds what is left.
        case sequential
        /// Epochs over a fresh permutation drawn from the session generator at the start of each
        /// epoch, so every row appears exactly once per epoch (PyTorch's `DataLoader(shuffle=True)`).
        case shuffled
    }

    /// The rows batches are drawn from.
    public let dataset: Dataset
    /// Rows per full batch.
    public let batchSize: Int
    /// How rows are visited (see `Order`).
    public let order: Order
    /// In epoch orders, skip an epoch's final batch when it would be short (`drop_last=True`).
    public let dropsPartialBatch: Bool
    /// Batches handed out so far.
    public private(set) var step = 0
    /// Passes over the data completed so far.
    public private(set) var epoch = 0
    /// True when the batch just handed out was the last of its epoch (reached the end of the data).
    public private(set) var isEndOfEpoch = false

    /// Row order of the current epoch; allocated once, shuffled in place.
    private var permutation: [Int]
    /// Next position in `permutation` (epoch orders) or next start row (cycling).
    private var position = 0
    private var startsNewEpoch = true

    /// An iterator over `dataset` in batches of `batchSize` rows.
    public init(dataset: Dataset, batchSize: Int, order: Order = .shuffled, dropsPartialBatch: Bool = false) throws {
        guard batchSize >= 1 else { throw DataError.invalid("batch size must be at least 1, got \(batchSize)") }
        guard dataset.count >= 1 else { throw DataError.invalid("cannot draw batches from \(dataset.name): it has no rows") }
        if dropsPartialBatch {
            guard order != .cycling else {
                throw DataError.invalid("cycling order takes rows as the PyTorch benchmark does; it cannot drop partial batches")
            }
            guard batchSize <= dataset.count else {
                throw DataError.invalid(
                    "batch size \(batchSize) is larger than the \(dataset.count) rows of \(dataset.name), so every batch would be dropped")
            }
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.order = order
        self.dropsPartialBatch = dropsPartialBatch
        permutation = Array(0..<dataset.count)
    }

    /// Batches in one epoch: ⌈count / batchSize⌉, or ⌊count / batchSize⌋ when partial batches are
    /// dropped. For cycling order with a batch size that does not divide the count, epochs do not
    /// align with batches and this is the ceiling as well.
    public var batchesPerEpoch: Int {
        let n = dataset.count
        return dropsPartialBatch ? n / batchSize : (n + batchSize - 1) / batchSize
    }

    /// Starts again from the first batch of epoch 0 (a shuffled order draws a new permutation).
    public func reset() {
        step = 0
        epoch = 0
        position = 0
        isEndOfEpoch = false
        startsNewEpoch = true
        for index in permutation.indices { permutation[index] = index }
    }

    /// Fills `batch` with the next rows and returns how many (also stored in `batch.count`).
    public func next<Scalar>(into batch: Batch<Scalar>, using rng: inout SeededGenerator) throws -> Int {
        let rows: Int
        switch dataset.task {
        case .classification:
            rows = try next(inputs: batch.inputs, labels: batch.labels, using: &rng)
        case .regression:
            rows = try next(inputs: batch.inputs, targets: batch.targets, using: &rng)
        }
        batch.count = rows
        return rows
    }

    /// Classification: copies the next rows' features into the first rows of `inputs` and their class
    /// indices into `labels`; returns the number of rows copied.
    public func next<Scalar>(
        inputs: Matrix<Scalar>, labels: UnsafeMutableBufferPointer<Int32>, using rng: inout SeededGenerator
    ) throws -> Int {
        guard case .classification = dataset.task else {
            throw DataError(.shapeMismatch, "\(dataset.name) is a regression data set; pass a targets matrix, not labels")
        }
        try checkInputs(inputs)
        guard labels.count >= batchSize else {
            throw DataError(.shapeMismatch, "label buffer holds \(labels.count) rows, batch size is \(batchSize)")
        }
        let (start, rows) = advance(using: &rng)
        copyFeatures(start: start, rows: rows, into: inputs)
        dataset.targets.withUnsafeBufferPointer { targets in
            for row in 0..<rows { labels[row] = Int32(targets[sourceRow(start + row)]) }
        }
        return rows
    }

    /// Regression: copies the next rows' features into the first rows of `inputs` and their target
    /// values into the first rows of `targets`; returns the number of rows copied.
    public func next<Scalar>(
        inputs: Matrix<Scalar>, targets: Matrix<Scalar>, using rng: inout SeededGenerator
    ) throws -> Int {
        guard case .regression(let outputs) = dataset.task else {
            throw DataError(.shapeMismatch, "\(dataset.name) is a classification data set; pass a label buffer, not targets")
        }
        try checkInputs(inputs)
        guard targets.cols == outputs && targets.rows >= batchSize else {
            throw DataError(.shapeMismatch,
                "target matrix is \(targets.rows)×\(targets.cols), need at least \(batchSize)×\(outputs)")
        }
        let (start, rows) = advance(using: &rng)
        copyFeatures(start: start, rows: rows, into: inputs)
        dataset.targets.withUnsafeBufferPointer { source in
            for row in 0..<rows {
                let from = sourceRow(start + row) * outputs
                for output in 0..<outputs { targets.pointer[row * outputs + output] = Scalar(source[from + output]) }
            }
        }
        return rows
    }

    private func checkInputs<Scalar>(_ inputs: Matrix<Scalar>) throws {
        guard inputs.cols == dataset.inputCount && inputs.rows >= batchSize else {
            throw DataError(.shapeMismatch,
                "input matrix is \(inputs.rows)×\(inputs.cols), need at least \(batchSize)×\(dataset.inputCount)")
        }
    }

    /// Moves to the next batch and returns where it starts (in `permutation`, or in the rows for
    /// cycling) and how many rows it has.
    private func advance(using rng: inout SeededGenerator) -> (start: Int, rows: Int) {
        let n = dataset.count
        let start: Int
        let rows: Int
        switch order {
        case .cycling:
            // position == (step · batchSize) mod n, kept incrementally so it cannot overflow.
            start = position
            rows = min(batchSize, n - start)
            position = (position + batchSize) % n
            isEndOfEpoch = start + rows == n
        case .sequential, .shuffled:
            if startsNewEpoch {
                if order == .shuffled { rng.shuffle(&permutation) }
                position = 0
                startsNewEpoch = false
            }
            start = position
            rows = min(batchSize, n - start)
            position += rows
            let remaining = n - position
            isEndOfEpoch = remaining == 0 || (dropsPartialBatch && remaining < batchSize)
            startsNewEpoch = isEndOfEpoch
        }
        if isEndOfEpoch { epoch += 1 }
        step += 1
        return (start, rows)
    }

    /// The data set row at `index` of the current batch order.
    @inline(__always)
    private func sourceRow(_ index: Int) -> Int { order == .cycling ? index : permutation[index] }

    private func copyFeatures<Scalar>(start: Int, rows: Int, into inputs: Matrix<Scalar>) {
        let width = dataset.inputCount
        dataset.features.withUnsafeBufferPointer { features in
            for row in 0..<rows {
                let from = sourceRow(start + row) * width
                let to = row * width
                for column in 0..<width { inputs.pointer[to + column] = Scalar(features[from + column]) }
            }
        }
    }
}
