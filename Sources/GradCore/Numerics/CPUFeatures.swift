import Foundation

/// What the host CPU can do, for choices that change speed and never a result (see
/// `FloatProductKernel.Tiles`).
enum CPUFeatures {
    /// Whether the CPU and the operating system run AVX-512 Foundation instructions: Linux lists `avx512f`
    /// among a core's flags only when the kernel saves the 512-bit registers; macOS answers a sysctl.
    static let hasAVX512F: Bool = {
        #if os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        return flags.split(separator: " ").contains("avx512f")
        #elseif canImport(Darwin)
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        return sysctlbyname("hw.optional.avx512f", &value, &size, nil, 0) == 0 && value != 0
        #else
        return false
        #endif
    }()
}
