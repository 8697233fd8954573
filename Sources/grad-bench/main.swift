import GradCore
print("{}")
