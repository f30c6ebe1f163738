"""Use cases: one change = one transaction = its audit event(s)."""
