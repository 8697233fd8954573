/// Storage for one mini-batch, allocated once by the caller and refilled in place by
/// `BatchIterator.next(into:using:)`, so the training step never allocates.
///
/// Only the first `count` rows are meaningful after a fill; `count` is below `capacity` for the last
/// partial batch of an epoch (or a cycling batch that reaches the end of the data).
public final class Batch<Scalar: TrainingScalar> {
    /// The most rows a fill can produce.
    public let capacity: Int
    /// `capacity × inputCount` feature rows.
    public let inputs: Matrix<Scalar>
    /// One class index per row for classification data; empty for regression.
    public let labels: UnsafeMutableBufferPointer<Int32>
    /// `capacity × outputs` target rows for regression data; `capacity × 0` for classification.
    public let targets: Matrix<Scalar>
    /// Rows filled by the last `next(into:using:)`.
    public internal(set) var count = 0

    /// Buffers shaped for `dataset` holding up to `capacity` rows (use the iterator's batch size).
    public init(capacity: Int, for dataset: Dataset) {
        let capacity = max(capacity, 0)
        self.capacity = capacity
        inputs = Matrix(rows: capacity, cols: dataset.inputCount)
        switch dataset.task {
        case .classification:
            labels = .allocate(capacity: capacity)
            labels.initialize(repeating: 0)
            targets = Matrix(rows: capacity, cols: 0)
        case .regression(let outputs):
            labels = .allocate(capacity: 0)
            targets = Matrix(rows: capacity, cols: outputs)
        }
    }

    deinit { labels.deallocate() }
}
