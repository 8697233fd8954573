public enum GradCoreVersion { public static let string = "0.1.0" }
