import GradCore
import Foundation
import CBLAS
let args = CommandLine.arguments
let threads = Int32(args.count > 1 ? args[1] : "1")!
openblas_set_num_threads(threads)
let spec = NetworkSpec.uniform(inputWidth: 2, depth: 20, width: 64, outputWidth: 3, activation: .relu, initializer: .he)
let net = try! Network<Float>(spec: spec)
var rng = SeededGenerator(seed: 0)
net.initialize(using: &rng)
net.allocate(batchCapacity: 64)
let x = Matrix<Float>(rows: 64, cols: 2)
for i in 0..<x.count { x.pointer[i] = Float(rng.nextNormal()) }
let g = Matrix<Float>(rows: 64, cols: 3)
func step() {
  let out = net.forward(x, batch: 64, mode: .training)
  for i in 0..<out.count { g.pointer[i] = out.pointer[i] * 0.001 }
  net.backward(g, batch: 64)
  for p in net.parameters { let n = p.count; for i in 0..<n { p.value.pointer[i] -= 0.05 * p.gradient.pointer[i] } }
}
for _ in 0..<50 { step() }
let t = Date()
for _ in 0..<2000 { step() }
let dt = Date().timeIntervalSince(t)
print("threads \(threads): \(2000/dt) steps/s")
