"""Everything that judges. Each module registers small pure checks with checks.registry."""
