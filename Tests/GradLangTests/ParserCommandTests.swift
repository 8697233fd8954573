import XCTest
@testable import GradLang
@testable import GradSyntax

/// Every command form produces the expected typed AST (compared through its range-free dump).
final class ParserCommandTests: XCTestCase {
    func testDataCommands() {
        XCTAssertEqual(dump("seed 42"), "seed(42)")
        XCTAssertEqual(dump("data spiral 1536 classes 3 noise 0.2"), "data(spiral, count: 1536, classes: 3, noise: 0.2)")
        XCTAssertEqual(dump("data spiral noise 0.2 classes 3 1536"), dump("data spiral 1536 classes 3 noise 0.2"))
        XCTAssertEqual(dump("data moons 1000"), "data(moons, count: 1000)")
        XCTAssertEqual(dump("data circles 500 factor 0.5 noise 0.05"), "data(circles, count: 500, noise: 0.05, factor: 0.5)")
        XCTAssertEqual(dump("data xor"), "data(xor)")
        XCTAssertEqual(dump("data blobs classes 4"), "data(blobs, classes: 4)")
        XCTAssertEqual(dump("data checker cells 4"), "data(checker, cells: 4)")
        XCTAssertEqual(dump("data sine 200 noise 0.1"), "data(sine, count: 200, noise: 0.1)")
        XCTAssertEqual(dump("data chain features 8"), "data(chain, features: 8)")
        XCTAssertEqual(dump("data csv \"iris.csv\" target species"), "data(csv, path: \"iris.csv\", target: \"species\")")
        XCTAssertEqual(dump("data csv \"h.csv\" target \"price\" task regression"),
                       "data(csv, path: \"h.csv\", target: \"price\", task: regression)")
        XCTAssertEqual(dump("data $set n", knownNames: ["set", "n"]), "data($(set), count: n)")
        XCTAssertEqual(dump("split 0.8"), "split(0.8)")
        XCTAssertEqual(dump("standardize"), "standardize")
    }

    func testNetCommands() {
        XCTAssertEqual(dump("net dense 20x64 relu init he"), "net(20x64, act: relu, init: he)")
        XCTAssertEqual(dump("net dense 64-32-16 tanh init xavier"), "net(64-32-16, act: tanh, init: xavier)")
        XCTAssertEqual(dump("net dense 64"), "net(64)")
        XCTAssertEqual(dump("net 5x32 sigmoid"), "net(5x32, act: sigmoid)")
        XCTAssertEqual(dump("net dense 10x32 relu batchnorm residual bias off gain 1.4"),
                       "net(10x32, act: relu, gain: 1.4, batchnorm, residual, bias off)")
        XCTAssertEqual(dump("net dense 3x8 init normal 1.0"), "net(3x8, init: normal(std: 1))")
        XCTAssertEqual(dump("net dense 3x8 init normal 0 0.05"), "net(3x8, init: normal(mean: 0, std: 0.05))")
        XCTAssertEqual(dump("net dense 3x8 init uniform -0.5 0.5"), "net(3x8, init: uniform((-0.5), 0.5))")
        XCTAssertEqual(dump("net dense 3x8 init kaiming normal fan_out"), "net(3x8, init: he(normal, fan_out))")
        XCTAssertEqual(dump("net dense 3x8 init he fan_in uniform"), "net(3x8, init: he(uniform, fan_in))")
        XCTAssertEqual(dump("net dense 3x8 init xavier normal"), "net(3x8, init: xavier(normal))")
        XCTAssertEqual(dump("net dense 3x8 init lecun"), "net(3x8, init: lecun)")
        XCTAssertEqual(dump("net dense 3x8 init orthogonal"), "net(3x8, init: orthogonal)")
        XCTAssertEqual(dump("net dense 3x8 init zeros"), "net(3x8, init: zeros)")
        XCTAssertEqual(dump("net dense 3x8 init constant 0.1"), "net(3x8, init: constant(0.1))")
        XCTAssertEqual(dump("net dense 3x8 init default"), "net(3x8, init: default)")
        XCTAssertEqual(dump("net dense 3x8 bias on"), "net(3x8)")
    }

