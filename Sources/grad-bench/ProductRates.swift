import CBLAS
import Foundation
import GradCore

/// GFLOP/s of grad's own Float product beside OpenBLAS's sgemm (its own threads, as a BLAS user gets it),
/// at 64×64×64 and at B2's three shapes, measured alternately in the same run; with the two cores' FP32
/// peak for scale.
///
/// grad computes with its own kernels because OpenBLAS's digits depend on the machine (see `MatrixProduct`);
/// OpenBLAS is linked here only to show what that costs.
func productRates() -> String {
    let shapes: [(label: String, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int)] = [
        ("64x64x64", false, true, 64, 64, 64),
        ("forward 256x1024x1024", false, true, 256, 1024, 1024),
        ("weight_grad 1024x1024x256", true, false, 1024, 1024, 256),
        ("input_grad 256x1024x1024", false, false, 256, 1024, 1024),
    ]
    var parts: [String] = []
    for shape in shapes {
        let size = max(shape.m, shape.n, shape.k)
        let a = Matrix<Float>(rows: size, cols: size), b = Matrix<Float>(rows: size, cols: size)
        var rng = SeededGenerator(seed: 1)
        for i in 0..<a.count { a.pointer[i] = Float(rng.nextNormal()); b.pointer[i] = Float(rng.nextNormal()) }
        let c = Matrix<Float>(rows: shape.m, cols: shape.n)
        let lda = shape.transposeA ? shape.m : shape.k, ldb = shape.transposeB ? shape.k : shape.n
        let grad = {
            Float.product(
                transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n, k: shape.k,
                a: a.pointer, lda: lda, b: b.pointer, ldb: ldb, start: .zero, c: c.pointer, ldc: shape.n)
        }
        let openBLAS = {
            cblas_sgemm(
                CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans,
                shape.transposeB ? CblasTrans : CblasNoTrans, Int32(shape.m), Int32(shape.n), Int32(shape.k), 1,
                a.pointer, Int32(lda), b.pointer, Int32(ldb), 0, c.pointer, Int32(shape.n))
        }
        let flops = 2.0 * Double(shape.m * shape.n * shape.k)
        let repeats = max(3, Int(2e9 / flops))
        var best = (grad: 0.0, openBLAS: 0.0)
        for _ in 0..<3 {
            best.grad = max(best.grad, rate(repeats: repeats, flops: flops, grad))
            best.openBLAS = max(best.openBLAS, rate(repeats: repeats, flops: flops, openBLAS))
        }
        parts.append(String(
            format: "\"%@\": {\"grad\": %.1f, \"openblas\": %.1f}", shape.label, best.grad, best.openBLAS))
    }
    return "{\"name\": \"product_gflops\", " + parts.joined(separator: ", ") + ", \"peak\": \(peakDescription())}"
}

private func rate(repeats: Int, flops: Double, _ body: () -> Void) -> Double {
    body()
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<repeats { body() }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return flops * Double(repeats) / seconds / 1e9
}

/// The FP32 peak of this machine's cores, measured (`PeakRate`), beside the scale the listed clock gives:
/// 2 fused multiply-adds per cycle and core, of 16 Floats where the CPU lists AVX-512 and of 8 otherwise.
/// That figure can be wrong either way (a virtual machine may list a base clock far below the real one, and
/// Zen 4 runs AVX-512 on 256-bit pipes, half the assumed rate), so the measured figure is the one to compare with.
private func peakDescription() -> String {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let lines = info.split(separator: "\n")
    let megahertz = lines.first { $0.hasPrefix("cpu MHz") }
        .flatMap { Double($0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") } ?? 0
    let lanes = lines.first { $0.hasPrefix("flags") }.map { $0.split(separator: " ").contains("avx512f") } == true ? 16 : 8
    let listed = Double(cores * 2 * lanes * 2) * megahertz / 1000
    let scale = String(format: "\"listed_clock_gflops\": %.1f, \"mhz\": %.0f, \"cores\": %d", listed, megahertz, cores)
    guard let measured = PeakRate.measure(threads: cores) else {
        return "{\"gflops\": null, \"measures\": \"no vector fused multiply-add on this CPU\", \(scale)}"
    }
    return String(
        format: "{\"gflops\": %.1f, \"per_core\": %.1f, \"measures\": \"%@\", ", measured.total, measured.perCore,
        measured.instructionMix) + scale + "}"
}
