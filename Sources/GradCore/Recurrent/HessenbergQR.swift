/// Francis double-shift QR on an upper Hessenberg matrix (`hqr` of Wilkinson & Reinsch, Numerical Recipes
/// §11.6), 1-based as published: the active window rows/columns l…nn shrinks as eigenvalues deflate off
/// its bottom, one real value or one 2 × 2 block at a time.
extension HessenbergMatrix {
    /// The eigenvalues; the matrix is destroyed. A window that needs more than 60 sweeps (which the
    /// exceptional shifts make all but impossible) yields NaN eigenvalues rather than a wrong number.
    mutating func eigenvalues() -> [Spectrum.Eigenvalue] {
        var result: [Spectrum.Eigenvalue] = []
        var anorm = 0.0
        for i in 1...n { for j in max(i - 1, 1)...n { anorm += abs(self[i, j]) } }
        var nn = n
        var shift = 0.0  // the exceptional shifts applied so far, added back to each eigenvalue
        var sweeps = 0
        while nn >= 1 {
            let l = smallSubdiagonal(below: nn, anorm: anorm)
            if l == nn {  // one real eigenvalue
                result.append(.init(real: self[nn, nn] + shift, imaginary: 0))
                nn -= 1
                sweeps = 0
            } else if l == nn - 1 {  // a 2 × 2 block: two real values or a complex pair
                result.append(contentsOf: blockEigenvalues(nn, shift: shift))
                nn -= 2
                sweeps = 0
            } else {
                guard sweeps < 60 else {
                    result.append(contentsOf: Array(repeating: .init(real: .nan, imaginary: .nan), count: nn))
                    return result
                }
                var x = self[nn, nn], y = self[nn - 1, nn - 1], w = self[nn, nn - 1] * self[nn - 1, nn]
                if sweeps % 10 == 0 && sweeps > 0 {  // exceptional shift, to break a cycle
                    shift += x
                    for i in 1...nn { self[i, i] -= x }
                    let s = abs(self[nn, nn - 1]) + abs(self[nn - 1, nn - 2])
                    x = 0.75 * s
                    y = x
                    w = -0.4375 * s * s
                }
                sweeps += 1
                doubleShiftSweep(l: l, nn: nn, shifts: (x, y, w))
            }
        }
        return result
    }

    /// The largest l ≤ nn with a negligible subdiagonal a[l][l−1] (set to 0), or 1.
    private mutating func smallSubdiagonal(below nn: Int, anorm: Double) -> Int {
        var l = nn
        while l >= 2 {
            var s = abs(self[l - 1, l - 1]) + abs(self[l, l])
            if s == 0 { s = anorm }
            if abs(self[l, l - 1]) + s == s {
                self[l, l - 1] = 0
                return l
            }
            l -= 1
        }
        return 1
    }

    /// The two eigenvalues of the trailing 2 × 2 block at rows nn − 1, nn.
    private func blockEigenvalues(_ nn: Int, shift: Double) -> [Spectrum.Eigenvalue] {
        let x = self[nn, nn], y = self[nn - 1, nn - 1], w = self[nn, nn - 1] * self[nn - 1, nn]
        let p = 0.5 * (y - x), q = p * p + w
        let z = abs(q).squareRoot()
        let centre = x + shift
        if q >= 0 {  // real pair; the second from the first by Vieta, avoiding cancellation
            let root = p + (p >= 0 ? z : -z)
            let first = centre + root
            let second = root != 0 ? centre - w / root : first
            return [.init(real: first, imaginary: 0), .init(real: second, imaginary: 0)]
        }
        return [.init(real: centre + p, imaginary: z), .init(real: centre + p, imaginary: -z)]
    }

    /// One implicit double-shift QR sweep over rows l…nn, shifts given by (x, y, w) as in `hqr`.
    private mutating func doubleShiftSweep(l: Int, nn: Int, shifts: (Double, Double, Double)) {
        let (x0, y0, w0) = shifts
        var p = 0.0, q = 0.0, r = 0.0
        var m = nn - 2
        while m >= l {  // look for two consecutive small subdiagonals
            let z = self[m, m]
            let rr = x0 - z, ss = y0 - z
            p = (rr * ss - w0) / self[m + 1, m] + self[m, m + 1]
            q = self[m + 1, m + 1] - z - rr - ss
            r = self[m + 2, m + 1]
            let s = abs(p) + abs(q) + abs(r)
            p /= s
            q /= s
            r /= s
            if m == l { break }
            let u = abs(self[m, m - 1]) * (abs(q) + abs(r))
            let v = abs(p) * (abs(self[m - 1, m - 1]) + abs(z) + abs(self[m + 1, m + 1]))
            if u + v == v { break }
            m -= 1
        }
        if m + 2 <= nn {
            for i in (m + 2)...nn {
                self[i, i - 2] = 0
                if i != m + 2 { self[i, i - 3] = 0 }
            }
        }
        var x = 0.0
        for k in m...(nn - 1) {
            if k != m {
                p = self[k, k - 1]
                q = self[k + 1, k - 1]
                r = k != nn - 1 ? self[k + 2, k - 1] : 0
                x = abs(p) + abs(q) + abs(r)
                if x != 0 {
                    p /= x
                    q /= x
                    r /= x
                }
            }
            let norm = (p * p + q * q + r * r).squareRoot()
            let s = p >= 0 ? norm : -norm
            guard s != 0 else { continue }
            if k == m {
                if l != m { self[k, k - 1] = -self[k, k - 1] }
            } else {
                self[k, k - 1] = -s * x
            }
            p += s
            applyReflector(k: k, l: l, nn: nn, vector: (p / s, q / s, r / s), ratios: (q / p, r / p))
        }
    }

    /// Applies the Householder reflector of sweep position k to rows k…k+2 and columns k…k+2.
    private mutating func applyReflector(
        k: Int, l: Int, nn: Int, vector: (Double, Double, Double), ratios: (Double, Double)
    ) {
        let (x, y, z) = vector
        let (q, r) = ratios
        let full = k != nn - 1
        for j in k...nn {
            var p = self[k, j] + q * self[k + 1, j]
            if full {
                p += r * self[k + 2, j]
                self[k + 2, j] -= p * z
            }
            self[k + 1, j] -= p * y
            self[k, j] -= p * x
        }
        for i in l...min(nn, k + 3) {
            var p = x * self[i, k] + y * self[i, k + 1]
            if full {
                p += z * self[i, k + 2]
                self[i, k + 2] -= p * r
            }
            self[i, k + 1] -= p * q
            self[i, k] -= p
        }
    }
}
