import GradCore
import GradSyntax

/// A small decision-boundary picture captured during `train`.
public struct BoundarySnapshot: Sendable, Equatable {
    /// The optimizer steps taken when it was captured.
    public var step: Int
    public var grid: BoundaryGrid
    public var cells: BoundaryCells
}

/// Captures the snapshots of one `train` command on 2-D data: before its first step, after 25% and 50%
/// of its planned steps, and at its end (also when it stops early), replacing the previous command's.
///
/// Each capture evaluates a small fixed grid (`Session.snapshotColumns` wide, about 300 points) between
/// two steps in eval mode; the grid's network inputs are computed once per command. So a command costs
/// at most four forward passes over ~300 rows, and memory stays at four small grids.
final class BoundaryRecorder {
    /// Where in the command the in-between snapshots fall.
    static let fractions = [0.25, 0.5]

    private let session: Session
    private let network: Network<Float>
    private let grid: BoundaryGrid
    private let inputs: [Double]
    private var pending: [Int]
    private(set) var snapshots: [BoundarySnapshot] = []

    /// A recorder for a command planned to take `plannedSteps` steps; nil when the data is not 2-D.
    init?(session: Session, plannedSteps: Int) {
        guard let trainer = session.trainer, let raw = session.rawTrainData, raw.inputCount == 2,
              let extent = try? BoundaryModels(session).planeExtent(raw) else { return nil }
        self.session = session
        network = trainer.network
        grid = BoundaryGrid.sized(columns: Session.snapshotColumns, cellAspect: 2, maxRows: Session.snapshotColumns / 2,
                                  xRange: extent.x, yRange: extent.y)
        inputs = session.modelInputs(forRawPoints: grid.centres)
        let start = trainer.stepCount
        pending = Self.fractions.map { start + Int((Double(plannedSteps) * $0).rounded()) }.filter { $0 > start }
    }

    /// Captures the network as it is now, once per step number.
    func capture(step: Int) {
        guard snapshots.last?.step != step else { return }
        let cells = BoundaryModels(session).predictions(forInputs: inputs, count: grid.count, network: network)
        snapshots.append(BoundarySnapshot(step: step, grid: grid, cells: cells))
    }

    /// Called after every step: captures when `step` reaches the next planned point.
    func stepped(to step: Int) {
        guard let next = pending.first, step >= next else { return }
        pending.removeFirst()
        capture(step: step)
    }
}

extension Session {
    /// Columns of a snapshot's grid (and the widest a panel is drawn).
    public static let snapshotColumns = ViewLimits.snapshotColumns

    /// Steps a `train` command is planned to take (what the snapshot fractions refer to).
    func plannedSteps(_ budget: TrainingBudget, rows: Int) -> Int {
        switch budget {
        case .steps(let steps): return steps
        case .epochs(let epochs):
            let batch = max(1, min(settings.batchSize, rows))
            return epochs * ((rows + batch - 1) / batch)
        }
    }
}
