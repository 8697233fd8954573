import GradCore
print("grad \(GradCoreVersion.string)")
