/// The version of the training core and of its numerics.
public enum GradCoreVersion {
    public static let string = "0.2.0"
    /// Which arithmetic the core does. Results depend on this and on the version, never on the machine:
    /// matrix products, reductions and elementary functions are grad's own, summed in an order fixed in code.
    public static let numerics = "grad kernels 2: bit-identical across machines"
}
