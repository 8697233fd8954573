import Foundation
import GradFuzzTargets

// The libFuzzer harness for grad, built only by `scripts/fuzz` (`swift build --sanitize fuzzer`, which
// links libFuzzer's own main). libFuzzer calls the two C entry points below. The binary holds every
// target and `GRAD_FUZZ_TARGET` picks one, so the script builds one instrumented program, not four.

/// Set once by `LLVMFuzzerInitialize`, before libFuzzer runs any input.
nonisolated(unsafe) private var selectedTarget: FuzzTarget.Type?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let name = ProcessInfo.processInfo.environment["GRAD_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.all[name] else {
        let names = FuzzTargets.all.keys.sorted().joined(separator: ", ")
        FileHandle.standardError.write(Data("grad-fuzz: set GRAD_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    selectedTarget = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget?.run(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}
