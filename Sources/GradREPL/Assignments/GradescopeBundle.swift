import Foundation
import ZIPFoundation

/// Why the autograder zip could not be written, naming the file.
struct BundleError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The autograder zip Gradescope asks for (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
/// `setup.sh` and `run_autograder` at the root, with the tests and a grad executable beside them.
///
/// Gradescope unpacks the zip into `/autograder/source`, runs `setup.sh` once as root on its Ubuntu
/// image, then `run_autograder` for each submission, which grades `/autograder/submission/*.grad` (or a
/// notebook) and writes `/autograder/results/results.json`. `GRAD_AUTOGRADER_ROOT` replaces
/// `/autograder`, so the bundle can be tried in a fake tree before it is uploaded.
struct GradescopeBundle {
    /// Every test, as `autograder/tests.grad` holds them.
    var tests: String
    /// The executable to carry; it must run on Gradescope's image (see the README's "For teachers").
    var grad: URL

    /// Every entry's time, fixed so the same assignment always gives the same zip.
    static let timestamp = Date(timeIntervalSince1970: 1_767_225_600)

    /// Writes the zip to `url`, replacing any file there in one step; an error names the file at fault.
    func write(to url: URL) throws {
        let binary: Data
        do {
            binary = try Data(contentsOf: grad)
        } catch {
            throw BundleError("cannot read the grad executable '\(grad.path)': \((error as NSError).localizedDescription)")
        }
        let archive = try Archive(data: Data(), accessMode: .create)
        let entries: [(path: String, data: Data, permissions: UInt16)] = [
            ("setup.sh", Data(Self.setup.utf8), 0o755),
            ("run_autograder", Data(Self.runAutograder.utf8), 0o755),
            ("tests.grad", Data(tests.utf8), 0o644),
            ("bin/grad", binary, 0o755),
        ]
        for entry in entries {
            try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(entry.data.count),
                                 modificationDate: Self.timestamp, permissions: entry.permissions,
                                 compressionMethod: .deflate) { position, size in
                entry.data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        do {
            guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
            try data.write(to: url, options: .atomic)
        } catch {
            throw BundleError("cannot write '\(url.path)': \((error as NSError).localizedDescription)")
        }
    }

    /// Installs the libraries grad links (the executable itself is in the bundle) and checks it starts.
    static let setup = """
        #!/usr/bin/env bash
        # Gradescope runs this once, as root, when it builds the autograder image (Ubuntu).
        # grad links libedit and zlib; the executable itself is bin/grad in this bundle.
        set -euo pipefail
        apt-get update
        apt-get install -y --no-install-recommends libedit2 zlib1g
        chmod +x /autograder/source/bin/grad /autograder/source/run_autograder
        /autograder/source/bin/grad --version

        """

    /// Grades the first `.grad` (else `.ipynb`) file of the submission against every test.
    static let runAutograder = """
        #!/usr/bin/env bash
        # Gradescope runs this for every submission. It grades the first .grad file (else the first
        # .ipynb notebook) in the submission against every test and writes results/results.json.
        # GRAD_AUTOGRADER_ROOT replaces /autograder, to try the bundle in a fake tree.
        set -uo pipefail
        root="${GRAD_AUTOGRADER_ROOT:-/autograder}"
        mkdir -p "$root/results"
        submission=""
        for pattern in '*.grad' '*.ipynb'; do
            submission="$(find "$root/submission" -type f -name "$pattern" 2>/dev/null | LC_ALL=C sort | head -n 1)"
            [ -n "$submission" ] && break
        done
        # A missing submission still gets a results file: it scores 0 with the reason. What this prints goes
        # to Gradescope's stdout, which only instructors see: it shows the hidden tests too.
        "$root/source/bin/grad" check "${submission:-$root/submission/submission.grad}" \\
            --against "$root/source/tests.grad" --gradescope --json "$root/results/results.json" --show-hidden
        status=$?
        # 0 and 1 are grades; only 2 (grading could not run) is the autograder's own failure.
        [ "$status" -le 1 ] && exit 0
        exit "$status"

        """
}
