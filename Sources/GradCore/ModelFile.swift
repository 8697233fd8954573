import Foundation

/// A saved model: architecture, weights in PyTorch `state_dict` layout, training settings and (when the
/// model used any) the input features and standardization, as JSON.
///
/// Writes are atomic (`AtomicFile`: a temporary file in the destination folder, flushed, then renamed over
/// the target), so an interrupted or failed save leaves the previous file intact. Loading checks everything
/// before returning, so a bad file never half-replaces a model.
public struct ModelFile: Codable, Sendable, Equatable {
    public static let formatName = "grad-model"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var architecture: NetworkSpec
    public var stateDict: StateDict
    public var training: TrainingSettings
    public var seed: UInt64?
    /// The features and standardization between raw rows and the network; absent in files without them
    /// (and in files written before they were stored).
    public var inputs: ModelInputs?

    enum CodingKeys: String, CodingKey {
        case format, version, architecture, training, seed, inputs
        case stateDict = "state_dict"
    }

    public init(network: Network<Float>, training: TrainingSettings, seed: UInt64?, inputs: ModelInputs? = nil) {
        format = Self.formatName
        version = Self.currentVersion
        architecture = network.spec
        stateDict = StateDict(network: network)
        self.training = training
        self.seed = seed
        self.inputs = inputs.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The JSON text of the file, keys sorted so equal models give equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Encodes and writes atomically to `url`.
    public func write(to url: URL) throws {
        // JSON has no spelling for NaN or infinity; say which tensor holds one rather than let the encoder fail.
        if let name = stateDict.firstNonFiniteTensor {
            throw ModelFileError.unwritable(
                path: url.path, reason: "tensor '\(name)' holds NaN or infinity, which a model file cannot store")
        }
        let data: Data
        do {
            data = try encoded()
        } catch {
            throw ModelFileError.unwritable(path: url.path, reason: "\(error)")
        }
        do {
            try AtomicFile.write(data, to: url)
        } catch let error as AtomicFileError {
            throw ModelFileError.unwritable(path: url.path, reason: error.reason)
        }
    }

    /// Reads and checks a model file; the returned network is new, so the caller's model is untouched on error.
    public static func read(from url: URL) throws -> (file: ModelFile, network: Network<Float>) {
        let data: Data
        do {
            data = try FileReading.contents(of: url)
        } catch {
            throw ModelFileError.unreadable(path: url.path, reason: error.reason)
        }
        return try read(data: data, path: url.path)
    }

    /// Decodes and checks the bytes of a model file; `path` names it in errors.
    public static func read(data: Data, path: String) throws -> (file: ModelFile, network: Network<Float>) {
        // Counted before anything else is decoded: a file claiming 200000 layers is refused at once
        // instead of being decoded, built and checked layer by layer.
        if let layers = (try? JSONDecoder().decode(LayerCount.self, from: data))?.architecture.hidden.count,
           layers > NetworkSpec.maximumHiddenLayers {
            throw ModelFileError.mismatched(
                path: path, reason: "the architecture has \(layers) hidden layers, more than the limit of \(NetworkSpec.maximumHiddenLayers)")
        }
        let file: ModelFile
        do {
            file = try JSONDecoder().decode(ModelFile.self, from: data)
        } catch let error as DecodingError {
            throw ModelFileError.malformed(path: path, reason: Self.describe(error))
        } catch {
            throw ModelFileError.malformed(path: path, reason: "\(error)")
        }
        guard file.format == formatName else {
            throw ModelFileError.malformed(path: path, reason: "format is '\(file.format)', expected '\(formatName)'")
        }
        guard file.version == currentVersion else {
            throw ModelFileError.malformed(path: path, reason: "version \(file.version) is not supported (this grad reads version \(currentVersion))")
        }
        // A file holds at most as many weights as it has numbers. A small network is built anyway, so the
        // state_dict check below can name the exact tensor that does not fit; but a large architecture that
        // needs more numbers than the file holds (a corrupted width of 5e12 would ask for terabytes) is
        // refused before anything is allocated.
        let needed = file.architecture.parameterEstimate
        guard needed <= max(Double(file.stateDict.valueCount), 1e7) else {
            throw ModelFileError.mismatched(
                path: path, reason: "the architecture needs \(String(format: "%.0f", needed)) parameters but the file holds \(file.stateDict.valueCount) numbers")
        }
        do {
            let network = try Network<Float>(spec: file.architecture)
            try file.stateDict.load(into: network)
            try file.training.validate()
            try file.inputs?.validate(inputWidth: file.architecture.inputWidth)
            return (file, network)
        } catch {
            throw ModelFileError.mismatched(path: path, reason: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' in \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "\(context.debugDescription) (at \(path(context)))"
        @unknown default: return "\(error)"
        }
    }
}

/// Only the number of hidden layers a model file's architecture lists (the layers are not decoded).
private struct LayerCount: Decodable {
    struct Architecture: Decodable {
        var hidden: Count
    }

    struct Count: Decodable {
        var count: Int

        init(from decoder: Decoder) throws {
            count = try decoder.unkeyedContainer().count ?? 0
        }
    }

    var architecture: Architecture
}

/// Why a model file could not be written or read.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case unwritable(path: String, reason: String)
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case mismatched(path: String, reason: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason): "cannot write '\(path)': \(reason)"
        case .unreadable(let path, let reason): "cannot read '\(path)': \(reason)"
        case .malformed(let path, let reason): "'\(path)' is not a valid grad model: \(reason)"
        case .mismatched(let path, let reason): "'\(path)' does not describe a usable network: \(reason)"
        }
    }
}
