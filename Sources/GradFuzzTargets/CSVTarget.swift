import GradCore

/// The CSV loader on arbitrary text. The first byte picks how the target column is read, so the
/// fuzzer explores all three; a loaded data set must be self-consistent.
public enum CSVTarget: FuzzTarget {
    public static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let first = bytes.first else { return }
        let kind = CSVTargetKind.allCases[Int(first) % CSVTargetKind.allCases.count]
        let delimiter: Character = first & 0x80 == 0 ? "," : ";"
        let text = UnsafeBufferPointer(rebasing: bytes.dropFirst()).text
        guard let data = try? Dataset(csvText: text, fileName: "fuzz.csv", target: "y", as: kind, delimiter: delimiter) else {
            return
        }
        check(data)
    }

    /// Traps if the data set's shape, targets or class indices disagree with each other.
    static func check(_ data: Dataset) {
        precondition(data.inputCount >= 1, "a loaded CSV data set has no feature columns")
        precondition(data.featureNames.count == data.inputCount, "one name per feature column")
        precondition(data.features.count == data.count * data.inputCount, "feature buffer does not match rows × columns")
        precondition(data.targets.count == data.count * data.task.targetWidth, "one target per row")
        if case .classification(let classCount) = data.task {
            let classes = data.classNames ?? []
            precondition(classes.count == classCount, "\(classes.count) class names for \(classCount) classes")
            for target in data.targets {
                precondition(target >= 0 && Int(target) < classes.count && target == target.rounded(),
                             "class index \(target) outside 0..<\(classes.count)")
            }
        } else {
            precondition(data.targets.allSatisfy(\.isFinite), "a regression target is not finite")
        }
    }
}
