"""Dialogs of the desktop client: login, connection, case actions (errors have ui.errors)."""
