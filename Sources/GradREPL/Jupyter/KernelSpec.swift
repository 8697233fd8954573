import Foundation

/// The Jupyter kernelspec for grad: a folder named `grad` holding `kernel.json`, the wrapper kernel
/// (`scripts/jupyter/grad_kernel.py`) and its logos, in one of the places Jupyter looks for kernels.
public struct KernelSpec {
    /// Where the kernelspec goes, as Jupyter's own `jupyter kernelspec install` names them.
    public enum Location: Equatable, Sendable {
        /// The user's Jupyter data folder (`$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter` or
        /// `~/.local/share/jupyter`; `~/Library/Jupyter` on macOS).
        case user
        /// `PREFIX/share/jupyter`, e.g. a virtualenv's prefix.
        case prefix(String)
        /// The system-wide folder, `/usr/local/share/jupyter`.
        case system
    }

    /// The files copied from `scripts/jupyter` next to `kernel.json`.
    public static let files = ["grad_kernel.py", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]

    /// The folder holding `grad_kernel.py` and the logos.
    public var sourceDirectory: URL
    /// The `grad` binary the kernel starts (`grad --serve`).
    public var executable: URL
    /// The Python interpreter that runs the kernel (it needs `ipykernel`).
    public var python: String

    /// Creates a spec from the kernel files in `sourceDirectory`.
    public init(sourceDirectory: URL, executable: URL, python: String) {
        self.sourceDirectory = sourceDirectory
        self.executable = executable
        self.python = python
    }

    /// The kernel's `kernel.json`: Jupyter runs the copied wrapper with `python`, and the wrapper runs
    /// `executable --serve`. `interrupt_mode` "signal" makes Jupyter's interrupt a SIGINT, which grad takes
    /// as "stop at the end of this step".
    public func kernelJSON(installedIn directory: URL) throws -> Data {
        let spec: [String: Any] = [
            "argv": [python, directory.appendingPathComponent("grad_kernel.py").path, "-f", "{connection_file}"],
            "display_name": "grad",
            "language": "grad",
            "interrupt_mode": "signal",
            "env": ["GRAD_EXECUTABLE": executable.path],
            "metadata": ["grad_serve_protocol": ServeProtocol.version],
        ]
        return try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Writes the kernelspec into `location` and returns its folder (`…/share/jupyter/kernels/grad`),
    /// replacing an earlier install.
    public func install(in location: Location, environment: [String: String]) throws -> URL {
        let directory = Self.dataDirectory(for: location, environment: environment)
            .appendingPathComponent("kernels").appendingPathComponent("grad")
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in Self.files {
            let target = directory.appendingPathComponent(file)
            if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
            try manager.copyItem(at: sourceDirectory.appendingPathComponent(file), to: target)
        }
        try kernelJSON(installedIn: directory).write(to: directory.appendingPathComponent("kernel.json"), options: .atomic)
        return directory
    }

    /// Jupyter's data folder for `location` (kernelspecs live in its `kernels` subfolder).
    public static func dataDirectory(for location: Location, environment: [String: String]) -> URL {
        switch location {
        case .prefix(let prefix):
            return URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter")
        case .system:
            return URL(fileURLWithPath: "/usr/local/share/jupyter")
        case .user:
            if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty { return URL(fileURLWithPath: data) }
            let home = environment["HOME"] ?? NSHomeDirectory()
            #if os(macOS)
            return URL(fileURLWithPath: home).appendingPathComponent("Library/Jupyter")
            #else
            if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
                return URL(fileURLWithPath: xdg).appendingPathComponent("jupyter")
            }
            return URL(fileURLWithPath: home).appendingPathComponent(".local/share/jupyter")
            #endif
        }
    }

    /// The `scripts/jupyter` folder of the checkout `executable` was built in (`.build/…/grad` sits
    /// below the checkout), or nil when there is none.
    public static func findSourceDirectory(from executable: URL) -> URL? {
        var directory = executable.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("scripts/jupyter")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("grad_kernel.py").path) {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