    func testActivationsWithParameters() {
        XCTAssertEqual(dump("net dense 2x4 leaky"), "net(2x4, act: leaky)")
        XCTAssertEqual(dump("net dense 2x4 leaky 0.2 init he"), "net(2x4, act: leaky(0.2), init: he)")
        XCTAssertEqual(dump("net dense 2x4 elu 0.5"), "net(2x4, act: elu(0.5))")
        XCTAssertEqual(dump("net dense 2x4 gelu"), "net(2x4, act: gelu(erf))")
        XCTAssertEqual(dump("net dense 2x4 gelu tanh"), "net(2x4, act: gelu(tanh))")
        XCTAssertEqual(dump("net dense 2x4 softsign"), "net(2x4, act: softsign)")
        XCTAssertEqual(dump("net dense 2x4 linear"), "net(2x4, act: linear)")
        XCTAssertEqual(dump("net dense 2x4 leaky_relu"), "net(2x4, act: leaky)")
    }

    func testShapeInterpolation() {
        XCTAssertEqual(dump("net dense ${depth}x64 relu", knownNames: ["depth"]), "net(depthx64, act: relu)")
        XCTAssertEqual(dump("net dense ${d + 1}x$w", knownNames: ["d", "w"]), "net((d + 1)xw)")
        XCTAssertEqual(dump("net dense 5x$w"), "net(5xw)")
        XCTAssertEqual(dump("net dense $a-32-$b"), "net(a-32-b)")
        XCTAssertEqual(dump("net dense 0x8"), "net(0x8)")
    }

    func testShapeRangesPointInsideTheWord() throws {
        let (program, _) = Parser.parse("net dense 20x64", name: "t")
        guard case .command(.net(let spec), _) = try XCTUnwrap(program.statements.first),
              case .repeated(let depth, let width, let range) = spec.shape else {
            return XCTFail("expected a repeated shape")
        }
        XCTAssertEqual(depth.range.start.column, 11)
        XCTAssertEqual(width.range.start.column, 14)
        XCTAssertEqual(width.range.length, 2)
        XCTAssertEqual(range.length, 5)
    }

    func testInterpolatedActivationInNet() {
        XCTAssertEqual(dump("net dense 5x32 $act", knownNames: ["act"]), "net(5x32, act: $(act))")
    }

    func testLayerActAndInit() {
        XCTAssertEqual(dump("layer 64 tanh init xavier"), "layer(64, act: tanh, init: xavier)")
        XCTAssertEqual(dump("layer w relu batchnorm", knownNames: ["w"]), "layer(w, act: relu, batchnorm)")
        XCTAssertEqual(dump("act 3 sigmoid"), "act(3, sigmoid)")
        XCTAssertEqual(dump("act 1..5 relu"), "act((1..5), relu)")
        XCTAssertEqual(dump("act [1, 3] tanh"), "act([1, 3], tanh)")
        XCTAssertEqual(dump("act -1 linear"), "act((-1), linear)")
        XCTAssertEqual(dump("act all leaky 0.1"), "act(all, leaky(0.1))")
        XCTAssertEqual(dump("act relu"), "act(all, relu)")
        XCTAssertEqual(dump("act $i relu"), "act(i, relu)")
        XCTAssertEqual(dump("act $a"), "act(all, $(a))")
        XCTAssertEqual(dump("act 2 $a"), "act(2, $(a))")
        XCTAssertEqual(dump("init 1..5 xavier"), "init((1..5), xavier)")
        XCTAssertEqual(dump("init he fan_out"), "init(all, he(fan_out))")
        XCTAssertEqual(dump("init 2 normal 0.01 gain 2"), "init(2, normal(std: 0.01), gain: 2)")
        XCTAssertEqual(dump("init all $scheme"), "init(all, $(scheme))")
    }

    func testTrainingSettings() {
        XCTAssertEqual(dump("loss xent"), "loss(xent)")
        XCTAssertEqual(dump("loss mse"), "loss(mse)")
        XCTAssertEqual(dump("loss bce"), "loss(bce)")
        XCTAssertEqual(dump("loss crossentropy"), "loss(xent)")
        XCTAssertEqual(dump("loss $l"), "loss($(l))")
        XCTAssertEqual(dump("optim sgd lr 0.1"), "optim(sgd, lr: 0.1)")
        XCTAssertEqual(dump("optim momentum 0.9"), "optim(momentum(0.9))")
        XCTAssertEqual(dump("optim nesterov 0.9 lr 0.01"), "optim(nesterov(0.9), lr: 0.01)")
        XCTAssertEqual(dump("optim momentum lr 0.01"), "optim(momentum, lr: 0.01)")
        XCTAssertEqual(dump("optim adam lr 0.001 decay 1e-4"), "optim(adam, lr: 0.001, decay: 0.0001)")
        XCTAssertEqual(dump("optim lr 0.001 adamw betas 0.9 0.99 eps 1e-8"),
                       "optim(adamw, lr: 0.001, beta1: 0.9, beta2: 0.99, eps: 1e-08)")
        XCTAssertEqual(dump("optim rmsprop eps 1e-6"), "optim(rmsprop, eps: 1e-06)")
        XCTAssertEqual(dump("lr 0.01"), "lr(0.01)")
        XCTAssertEqual(dump("lr ${base / 10}", knownNames: ["base"]), "lr((base / 10))")
        XCTAssertEqual(dump("batch 64"), "batch(64)")
    }

