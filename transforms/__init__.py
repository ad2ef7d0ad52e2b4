"""deferfix rules: one module per rule, each with a RULE and a find(ctx) -> findings."""
