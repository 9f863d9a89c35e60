// Placeholder; replaced by the deterministic sample and fixture generator.
print("alb-fixtures")
