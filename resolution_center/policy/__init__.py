"""Loading and versioning remedy policy files (TOML -> domain PolicySet)."""
