"""Garbage collection on the GUI thread only.

CPython collects cycles in whichever thread happens to allocate. When that is a worker (the
background chain check parses thousands of events), a Qt object that became cyclic garbage has
its wrapper destroyed off the GUI thread, which crashes. As qutebrowser does, automatic
collection is switched off and a timer on the GUI thread collects instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Collects young objects every second, older generations when their thresholds say."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return
        gc.collect(0)
