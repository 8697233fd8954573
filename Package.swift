// swift-tools-version: 6.0
import PackageDescription

// The training core is compiled for the CPU that builds grad (like `-march=native`), so its SIMD loops use the
// full vector width. This changes no result: every sum has an order fixed in the code, every fused
// multiply-add is asked for explicitly (Swift never contracts a·b + c on its own), and the lanes run across
// independent values; `scripts/crosscheck` proves it by building for three CPU levels and comparing every
// transcript byte for byte. GRAD_TARGET_CPU picks another level (`haswell`: AVX2 + FMA; `x86-64`: the
// SSE2 baseline, where each fma is the C library's exact software one); GRAD_PORTABLE=1 builds for the
// compiler's default target, to ship one binary to many machines.
let targetCPU = Context.environment["GRAD_TARGET_CPU"] ?? (Context.environment["GRAD_PORTABLE"] == "1" ? nil : "native")
// GRAD_NATIVE_CPU tells the kernels that the vector width they were compiled for is the host's, so on an
// AVX-512 host they may pair their tiles (`FloatProductKernel.Tiles`); any other build keeps the narrow tiles.
let coreCodeGeneration: [SwiftSetting] = targetCPU.map {
    [.unsafeFlags(["-target-cpu", $0])] + ($0 == "native" ? [.define("GRAD_NATIVE_CPU")] : [])
} ?? []

// Dependencies point one way: grad (program) → GradREPL → GradLang (evaluator, session, views) → GradCore
// (training core) and GradSyntax (lexer, parser, vocabulary); GradSyntax and GradCore know nothing of each other.
// GradREPL is the only target that links libedit. OpenBLAS is linked only by the benchmark, to compare
// grad's own matrix products with it.
let package = Package(
    name: "grad",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "grad", targets: ["grad"]),
        .library(name: "GradCore", targets: ["GradCore"]),
        .library(name: "GradSyntax", targets: ["GradSyntax"]),
        .library(name: "GradLang", targets: ["GradLang"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        // The autograder's regrade record hashes each submission (SHA-256; Foundation on Linux has no
        // digest), and `grad assign --gradescope` writes Gradescope's autograder zip.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Counts malloc calls so the benchmark can prove the training step allocates nothing.
        .target(name: "CAllocCounter"),
        // The benchmark's measured FP32 peak: vector FMA chains, each CPU level compiled for itself.
        .target(name: "CPeakRate"),
        .target(
            name: "GradCore",
            dependencies: [
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)] + coreCodeGeneration
        ),
        // The language's text: lexer, AST, parser, diagnostics and the vocabulary with its help. It depends on
        // nothing, so the parser can never reach a session or the training core, and the REPL's completion,
        // the language server and the fuzz generator can use it alone.
        .target(
            name: "GradSyntax",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .target(
            name: "GradLang",
            dependencies: ["GradSyntax", "GradCore", .product(name: "Plot", package: "Plot")],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .target(
            name: "GradREPL",
            dependencies: [
                "GradSyntax", "GradLang", "CEditLine",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(
            name: "grad",
            dependencies: [
                "GradREPL", "GradSyntax", "GradLang",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(
            name: "grad-bench",
            dependencies: ["GradCore", "CAllocCounter", "CBLAS", "CPeakRate"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // The fuzz targets' checks, shared by the libFuzzer harness and the regression tests.
        .target(
            name: "GradFuzzTargets",
            dependencies: ["GradSyntax", "GradLang", "GradCore"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // Helpers shared by the three test targets.
        .target(
            name: "GradTestSupport",
            path: "Tests/GradTestSupport",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "GradCoreTests",
            dependencies: ["GradCore", "GradTestSupport"],
            exclude: ["Numerics/elementary_reference.tsv"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "GradLangTests",
            dependencies: ["GradSyntax", "GradLang", "GradCore", "GradFuzzTargets", "GradTestSupport"],
            exclude: ["scripts", "fuzz"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "GradTests",
            dependencies: ["GradREPL", "GradSyntax", "GradLang", "GradTestSupport"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
    ]
)

// The libFuzzer harness exists only when `scripts/fuzz` asks for it: it has no main of its own (libFuzzer
// brings one in a `--sanitize fuzzer` build), so the default build must not see it.
if Context.environment["GRAD_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "grad-fuzz",
        dependencies: ["GradFuzzTargets"],
        swiftSettings: [.swiftLanguageMode(.v5)]
    ))
}
