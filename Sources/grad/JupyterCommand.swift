import ArgumentParser
import Foundation
import GradREPL

/// `grad jupyter install`: the notebook kernel's installer. Only parsing lives here; `KernelSpec` installs.
struct Jupyter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad jupyter",
        abstract: "Install grad's Jupyter kernel, so that Jupyter Lab and Notebook offer \"grad\".",
        usage: "grad jupyter install [--user | --prefix PREFIX] [--python PYTHON]",
        discussion: """
            The kernel is a small Python wrapper (scripts/jupyter/grad_kernel.py, it needs ipykernel) that \
            runs this grad as 'grad --serve'. The kernelspec (kernel.json, the wrapper and a logo) goes to \
            the system folder /usr/local/share/jupyter/kernels/grad, or with --user to your Jupyter data \
            folder, or with --prefix to PREFIX/share/jupyter/kernels/grad (e.g. a virtualenv).

            EXAMPLES:
              grad jupyter install --user
              grad jupyter install --prefix .venv --python .venv/bin/python
              jupyter kernelspec list
            """)

    enum Action: String, ExpressibleByArgument {
        case install
    }

    @Argument(help: ArgumentHelp("What to do: install.", valueName: "ACTION"))
    var action: Action

    @Flag(help: "Install for the current user only.")
    var user = false

    @Option(help: ArgumentHelp("Install under PREFIX/share/jupyter (a virtualenv, a conda environment).", valueName: "PREFIX"))
    var prefix: String?

    @Option(help: ArgumentHelp("The Python that runs the kernel (default: PREFIX/bin/python when it exists, else python3).",
                               valueName: "PYTHON"))
    var python: String?

    func validate() throws {
        if user && prefix != nil { throw ValidationError("--user and --prefix are alternatives: give one of them") }
    }

    /// Installs the kernelspec; exit 0, or 1 when the kernel files or the target folder are unusable.
    func execute() -> Int32 {
        let executable = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
        guard let source = KernelSpec.findSourceDirectory(from: executable) else {
            StandardStream.error.write("grad jupyter: cannot find scripts/jupyter/grad_kernel.py above \(executable.path); run the grad built in a grad checkout\n")
            return 1
        }
        let location: KernelSpec.Location = user ? .user : prefix.map(KernelSpec.Location.prefix) ?? .system
        let spec = KernelSpec(sourceDirectory: source, executable: executable, python: interpreter())
        do {
            let directory = try spec.install(in: location, environment: ProcessInfo.processInfo.environment)
            print("installed the grad kernel in \(directory.path) (Python: \(spec.python))")
            return 0
        } catch {
            StandardStream.error.write("grad jupyter: cannot install the kernel: \(error.localizedDescription)\n")
            return 1
        }
    }

    private func interpreter() -> String {
        if let python { return python }
        if let prefix {
            let candidate = URL(fileURLWithPath: prefix).appendingPathComponent("bin/python").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "python3"
    }
}
