/// The two-feature classification generators: spiral, moons, circles, xor, blobs and checker.
extension Datasets {
    /// Interleaved spiral arms, exactly the structure of the PyTorch peer's `spiral(n, classes, noise)`.
    ///
    /// `per = count / classes` rows per class (the remainder is dropped, as `n // classes` does in the
    /// peer, so 1000 rows of 3 classes give 999). For class c and i in 0..<per:
    /// r = linspace(0, 1, per)[i], t = linspace(4c, 4(c+1), per)[i] + noise·N(0,1),
    /// point (r·sin t, r·cos t), label c; rows class by class like `torch.cat`. The normals for a
    /// class are drawn in row order after that class's linspace, as `torch.randn(per)` is.
    public static func spiral(
        count: Int = 1536, classes: Int = 3, noise: Double = 0.2, using rng: inout SeededGenerator
    ) throws -> Dataset {
        try checkClasses(classes, for: "spiral")
        try checkCount(count, atLeast: classes, for: "spiral", why: "one row per class")
        try checkNoise(noise, for: "spiral")
        let per = count / classes
        var features: [Double] = []
        var labels: [Int] = []
        features.reserveCapacity(2 * per * classes)
        labels.reserveCapacity(per * classes)
        let radius = torchLinspace(0, 1, per)
        for c in 0..<classes {
            let angle = torchLinspace(4 * Double(c), 4 * Double(c + 1), per)
            for i in 0..<per {
                let t = angle[i] + rng.nextNormal() * noise
                features += [radius[i] * GradMath.sin(t), radius[i] * GradMath.cos(t)]
                labels.append(c)
            }
        }
        return planar("spiral", classes: classes, features: features, labels: labels)
    }

    /// Two interleaving half circles, as sklearn's `make_moons` (without its shuffle).
    ///
    /// `count / 2` rows on the upper moon (cos s, sin s), s = linspace(0, π) → class 0, and the rest on
    /// the lower moon (1 − cos s, 0.5 − sin s) → class 1; then N(0, noise²) is added to every
    /// coordinate, row by row, as sklearn adds `normal(scale=noise, size=X.shape)`.
    public static func moons(count: Int = 1000, noise: Double = 0.1, using rng: inout SeededGenerator) throws -> Dataset {
        try checkCount(count, atLeast: 2, for: "moons", why: "one row per moon")
        try checkNoise(noise, for: "moons")
        let outer = count / 2
        let inner = count - outer
        var features: [Double] = []
        features.reserveCapacity(2 * count)
        for s in numpyLinspace(0, .pi, outer) { features += [GradMath.cos(s), GradMath.sin(s)] }
        for s in numpyLinspace(0, .pi, inner) { features += [1 - GradMath.cos(s), 1 - GradMath.sin(s) - 0.5] }
        addNoise(noise, to: &features, using: &rng)
        let labels = [Int](repeating: 0, count: outer) + [Int](repeating: 1, count: inner)
        return planar("moons", classes: 2, features: features, labels: labels)
    }

    /// A small circle inside a large one, as sklearn's `make_circles` (without its shuffle).
    ///
    /// `count / 2` rows on the unit circle at angles linspace(0, 2π, endpoint: false) → class 0, the
    /// rest on the circle of radius `factor` → class 1; then N(0, noise²) on every coordinate.
    public static func circles(
        count: Int = 1000, noise: Double = 0.1, factor: Double = 0.5, using rng: inout SeededGenerator
    ) throws -> Dataset {
        try checkCount(count, atLeast: 2, for: "circles", why: "one row per circle")
        try checkNoise(noise, for: "circles")
        guard factor > 0 && factor < 1 else {
            throw DataError.invalid("circles factor (inner radius / outer radius) must be in (0, 1), got \(factor)")
        }
        let outer = count / 2
        let inner = count - outer
        var features: [Double] = []
        features.reserveCapacity(2 * count)
        for s in numpyLinspace(0, 2 * .pi, outer, endpoint: false) { features += [GradMath.cos(s), GradMath.sin(s)] }
        for s in numpyLinspace(0, 2 * .pi, inner, endpoint: false) {
            features += [GradMath.cos(s) * factor, GradMath.sin(s) * factor]
        }
        addNoise(noise, to: &features, using: &rng)
        let labels = [Int](repeating: 0, count: outer) + [Int](repeating: 1, count: inner)
        return planar("circles", classes: 2, features: features, labels: labels)
    }

