"""Dialogs of the desktop client: login, connection, case actions, conflicts, crashes."""
