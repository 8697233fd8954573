import Foundation
@testable import GradCore
import XCTest
@testable import GradLang
@testable import GradSyntax

/// `net rnn|lstm|gru`, `bptt`, the sequence tasks and the time views, through the language: what each
/// builds in the core, and the error (by id) for what does not apply to a recurrent net.
final class RecurrentLanguageTests: XCTestCase {
    func testARecurrentNetBuildsTheCoresStackWithItsOptions() throws {
        let (interpreter, _) = runScript("""
            data adding 64 length 12 hochreiter
            net lstm 2x8 init orthogonal input xavier radius 1.1 forgetbias bptt 4
            """)
        let spec = try XCTUnwrap(interpreter.session.network?.spec.recurrent)
        XCTAssertEqual(spec.cell, .lstm)
        XCTAssertEqual(spec.hidden, [8, 8])
        XCTAssertEqual(spec.steps, 12, "the steps come from the sequence task")
        XCTAssertEqual(spec.truncation, 4)
        XCTAssertFalse(spec.headReadsEveryStep)
        XCTAssertEqual(spec.initializer, RecurrentInitializer(
            recurrent: .orthogonal, input: Initializer(.xavierUniform), spectralRadius: 1.1, forgetBias: 1))
        XCTAssertEqual(interpreter.session.sequence?.task, .adding(.hochreiter))
        XCTAssertEqual(interpreter.session.settings.loss, .meanSquaredError, "the task's loss is set with the data")
    }

    func testEveryRunsOneHeadAtEachStepAndNeedsATargetPerStep() throws {
        let (interpreter, _) = runScript("data memorization 32 length 10\nnet lstm 1x8 every")
        let network = try XCTUnwrap(interpreter.session.network)
        let classes = try XCTUnwrap(interpreter.session.fullData?.stepClasses)
        XCTAssertEqual(network.dense.map(\.outputWidth), [classes], "the output layer predicts one step")
        XCTAssertEqual(network.spec.outputWidth, network.spec.headRowsPerExample * classes)
        let (refused, output) = runScript("data adding 32 length 10\nnet lstm 1x8 every", expect: .failed)
        XCTAssertEqual(refused.lastDiagnosticIDs, [.invalidNetwork], output.lines.joined(separator: "\n"))
        XCTAssertNil(refused.session.network)
    }