    func testSchedules() {
        XCTAssertEqual(dump("schedule step 30 0.1"), "schedule(step(30, 0.1))")
        XCTAssertEqual(dump("schedule step 500 steps"), "schedule(step(500), unit: steps)")
        XCTAssertEqual(dump("schedule exp 0.95"), "schedule(exp(0.95))")
        XCTAssertEqual(dump("schedule cosine"), "schedule(cosine)")
        XCTAssertEqual(dump("schedule cosine min 1e-4 warmup 100"), "schedule(cosine(min: 0.0001), warmup: 100)")
        XCTAssertEqual(dump("schedule cosine length 20 steps"), "schedule(cosine(length: 20), unit: steps)")
        XCTAssertEqual(dump("schedule exp 0.999 steps"), "schedule(exp(0.999), unit: steps)")
        XCTAssertEqual(dump("schedule warmup 100"), "schedule(warmup: 100)")
        XCTAssertEqual(dump("schedule none"), "schedule(none)")
    }

    func testClipModes() {
        XCTAssertEqual(dump("clip norm 1.0"), "clip(norm(1))")
        XCTAssertEqual(dump("clip norm 1.0 style tf"), "clip(norm(1, style: tf))")
        XCTAssertEqual(dump("clip style torch norm 5"), "clip(norm(5, style: torch))")
        XCTAssertEqual(dump("clip value 0.5"), "clip(value(0.5))")
        XCTAssertEqual(dump("clip layer 1.0"), "clip(layer(1))")
        XCTAssertEqual(dump("clip tensor 2"), "clip(tensor(2))")
        XCTAssertEqual(dump("clip min 1e-3"), "clip(min(0.001))")
        XCTAssertEqual(dump("clip off"), "clip(off)")
    }

    func testRunningCommands() {
        XCTAssertEqual(dump("train 100"), "train(100, epochs)")
        XCTAssertEqual(dump("train 500 steps"), "train(500, steps)")
        XCTAssertEqual(dump("train epochs 3"), "train(3, epochs)")
        XCTAssertEqual(dump("train n", knownNames: ["n"]), "train(n, epochs)")
        XCTAssertEqual(dump("backward; step; reset; eval; gradcheck"), "backward\nstep\nreset\neval\ngradcheck")
    }

    func testSessionCommands() {
        for target in ShowTarget.allCases {
            XCTAssertEqual(dump("show \(target.rawValue)"), "show(\(target.rawValue))")
        }
        XCTAssertEqual(dump("save \"m.json\""), "save(\"m.json\")")
        XCTAssertEqual(dump("load \"m.json\""), "load(\"m.json\")")
        XCTAssertEqual(dump("load path", knownNames: ["path"]), "load(path)")
        XCTAssertEqual(dump("export history \"h.csv\""), "export(history, \"h.csv\")")
        XCTAssertEqual(dump("run \"baseline\""), "run(\"baseline\")")
        XCTAssertEqual(dump("run baseline"), "run(\"baseline\")")
        XCTAssertEqual(dump("help"), "help")
        XCTAssertEqual(dump("help net"), "help(net)")
        XCTAssertEqual(dump("help for"), "help(for)")
        for topic in ExplainTopic.allCases {
            XCTAssertEqual(dump("explain \(topic.rawValue)"), "explain(\(topic.rawValue))")
        }
    }

    func testUnknownNamesAreValuesUnlessTheyLookLikeAMisspeltKeyword() {
        // Names from an `include` or an earlier REPL entry are unknown to the parser but must work.
        XCTAssertEqual(dump("train n"), "train(n, epochs)")
        XCTAssertEqual(dump("data spiral count"), "data(spiral, count: count)")
        XCTAssertEqual(dump("load path"), "load(path)")
        XCTAssertEqual(dump("net dense 2x2 leaky slope"), "net(2x2, act: leaky(slope))")
        XCTAssertTrue(rendered("data spiral nosie 0.2", [.unknownKeyword]).contains("did you mean 'noise'?"))
        XCTAssertEqual(diagnosticIDs("train 10 stesp"), [.unknownKeyword])
        XCTAssertEqual(diagnosticIDs("expect acc > 1 pionts 2"), [.unknownKeyword])
    }

