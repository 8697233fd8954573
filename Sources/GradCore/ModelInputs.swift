/// How raw data rows become a saved network's inputs: the computed features (for 2-D data) and the
/// standardization, both as they were when the model was saved. A model file carries them so that
/// loading it gives the network the inputs it was trained on, without the user retyping `features`
/// and `standardize` (and without refitting the statistics to whatever data is loaded next).
public struct ModelInputs: Codable, Sendable, Equatable {
    /// The features computed from raw (x, y) points; nil when the network reads the data's own columns.
    public var features: FeatureMap?
    /// The statistics the (featured) columns were standardized with; nil when they were not.
    public var standardization: Standardization?

    public init(features: FeatureMap?, standardization: Standardization?) {
        self.features = features
        self.standardization = standardization
    }

    /// Whether there is anything to store: a file without either keeps the format it had before them.
    public var isEmpty: Bool { features == nil && standardization == nil }

    /// Checks what decoding could not: the invariants the validating initializers enforce, and that
    /// both transforms produce exactly `inputWidth` columns.
    func validate(inputWidth: Int) throws {
        if let features {
            let checked = try FeatureMap(features.features)
            guard checked.width == inputWidth else {
                throw DataError.invalid("the input features give \(checked.width) columns but the network takes \(inputWidth)")
            }
        }
        if let standardization {
            let checked = try Standardization(mean: standardization.mean, std: standardization.std)
            guard checked.mean.count == inputWidth else {
                throw DataError.invalid(
                    "the standardization has \(checked.mean.count) columns but the network takes \(inputWidth)")
            }
            guard checked.mean.allSatisfy(\.isFinite) else {
                throw DataError.invalid("the standardization's means must be finite numbers")
            }
        }
    }
}