    func testForgetbiasTakesAnOptionalValue() throws {
        for (text, bias) in [("forgetbias", 1.0), ("forgetbias 5", 5), ("forgetbias -2", -2)] {
            let (interpreter, _) = runScript("data adding 16 length 10\nnet lstm 1x4 \(text)")
            XCTAssertEqual(interpreter.session.network?.spec.recurrent?.initializer.forgetBias, bias, text)
        }
        let (plain, _) = runScript("data adding 16 length 10\nnet lstm 1x4")
        XCTAssertNil(plain.session.network?.spec.recurrent?.initializer.forgetBias)
        let (interpreter, _) = runScript("data adding 16 length 10\nnet lstm 1x4 forgetbias exp(1000)", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.invalidValue], "a non-finite bias is refused")
    }

    func testEachPascanuSchemeAndActivationReachesTheCore() throws {
        for (word, scheme) in [("sigmoid", RecurrentInitializer.Scheme.pascanuSigmoid), ("basic", .basicTanh),
                               ("smart", .smartTanh), ("identity", .identity), ("normal 0.2", .normal(std: 0.2))] {
            let (interpreter, _) = runScript("data temporal 32 length 10\nnet rnn 1x16 relu init \(word)")
            let spec = try XCTUnwrap(interpreter.session.network?.spec.recurrent)
            XCTAssertEqual(spec.initializer.recurrent, scheme, word)
            XCTAssertEqual(spec.cell, .rnn(.relu))
        }
    }

    func testRowsOfOtherDataSplitIntoStepsOfOneFeatureOrAsToldBySteps() throws {
        let (interpreter, _) = runScript("data chain 32 features 6\nloss mse\nnet gru 1x4")
        let inputs = try XCTUnwrap(interpreter.session.trainData?.inputCount)
        XCTAssertEqual(interpreter.session.network?.spec.recurrent?.steps, inputs)
        let (told, _) = runScript("data chain 32 features 6\nloss mse\nnet gru 1x4 steps 2")
        XCTAssertEqual(told.session.network?.spec.recurrent?.steps, 2)
        let (uneven, output) = runScript("data chain 32 features 6\nloss mse\nnet gru 1x4 steps 3", expect: .failed)
        XCTAssertEqual(uneven.lastDiagnosticIDs, [.invalidNetwork], output.lines.joined())
    }

    func testWhatDoesNotApplyToARecurrentNetIsRefusedAtItsWord() {
        let cases: [(String, MessageID, String)] = [
            ("net lstm 1x8 sigmoid", .optionNotApplicable, "t.grad:1:14:"),
            ("net rnn 1x8 gelu", .optionNotApplicable, "t.grad:1:13:"),
            ("net gru 1x8 forgetbias", .optionNotApplicable, "t.grad:1:13:"),
            ("net rnn 1x8 batchnorm", .optionNotApplicable, "t.grad:1:13:"),
            ("net lstm 1x8 init xavier", .unknownKeyword, "t.grad:1:19:"),
            ("data spiral 100 length 5", .optionNotApplicable, "t.grad:1:17:"),
            ("data moons le", .optionNotApplicable, "t.grad:1:12:"),
            ("bptt", .missingArgument, "t.grad:1:5:"),
        ]
        for (script, id, location) in cases {
            let (interpreter, output) = runScript(script, expect: .failed)
            XCTAssertEqual(interpreter.lastDiagnosticIDs, [id], script)
            XCTAssertTrue(output.lines.joined().hasPrefix("\(location) error:"), "\(script): \(output.lines.joined())")
        }
        let (interpreter, _) = runScript("data spiral 90 classes 3\nnet dense 2x8\nbptt 5", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.noNetwork])
    }

    func testBPTTKeepsTheWeightsAndCutsTheGradientBeforeTheLastChunk() throws {
        let (interpreter, _) = runScript("""
            seed 3
            data adding 64 length 12
            net rnn 1x8
            batch 64
            train 1 steps
            """)
        let before = try XCTUnwrap(interpreter.session.network).parameters.map { Array($0.value.buffer) }
        XCTAssertEqual(interpreter.run(source: "bptt 4\nbackward", name: "t.grad"), .success)
        let network = try XCTUnwrap(interpreter.session.network)
        XCTAssertEqual(network.parameters.map { Array($0.value.buffer) }, before)
        XCTAssertEqual(interpreter.session.trainer?.stepCount, 1, "the trainer and its history carry on")
        XCTAssertEqual(network.spec.recurrent?.truncation, 4, "a saved model records the truncation")
        let norms = network.recurrent[0].timeGradientNorms
        XCTAssertTrue(norms[0..<8].allSatisfy { $0 == 0 }, "\(norms)")
        XCTAssertTrue(norms[8...].allSatisfy { $0 > 0 }, "\(norms)")
    }

    func testTimeValuesAndViewsReadTheLatestBackward() throws {
        let (interpreter, output) = runScript("""
            seed 1
            data adding 128 length 20
            net rnn 1x16
            batch 32
            train 2 steps
            let r = timeratio
            let wrong = wrong_rate
            show time
            show grads
            """)
        let layer = try XCTUnwrap(interpreter.session.network?.recurrent.first)
        let norms = layer.timeGradientNorms
        XCTAssertEqual(interpreter.environment.lookup("r"), .number(norms[0] / norms[19]))
        guard case .number(let wrong)? = interpreter.environment.lookup("wrong") else { return XCTFail("no wrong_rate") }
        XCTAssertTrue((0...1).contains(wrong))
        let text = output.lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("recurrent layer 1: rnn, 16 units, T = 20"), text)
        XCTAssertTrue(text.contains("vanishing through time"), text)
        XCTAssertEqual(interpreter.session.trainer?.timeHistory?.count, 2, "one time record per recorded step")
    }

    func testTimeValuesNeedARecurrentNet() {
        let (interpreter, _) = runScript("data spiral 90 classes 3\nnet dense 2x8\ntrain 1\nprint timeratio", expect: .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.wrongTask])
        let (scored, _) = runScript("data spiral 90 classes 3\nnet dense 2x8\nprint wrong_rate", expect: .failed)
        XCTAssertEqual(scored.lastDiagnosticIDs, [.wrongTask])
    }

    func testAnExplodingRNNStopsNamingTheLayerAndTimeStep() throws {
        let (interpreter, output) = runScript("""
            seed 1
            data adding 256 length 40
            net rnn 1x32 init normal 0.5
            optim sgd lr 0.1
            batch 32
            train 10
            """)
        let text = output.lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("of recurrent layer 1 became NaN or infinite"), text)
        guard case .nonFinite(let report)? = interpreter.session.trainer?.lastStop,
              case .recurrent(let layer, let site) = report.site else { return XCTFail("not a recurrent stop: \(text)") }
        XCTAssertEqual(layer, 1)
        XCTAssertTrue((1...40).contains(site.step))
        XCTAssertTrue(try XCTUnwrap(interpreter.session.network).parameters.allSatisfy { $0.value.isFinite },
                      "the last finite weights are kept")
    }

    func testTheSessionLogReplaysARecurrentSession() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grad-rnn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s.grad").path
        let (original, _) = runScript("""
            seed 4
            data memorization 64 length 10
            net rnn 2x8 relu init identity radius 0.9 every bptt 3
            bptt 5
            train 1
            save session "\(path)"
            """)
        let (replayed, _) = runScript(try String(contentsOfFile: path, encoding: .utf8))
        let a = try XCTUnwrap(original.session.network), b = try XCTUnwrap(replayed.session.network)
        XCTAssertEqual(a.spec, b.spec)
        XCTAssertEqual(a.parameters.map { Array($0.value.buffer) }, b.parameters.map { Array($0.value.buffer) })
    }

    func testSweepCellsVaryTheStackAndKeepTheTimeRatio() throws {
        let (interpreter, output) = runScript("""
            seed 1
            data adding 128 length 10
            net rnn 1x8
            batch 32
            sweep act [tanh relu] width [4 8] { train 1 }
            """)
        let runs = interpreter.session.runs
        XCTAssertEqual(runs.count, 4)
        XCTAssertTrue(runs.allSatisfy { $0.timeRatio != nil }, "every cell is recurrent")
        XCTAssertEqual(runs.map(\.description).first, "rnn 1x4, init default")
        XCTAssertTrue(output.lines.joined(separator: "\n").contains(NamedRun.timeRatioHeader))
        let (refused, _) = runScript("data adding 64 length 10\nnet lstm 1x4\nsweep act [sigmoid] { train 1 }", expect: .failed)
        XCTAssertEqual(refused.lastDiagnosticIDs, [.cellsFailed])
    }

    func testTheExportedHistoryHasTheTimeColumns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grad-rnn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("h.csv").path
        let (interpreter, _) = runScript("seed 1\ndata adding 64 length 10\nnet gru 2x4\nbatch 32\ntrain 1\nexport history \"\(path)\"")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        XCTAssertEqual(lines.count, 3, "a header and two recorded steps")
        for column in ["rnn1.time_ratio", "rnn1.grad_t1", "rnn1.grad_t10", "rnn2.spectral_radius", "rnn2.gate_closed"] {
            XCTAssertTrue(header.contains(column), column)
        }
        let row = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let t10 = try XCTUnwrap(header.firstIndex(of: "rnn1.grad_t10"))
        let norms = try XCTUnwrap(interpreter.session.network?.recurrent[0].timeGradientNorms)
        XCTAssertEqual(Double(row[t10]), norms[9], "the last row is the latest step's norms")
    }
}