    func testCommandRangeCoversTheWholeLine() throws {
        let (program, _) = Parser.parse("  optim adam lr 0.01  # fast\n", name: "t")
        let range = try XCTUnwrap(program.statements.first).range
        XCTAssertEqual(range.start.column, 3)
        XCTAssertEqual(range.end.column, 21)
    }

    func testEveryHelpExampleParses() {
        for entry in CommandHelp.all {
            let (_, diagnostics) = Parser.parse(entry.example, name: "help", knownNames: ["x", "d"])
            XCTAssertEqual(diagnostics.map(\.description), [], "help example of \(entry.topic.word)")
        }
    }

    func testEveryCommandHasHelpStartingWithItsWord() {
        for topic in HelpTopic.all {
            let entry = CommandHelp.entry(for: topic)
            XCTAssertEqual(entry.topic, topic)
            XCTAssertTrue(entry.syntax.hasPrefix(topic.word), entry.syntax)
            XCTAssertFalse(entry.summary.isEmpty)
        }
        let lines = CommandHelp.overview(width: 1000).split(separator: "\n")
        XCTAssertEqual(lines.count, HelpTopic.all.count)
        XCTAssertTrue(lines.contains { $0.hasPrefix("net          net dense DEPTHxWIDTH") }, "\(lines)")
        XCTAssertEqual(CommandHelp.entry(for: .command(.lr)).text, "lr RATE\n  Sets the base learning rate.\n  example: lr 0.01")
    }
}

/// Interpolated vocabulary slots resolve at run time with the parser's own grammar.
final class ResolveTests: XCTestCase {
    private let range = Source(name: "r.grad", text: "let a = 1\nnet dense 5x32 $act").range(25, 29)

    func testResolvesWordsWithArguments() throws {
        XCTAssertEqual(try Parser.resolveActivation("relu", at: range).dump, "relu")
        XCTAssertEqual(try Parser.resolveActivation(" leaky 0.2 ", at: range).dump, "leaky(0.2)")
        XCTAssertEqual(try Parser.resolveActivation("gelu tanh", at: range).dump, "gelu(tanh)")
        XCTAssertEqual(try Parser.resolveInitializer("kaiming normal fan_out", at: range).dump, "he(normal, fan_out)")
        XCTAssertEqual(try Parser.resolveInitializer("uniform -1 1", at: range).dump, "uniform((-1), 1)")
        XCTAssertEqual(try Parser.resolveOptimizer("momentum 0.8", at: range).dump, "momentum(0.8)")
        XCTAssertEqual(try Parser.resolveLoss("mse", at: range), .mse)
        XCTAssertEqual(try Parser.resolveDataSet("moons", at: range), .moons)
    }

    func testArgumentsPointAtTheInterpolation() throws {
        guard case .leaky(let slope?) = try Parser.resolveActivation("leaky 0.2", at: range) else {
            return XCTFail("expected a slope")
        }
        XCTAssertEqual(slope.range.start.line, 2)
        XCTAssertEqual(slope.range.start.column, 22)
        XCTAssertEqual(slope.range.file, "r.grad")
    }

    func testErrorsAreDiagnosticsAtTheInterpolation() {
        let source = Source(name: "r.grad", text: "let a = 1\nnet dense 5x32 $act")
        XCTAssertThrowsError(try Parser.resolveActivation("rleu", at: range)) { error in
            guard let diagnostic = error as? Diagnostic else { return XCTFail("not a diagnostic: \(error)") }
            XCTAssertEqual(diagnostic.id, .unknownKeyword)
            XCTAssertEqual(DiagnosticRenderer().render(diagnostic, in: source), """
            r.grad:2:16: error: 'rleu' is not a valid activation
            net dense 5x32 $act
                           ^~~~
            note: did you mean 'relu'?
            """)
        }
        XCTAssertThrowsError(try Parser.resolveActivation("relu 3", at: range))
        XCTAssertThrowsError(try Parser.resolveInitializer("normal", at: range))
        XCTAssertThrowsError(try Parser.resolveLoss("", at: range))
        XCTAssertThrowsError(try Parser.resolveDataSet("spiral \"", at: range))
    }
}
