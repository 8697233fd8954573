/// Model files store an `OptimizerKind` in the shape Swift synthesizes for an enum with associated values
/// (`{"adam": {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-08}}`, `{"momentum": {"_0": 0.9}}`), which
/// every file written so far uses. The coding is written out by hand for one reason: the switches added
/// later (SGD's `dampening`, Adam's `amsgrad`, RMSprop's `centered`) must read as their defaults from a
/// file that predates them, where synthesized decoding would reject the file for the missing key. They
/// are written only when they differ from the default, so a run that does not use them saves the same
/// bytes as before.
extension OptimizerKind: Codable {
    private enum Rule: String, CodingKey {
        case sgd, momentum, nesterov, adam, adamw, rmsprop
    }

    private enum Field: String, CodingKey {
        case coefficient = "_0"
        case dampening, beta1, beta2, epsilon, amsgrad, alpha, momentum, centered
    }

    public init(from decoder: Decoder) throws {
        let rules = try decoder.container(keyedBy: Rule.self)
        guard rules.allKeys.count == 1, let rule = rules.allKeys.first else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: rules.codingPath,
                debugDescription: "an optimizer is one of \(["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"])"))
        }
        let fields = try rules.nestedContainer(keyedBy: Field.self, forKey: rule)
        switch rule {
        case .sgd:
            self = .sgd
        case .momentum:
            self = .momentum(try fields.decode(Double.self, forKey: .coefficient),
                             dampening: try fields.decodeIfPresent(Double.self, forKey: .dampening) ?? 0)
        case .nesterov:
            self = .nesterov(try fields.decode(Double.self, forKey: .coefficient))
        case .adam, .adamw:
            let (beta1, beta2) = (try fields.decode(Double.self, forKey: .beta1), try fields.decode(Double.self, forKey: .beta2))
            let epsilon = try fields.decode(Double.self, forKey: .epsilon)
            let amsgrad = try fields.decodeIfPresent(Bool.self, forKey: .amsgrad) ?? false
            self = rule == .adam ? .adam(beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
                : .adamw(beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
        case .rmsprop:
            self = .rmsprop(alpha: try fields.decode(Double.self, forKey: .alpha),
                            epsilon: try fields.decode(Double.self, forKey: .epsilon),
                            momentum: try fields.decode(Double.self, forKey: .momentum),
                            centered: try fields.decodeIfPresent(Bool.self, forKey: .centered) ?? false)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var rules = encoder.container(keyedBy: Rule.self)
        switch self {
        case .sgd:
            _ = rules.nestedContainer(keyedBy: Field.self, forKey: .sgd)
        case .momentum(let coefficient, let dampening):
            var fields = rules.nestedContainer(keyedBy: Field.self, forKey: .momentum)
            try fields.encode(coefficient, forKey: .coefficient)
            if dampening != 0 { try fields.encode(dampening, forKey: .dampening) }
        case .nesterov(let coefficient):
            var fields = rules.nestedContainer(keyedBy: Field.self, forKey: .nesterov)
            try fields.encode(coefficient, forKey: .coefficient)
        case .adam(let beta1, let beta2, let epsilon, let amsgrad), .adamw(let beta1, let beta2, let epsilon, let amsgrad):
            var fields = rules.nestedContainer(keyedBy: Field.self, forKey: name == "adam" ? .adam : .adamw)
            try fields.encode(beta1, forKey: .beta1)
            try fields.encode(beta2, forKey: .beta2)
            try fields.encode(epsilon, forKey: .epsilon)
            if amsgrad { try fields.encode(true, forKey: .amsgrad) }
        case .rmsprop(let alpha, let epsilon, let momentum, let centered):
            var fields = rules.nestedContainer(keyedBy: Field.self, forKey: .rmsprop)
            try fields.encode(alpha, forKey: .alpha)
            try fields.encode(epsilon, forKey: .epsilon)
            try fields.encode(momentum, forKey: .momentum)
            if centered { try fields.encode(true, forKey: .centered) }
        }
    }
}
