"""Pure domain: values, rules and the audit hash chain. Standard library only."""
