"""Translations: the window's .qm catalogues and the service messages' tables (README.md)."""
