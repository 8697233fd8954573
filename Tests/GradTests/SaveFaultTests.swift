import Foundation
import XCTest

/// What the real binary does when a save cannot finish: killed mid-write, a path it cannot write, a
/// full disk, or a model file that is broken. The target always holds either its old bytes or a
/// complete new model, errors name the path, and the session carries on with its network unchanged.
final class SaveFaultTests: XCTestCase {
    private var folder: URL!
    private var mounted: URL?

    override func setUpWithError() throws {
        try RealLanguage.require()
        folder = try FaultSupport.scratchFolder("grad-save-faults")
    }

    override func tearDownWithError() throws {
        if let mounted { _ = try? Self.shell("/bin/umount", [mounted.path]) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// A ~21 MB model: JSON encoding takes about a second and writing it tens of milliseconds, so a kill
    /// can land before, during or after the write.
    private static func bigModel(seed: Int, saving name: String) -> [String] {
        ["-e", "seed \(seed); data moons 50; net dense 3x700; save \"\(name)\""]
    }

    func testASaveKilledMidWriteLeavesTheOldFileOrTheWholeNewOne() throws {
        try FaultSupport.run(Self.bigModel(seed: 1, saving: "old.json"), in: folder)
        try FaultSupport.run(Self.bigModel(seed: 2, saving: "new.json"), in: folder)
        let old = try XCTUnwrap(FaultSupport.contents(folder.appendingPathComponent("old.json")))
        let new = try XCTUnwrap(FaultSupport.contents(folder.appendingPathComponent("new.json")))
        XCTAssertNotEqual(old, new)
        let target = folder.appendingPathComponent("m.json")
        var midWrite = 0
        // Milliseconds after the temporary file appears: the write of 21 MB is under way for most of these.
        for delay in [0, 1, 3, 6, 10, 20, 400] {
            try old.write(to: target)
            let grad = try WatchedGrad(Self.bigModel(seed: 2, saving: "m.json"), in: folder)
            let started = grad.waitUntil { FaultSupport.temporaries(in: folder).contains { $0.hasPrefix(".m.json.grad-tmp.") } }
            usleep(useconds_t(delay * 1000))
            let writing = !FaultSupport.temporaries(in: folder).isEmpty
            grad.send(SIGKILL)
            _ = grad.finish()
            let after = try XCTUnwrap(FaultSupport.contents(target), "the target vanished (delay \(delay) ms)")
            XCTAssertTrue(after == old || after == new,
                          "after a kill \(delay) ms into the save the target is neither the old nor the new model (\(after.count) bytes)")
            if started && writing && after == old { midWrite += 1 }
            // A killed process cannot clean up: at most its one temporary file is left.
            XCTAssertLessThanOrEqual(FaultSupport.temporaries(in: folder).count, 1, "\(FaultSupport.temporaries(in: folder))")
        }
        XCTAssertGreaterThan(midWrite, 0, "no kill landed while the file was being written; the test proves nothing")
        // The next save to the same file removes what the killed one left.
        try FaultSupport.run(Self.bigModel(seed: 2, saving: "m.json"), in: folder)
        XCTAssertEqual(FaultSupport.contents(target), new)
        XCTAssertEqual(FaultSupport.temporaries(in: folder), [])
    }

    func testAPathThatCannotBeWrittenIsAnErrorNamingItAndTheSessionGoesOn() throws {
        try "not a folder".write(to: folder.appendingPathComponent("plain.txt"), atomically: true, encoding: .utf8)
        // A private copy of /dev/full (character device 1,7): a regression that renames over the target
        // then replaces this node, not the machine's /dev/full (which it did once, as root).
        let full = folder.appendingPathComponent("full")
        // glibc's makedev(1, 7) (a macro Swift cannot import): minor in the low byte, major above it.
        guard mknod(full.path, mode_t(S_IFCHR) | 0o666, dev_t((1 << 8) | 7)) == 0 else {
            throw XCTSkip("cannot create a device node here (needs root); a full disk is covered by the tmpfs test")
        }
        let input = """
            save "before.json"
            save "plain.txt/m.json"
            save "missing/m.json"
            save "full"
            save "/proc/m.json"
            save session "full"
            export history "plain.txt/h.csv"
            report "plain.txt/r.html"
            print "still here"
            save "after.json"

            """
        let result = try GradBinary.run(["-i", "-e", "data moons 50; net dense 2x8 relu; train 2"], input: input, directory: folder)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("still here\n"), result.standardOutput)
        for expected in [
            "cannot write '\(folder.path)/plain.txt/m.json': Not a directory",
            "cannot write '\(folder.path)/missing/m.json': No such file or directory",
            "note: the folder '\(folder.path)/missing' does not exist",
            "cannot write '/proc/m.json': No such file or directory",
            "note: the folder '/proc' exists but does not take new files",
            "cannot write '\(folder.path)/full': No space left on device",
            "note: free some space or write to another disk",
            "cannot write '\(folder.path)/plain.txt/h.csv': Not a directory",
            "cannot write '\(folder.path)/plain.txt/r.html': Not a directory",
        ] {
            XCTAssertTrue(result.standardError.contains(expected), "missing '\(expected)' in:\n\(result.standardError)")
        }
        // Nothing was replaced: the node is still the device (a rename over it makes it a plain file).
        var status = stat()
        XCTAssertEqual(stat(full.path, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFCHR, "the device was replaced by a file")
        XCTAssertEqual(FaultSupport.contents(folder.appendingPathComponent("before.json")),
                       FaultSupport.contents(folder.appendingPathComponent("after.json")), "the model changed")
        XCTAssertEqual(FaultSupport.temporaries(in: folder), [])
    }

    func testADiskFilledDuringASaveKeepsTheOldFileAndLeavesNoTemporary() throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a 64 kB tmpfs needs root") }
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard (try? Self.shell("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.path])) == 0 else {
            throw XCTSkip("cannot mount a tmpfs here (a container without CAP_SYS_ADMIN); /dev/full covers direct writes")
        }
        mounted = disk
        // A 1 kB model fits; a 2x64 one (~100 kB of JSON) does not.
        let input = """
            net dense 1x4 relu
            save "disk/m.json"
            save "small.json"
            net dense 2x64 relu
            save "disk/m.json"
            print "still here"
            net dense 1x4 relu
            save "disk/m2.json"

            """
        let result = try GradBinary.run(["-i", "-e", "seed 3; data moons 50"], input: input, directory: folder)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("cannot write '\(disk.path)/m.json': No space left on device"),
                      result.standardError)
        XCTAssertTrue(result.standardOutput.contains("still here\n"), result.standardOutput)
        XCTAssertEqual(FaultSupport.contents(disk.appendingPathComponent("m.json")),
                       FaultSupport.contents(folder.appendingPathComponent("small.json")), "the old model was damaged")
        XCTAssertEqual(FaultSupport.temporaries(in: disk), [], "the failed save left its temporary file on the full disk")
        XCTAssertNotNil(FaultSupport.contents(disk.appendingPathComponent("m2.json")), "space was not given back")
    }

    func testABrokenModelFileIsNamedAndTheCurrentNetworkStays() throws {
        try FaultSupport.run(["-e", "seed 5; data moons 50; net dense 2x8 tanh; save \"valid.json\""], in: folder)
        try FaultSupport.run(["-e", "data chain 50; loss mse; net dense 2x8 tanh; save \"chain.json\""], in: folder)
        let valid = try XCTUnwrap(FaultSupport.contents(folder.appendingPathComponent("valid.json")))
        try valid.prefix(valid.count / 2).write(to: folder.appendingPathComponent("truncated.json"))
        var model = try XCTUnwrap(JSONSerialization.jsonObject(with: valid) as? [String: Any])
        var state = try XCTUnwrap(model["state_dict"] as? [String: Any])
        state["2.weight"] = (state["2.weight"] as? [[Double]]).map { Array($0.dropLast()) }
        model["state_dict"] = state
        try JSONSerialization.data(withJSONObject: model).write(to: folder.appendingPathComponent("wrong_shape.json"))
        model = try XCTUnwrap(JSONSerialization.jsonObject(with: valid) as? [String: Any])
        model["version"] = "one"
        try JSONSerialization.data(withJSONObject: model).write(to: folder.appendingPathComponent("wrong_type.json"))

        let input = """
            save "before.json"
            load "truncated.json"
            load "wrong_shape.json"
            load "wrong_type.json"
            load "chain.json"
            load "absent.json"
            save "after.json"

            """
        let result = try GradBinary.run(["-i", "-e", "seed 9; data moons 50; net dense 2x8 relu; train 1"], input: input, directory: folder)
        XCTAssertEqual(result.status, 0, result.standardError)
        for expected in [
            "'\(folder.path)/truncated.json' is not a valid grad model",
            "'\(folder.path)/wrong_shape.json' does not describe a usable network: tensor '2.weight' has shape [7, 8], expected [8, 8]",
            "'\(folder.path)/wrong_type.json' is not a valid grad model: wrong type at version",
            "inputs but the loaded data has 2",
            "cannot read '\(folder.path)/absent.json'",
        ] {
            XCTAssertTrue(result.standardError.contains(expected), "missing '\(expected)' in:\n\(result.standardError)")
        }
        XCTAssertEqual(FaultSupport.contents(folder.appendingPathComponent("before.json")),
                       FaultSupport.contents(folder.appendingPathComponent("after.json")), "a failed load changed the network")
    }

    @discardableResult
    private static func shell(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