extension RecurrentLanguageTests {
    /// `show stats`, `show acts` and `show weights` list each recurrent layer's two sides before the dense
    /// layers, with the figures of the latest recorded step (here a `backward`, which leaves its forward's
    /// states in place): the raw gradients, the weights, and the hidden states over every step.
    func testStatsActsAndWeightsListTheRecurrentLayers() throws {
        let (interpreter, output) = runScript("""
            seed 3
            data adding 64 length 10
            net lstm 2x8
            batch 16
            train 2 steps
            backward
            show stats
            show acts
            show weights
            """)
        let network = try XCTUnwrap(interpreter.session.network)
        let figures = try XCTUnwrap(interpreter.session.trainer?.latestRecurrentLayers)
        XCTAssertEqual(figures.map(\.layer), [1, 2])
        for (layer, figure) in zip(network.recurrent, figures) {
            let weightNorm = BufferSummary.of(UnsafePointer(layer.weightHH.value.pointer), count: layer.weightHH.count).norm
            XCTAssertEqual(figure.hidden.weightNorm, weightNorm, accuracy: 1e-12 * weightNorm)
            let gradientNorm = BufferSummary.of(UnsafePointer(layer.weightIH.gradient.pointer), count: layer.weightIH.count).norm
            XCTAssertEqual(figure.input.weightGradientNorm, gradientNorm)
            let states = try XCTUnwrap(layer.buffers.states)
            let summary = BufferSummary.of(UnsafePointer(states.pointer), count: 16 * 10 * 8)
            XCTAssertEqual(figure.hidden.activationMean, summary.mean)
            XCTAssertEqual(figure.input.activationStd, summary.std)
        }
        let text = output.lines.joined(separator: "\n")
        for label in ["r1 W_ih", "r1 W_hh", "r2 W_ih", "r2 W_hh", "r1 lstm", "r2 lstm", "tanh (h_t)", "32x2", "32x8"] {
            XCTAssertTrue(text.contains(label), "\(label) missing from:\n\(text)")
        }
    }
}
