import Foundation
import GradCore
import GradSyntax

/// Command dispatch: one case per command, each a thin translation from the AST to a session call.
extension Interpreter {
    func run(_ command: Command, range: SourceRange, directory: URL?) throws {
        switch command {
        case .seed(let value): try runSeed(value)
        case .data(let spec): try runData(spec, directory: directory)
        case .split(let fraction): try runSplit(fraction)
        case .standardize: try runStandardize(range: range)
        case .features(let items): try runFeatures(items, range: range)
        case .net(let spec): try runNet(spec)
        case .bptt(let steps): try runBPTT(steps, range: range)
        case .layer(let spec): try runLayer(spec)
        case .activation(let layers, let name): try runActivation(layers, name, range: range)
        case .initialize(let layers, let name, let gain): try runInitialize(layers, name, gain: gain, range: range)
        case .loss(let name): try runLoss(name, range: range)
        case .optimizer(let spec): try runOptimizer(spec)
        case .learningRate(let value): try runLearningRate(value)
        case .schedule(let spec): try runSchedule(spec)
        case .clip(let spec): try runClip(spec, range: range)
        case .batch(let size): try runBatch(size)
        case .record(let every): try runRecord(every, range: range)
        case .train(let amount, let unit): try runTrain(amount, unit: unit, range: range)
        case .backward: try runBackward(range: range)
        case .step: try runTrain(.steps(1), range: range)
        case .reset: try runReset(range: range)
        case .eval: try runEval(range: range)
        case .show(let target): try show(target.value, range: target.range)
        case .showClip(let rows): try runShowClip(rows, range: range)
        case .gradcheck: try runGradientCheck(range: range)
        case .save(let path): try runSave(path, directory: directory)
        case .load(let path): try runLoad(path, directory: directory)
        case .export(let what, let path): try runExport(what.value, path, directory: directory)
        case .saveSession(let path): try runSaveSession(path, directory: directory)
        case .history: showCommandLog()
        case .run(let name): try runKeep(name)
        case .help(let topic): runHelp(topic?.value)
        case .explain(let topic): runExplain(topic.value)
        case .diagnose: try runDiagnose(range: range)
        case .plot(let target, let overTime): try runPlot(target.value, overTime: overTime, range: range)
        case .plotBoundary(let spec): try runBoundary(spec, range: range)
        case .compare(let runs, let reach): try runCompare(runs, reach: reach, range: range)
        case .sweep(let spec): try runSweep(spec, range: range, directory: directory)
        case .report(let path): try runReport(path, directory: directory)
        }
    }
}
