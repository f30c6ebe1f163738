"""The Qt binding keeps None's reference count: PySide6 6.12.0 on Python 3.11 took one reference
per void call made from Python, and the window aborted ("deallocating None") after a long
session or one big case. Python 3.12 made None immortal, so the count cannot drift there."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

CALLS = 1_000  # few enough that a leaking binding fails here instead of aborting the run


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_leave_nones_reference_count_alone(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
        timer.start(1000)
    timer.stop()
    # Other code may take or drop a few references meanwhile; a binding that leaks loses one
    # per call, 2,000 here.
    assert abs(sys.getrefcount(None) - before) < 100
