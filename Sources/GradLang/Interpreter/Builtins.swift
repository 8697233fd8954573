import Foundation
import GradCore
import GradSyntax

/// Values that read the session (`loss`, `acc`, `gradratio` …) and the built-in functions.
extension Interpreter {
    func sessionValue(_ value: SessionValue, at range: SourceRange) throws -> Value {
        let trainer = session.trainer
        func requireTrained() throws -> Trainer {
            guard let trainer, trainer.stepCount > 0 || trainer.lastLoss != nil else {
                throw RuntimeError(.notReady, "'\(value.rawValue)' has no value before training", at: range,
                                   notes: [Note("train first, e.g. 'train 5'")])
            }
            return trainer
        }
        switch value {
        case .loss:
            return .number(try requireTrained().lastLoss ?? .nan)
        case .acc:
            guard let accuracy = try requireTrained().lastAccuracy else {
                throw RuntimeError(.wrongTask, "'acc' needs classification data; this is a regression task", at: range)
            }
            return .number(accuracy)
        case .testLoss, .testAcc:
            guard session.testData != nil else {
                throw RuntimeError(.notReady, "'\(value.rawValue)' needs a test split", at: range, notes: [Note("split the data first, e.g. 'split 0.8'")])
            }
            let result = try runSession(at: range) { try session.evaluate() }
            if value == .testLoss { return .number(result.loss) }
            guard let accuracy = result.accuracy else {
                throw RuntimeError(.wrongTask, "'test_acc' needs classification data", at: range)
            }
            return .number(accuracy)
        case .epoch:
            return .number(Double(trainer?.epochCount ?? 0))
        case .steps:
            return .number(Double(trainer?.stepCount ?? 0))
        case .gradratio:
            let layers = try runSession(at: range) { try session.requireStatistics() }
            guard let first = layers.first?.weightGradientNorm, let last = layers.last?.weightGradientNorm, last > 0 else {
                return .number(.nan)
            }
            return .number(first / last)
        case .clipped:
            return .number(trainer?.clipStatistics.clippedFraction ?? 0)
        case .nan:
            if case .nonFinite? = trainer?.lastStop { return .boolean(true) }
            return .boolean(false)
        case .args:
            return .list(options.arguments.map(Value.string))
        case .timeratio:
            let layers = try runSession(at: range) { try TimeViews(session).requireLayers() }
            return .number(TimeViews.timeRatio(layers[0].timeGradientNorms))
        case .wrongRate:
            return .number(try runSession(at: range) { try session.sequenceScore() }.wrongFraction)
        case .layers:
            return .number(Double(session.network?.dense.count ?? session.plan.map { $0.hidden.count + 1 } ?? 0))
        }
    }

    func builtin(_ function: BuiltinFunction, _ arguments: [Expr], range: SourceRange) throws -> Value {
        guard function.arity.contains(arguments.count) else {
            throw RuntimeError(.wrongArgumentCount, "'\(function.rawValue)' does not take \(arguments.count) argument\(arguments.count == 1 ? "" : "s")", at: range)
        }
        func unary(_ operation: (Double) -> Double) throws -> Value {
            .number(operation(try number(arguments[0], what: "the argument of '\(function.rawValue)'")))
        }
        switch function {
        case .grad:
            let index = try integer(arguments[0], what: "the layer number")
            let layers = try runSession(at: range) { try session.requireStatistics() }
            let resolved = index < 0 ? layers.count + index + 1 : index
            guard resolved >= 1 && resolved <= layers.count, index != 0 else {
                throw RuntimeError(.noSuchLayer, "there is no layer \(index); layers are 1 to \(layers.count) (or -1 for the last)", at: arguments[0].range)
            }
            return .number(layers[resolved - 1].weightGradientNorm)
        case .actstd: return .number(try layerStatistic(arguments[0], range: range) { $0.activationStd })
        case .gradstd: return .number(try layerStatistic(arguments[0], range: range) { $0.weightGradientStd })
        case .bgrad: return .number(try layerStatistic(arguments[0], range: range) { $0.biasGradientNorm })
        case .update: return .number(try updateRatio(arguments[0], range: range))
        case .log10, .log, .exp, .sqrt:
            return .number(try elementary(function, of: arguments[0]))
        case .abs: return try unary { Swift.abs($0) }
        case .len:
            switch try evaluate(arguments[0]) {
            case .list(let items): return .number(Double(items.count))
            case .string(let text): return .number(Double(text.count))
            case let other: throw RuntimeError(.typeMismatch, "'len' needs a list or a string, got \(other.typeName)", at: arguments[0].range)
            }
        case .min, .max: return .number(try extreme(function, of: arguments, range: range))
        case .round: return .number(try rounded(arguments))
        case .num:
            return .number(try convertedNumber(arguments[0]))
        case .int:
            let value = try convertedNumber(arguments[0])
            guard value.isFinite, abs(value) < Self.largestWholeNumber else {
                throw RuntimeError(.invalidValue, "\(Format.number(value)) has no whole-number value within ±1e15", at: arguments[0].range)
            }
            return .number(value.rounded(.towardZero))
        case .str:
            switch try evaluate(arguments[0]) {
            case .number(let value): return .string(Format.exact(value))
            case let other: return .string(other.description)
            }
        }
    }

