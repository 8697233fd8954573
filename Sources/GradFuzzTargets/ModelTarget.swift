import Foundation
import GradCore

/// The model-file reader on arbitrary bytes: it must either refuse with an error or return a network
/// whose parameters match its declared architecture, and that network must save and load again.
public enum ModelTarget: FuzzTarget {
    public static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let (file, network) = try? ModelFile.read(data: Data(buffer: bytes), path: "fuzz.json") else { return }
        // What was accepted must round-trip: the same bytes again after a write and a read.
        let again = ModelFile(network: network, training: file.training, seed: file.seed)
        guard let encoded = try? again.encoded() else {
            preconditionFailure("an accepted model could not be encoded again")
        }
        guard let (_, reread) = try? ModelFile.read(data: encoded, path: "again.json") else {
            preconditionFailure("an accepted model did not load again after saving")
        }
        precondition(StateDict(network: reread) == StateDict(network: network), "saving and loading changed the weights")
    }
}