    /// Points in [-1, 1]² labelled by quadrant: class 1 when sign(x)·sign(y) > 0 (quadrants I and
    /// III), class 0 otherwise — not linearly separable, the classic case a single layer cannot learn.
    ///
    /// Classes are exactly balanced (`rowsPerClass`): each row picks one of its class's two quadrants
    /// with a fair coin and a uniform point inside it. The label comes from that clean point; the
    /// stored point then gets N(0, noise²) jitter, so noise pushes points across the axes.
    public static func xor(count: Int = 1000, noise: Double = 0.05, using rng: inout SeededGenerator) throws -> Dataset {
        try checkCount(count, atLeast: 2, for: "xor", why: "one row per class")
        try checkNoise(noise, for: "xor")
        var features: [Double] = []
        var labels: [Int] = []
        features.reserveCapacity(2 * count)
        for (label, rows) in rowsPerClass(count, 2).enumerated() {
            for _ in 0..<rows {
                // 1 − uniform lies in (0, 1], so no point sits exactly on an axis.
                let x = 1 - rng.nextUniform()
                let y = 1 - rng.nextUniform()
                let flip: Double = rng.nextUniform() < 0.5 ? -1 : 1
                // Class 1 keeps the signs equal (x·y > 0); class 0 makes them differ.
                let ySign: Double = label == 1 ? flip : -flip
                features += [flip * x + noise * rng.nextNormal(), ySign * y + noise * rng.nextNormal()]
                labels.append(label)
            }
        }
        return planar("xor", classes: 2, features: features, labels: labels)
    }

    /// Gaussian clusters, one per class, with centres evenly spaced on a circle of radius `radius`.
    ///
    /// Centre c is radius·(cos 2πc/K, sin 2πc/K); each point is its centre plus N(0, noise²) per
    /// coordinate (`noise` is the cluster standard deviation, sklearn's `cluster_std`). Rows per class
    /// follow sklearn's `make_blobs` rule: as even as possible, the first classes taking the remainder.
    public static func blobs(
        count: Int = 1000, classes: Int = 3, noise: Double = 0.5, radius: Double = 3,
        using rng: inout SeededGenerator
    ) throws -> Dataset {
        try checkClasses(classes, for: "blobs")
        try checkCount(count, atLeast: classes, for: "blobs", why: "one row per class")
        try checkNoise(noise, for: "blobs")
        guard radius > 0 && radius.isFinite else {
            throw DataError.invalid("blobs radius must be a finite number > 0, got \(radius)")
        }
        var features: [Double] = []
        var labels: [Int] = []
        features.reserveCapacity(2 * count)
        for (label, rows) in rowsPerClass(count, classes).enumerated() {
            let angle = 2 * Double.pi * Double(label) / Double(classes)
            let centre = (radius * GradMath.cos(angle), radius * GradMath.sin(angle))
            for _ in 0..<rows {
                features += [centre.0 + noise * rng.nextNormal(), centre.1 + noise * rng.nextNormal()]
                labels.append(label)
            }
        }
        return planar("blobs", classes: classes, features: features, labels: labels)
    }

    /// A `cells × cells` checkerboard on [-1, 1]²: the cell in column i, row j has class (i + j) mod 2.
    ///
    /// Classes are exactly balanced: each row of a class picks one of that class's cells uniformly and
    /// a uniform point inside it; the stored point then gets N(0, noise²) jitter (label unchanged).
    public static func checker(
        count: Int = 1000, cells: Int = 4, noise: Double = 0, using rng: inout SeededGenerator
    ) throws -> Dataset {
        try checkCount(count, atLeast: 2, for: "checker", why: "one row per class")
        try checkNoise(noise, for: "checker")
        guard cells >= 2 && cells <= 64 else {
            throw DataError.invalid("checker needs between 2 and 64 cells per side, got \(cells)")
        }
        let size = 2 / Double(cells)
        // The cells of each colour, as (column, row) pairs.
        let cellsOfClass = (0..<2).map { label in
            (0..<cells * cells).map { ($0 % cells, $0 / cells) }.filter { ($0.0 + $0.1) % 2 == label }
        }
        var features: [Double] = []
        var labels: [Int] = []
        features.reserveCapacity(2 * count)
        for (label, rows) in rowsPerClass(count, 2).enumerated() {
            let choices = cellsOfClass[label]
            for _ in 0..<rows {
                let (column, row) = choices[rng.nextInt(below: choices.count)]
                let x = -1 + size * (Double(column) + rng.nextUniform())
                let y = -1 + size * (Double(row) + rng.nextUniform())
                features += [x + noise * rng.nextNormal(), y + noise * rng.nextNormal()]
                labels.append(label)
            }
        }
        return planar("checker", classes: 2, features: features, labels: labels)
    }

    /// Adds N(0, noise²) to every value in order (sklearn's `X += normal(scale=noise, size=X.shape)`).
    static func addNoise(_ noise: Double, to values: inout [Double], using rng: inout SeededGenerator) {
        for index in values.indices { values[index] += noise * rng.nextNormal() }
    }
}