    /// `min`/`max` of a list, or of the arguments themselves.
    private func extreme(_ function: BuiltinFunction, of arguments: [Expr], range: SourceRange) throws -> Double {
        var values: [Double] = []
        if arguments.count == 1, case .list(let items) = try evaluate(arguments[0]) {
            for item in items {
                guard case .number(let value) = item else {
                    throw RuntimeError(.typeMismatch, "'\(function.rawValue)' needs numbers", at: arguments[0].range)
                }
                values.append(value)
            }
        } else {
            values = try arguments.map { try number($0, what: "an argument of '\(function.rawValue)'") }
        }
        guard let result = function == .min ? values.min() : values.max() else {
            throw RuntimeError(.emptyList, "'\(function.rawValue)' of an empty list", at: range)
        }
        return result
    }

    /// `round(x)`, `round(x, digits)`.
    private func rounded(_ arguments: [Expr]) throws -> Double {
        let value = try number(arguments[0], what: "the value to round")
        let digits = arguments.count > 1 ? try integer(arguments[1], what: "the number of digits") : 0
        // A Double holds about 16 significant digits: more would make the scale overflow to nan.
        guard (-15...15).contains(digits) else {
            throw RuntimeError(.invalidValue, "the number of digits must be from -15 to 15, got \(digits)", at: arguments[1].range)
        }
        let scale = GradMath.pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    /// `log10`, `log`, `exp` or `sqrt` of `argument`, refused outside the function's domain, where the
    /// answer would be NaN or an infinity that reads like a result (log(0), exp(1000)). A NaN argument,
    /// as a diverged loss gives, passes through as NaN.
    private func elementary(_ function: BuiltinFunction, of argument: Expr) throws -> Double {
        let value = try number(argument, what: "the argument of '\(function.rawValue)'")
        let (result, domain): (Double, String?) = switch function {
        case .log10: (GradMath.log10(value), value > 0 ? nil : "a number above 0")
        case .log: (GradMath.log(value), value > 0 ? nil : "a number above 0")
        case .sqrt: (value.squareRoot(), value >= 0 ? nil : "a number ≥ 0")
        default: (GradMath.exp(value), nil)
        }
        if !value.isNaN, let domain {
            throw RuntimeError(.invalidValue, "'\(function.rawValue)' needs \(domain), got \(Format.number(value))", at: argument.range)
        }
        if value.isFinite, !result.isFinite {
            throw RuntimeError(.invalidValue, "'\(function.rawValue)(\(Format.number(value)))' is too large for a number (above 1.8e308)",
                               at: argument.range, notes: [Note("work with its logarithm instead: exp(x) overflows above x ≈ 709.78")])
        }
        return result
    }

    /// `num`'s argument as a number: a number as it is, a string read as one (spaces around it allowed).
    private func convertedNumber(_ argument: Expr) throws -> Double {
        switch try evaluate(argument) {
        case .number(let value): return value
        case .string(let text):
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw RuntimeError(.typeMismatch, "\"\(text.prefix(40))\" is not a number", at: argument.range,
                                   notes: [Note("write numbers as 3, 0.01 or 1e-3")])
            }
            return value
        case let other:
            throw RuntimeError(.typeMismatch, "cannot convert \(other.typeName) to a number", at: argument.range)
        }
    }

    /// Runs a session call, turning its `SessionError` into a runtime error at `range`.
    func runSession<T>(at range: SourceRange, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SessionError {
            throw RuntimeError(error.id, error.message, at: range, notes: error.hint.map { [Note($0)] } ?? [])
        }
    }
}
