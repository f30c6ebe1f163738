"""The administration screens (Administration menu, administrators only)."""
