"""Tests of the desktop client (pytest-qt, offscreen)."""
