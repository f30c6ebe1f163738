"""Resolution Center: cases, tamper-evident audit trail, remedy sign-off and agreements."""

__version__ = "0.1.0"
