"""The app collects garbage on the GUI thread only (ui/gc_guard.py)."""

from __future__ import annotations

import gc

from ui.gc_guard import GuiThreadCollector


def test_automatic_collection_is_off_and_the_timer_collects(qtbot) -> None:  # type: ignore[no-untyped-def]
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()
        gc.collect()
        node = Node()
        ref = __import__("weakref").ref(node)
        del node
        assert ref() is not None  # nothing collects it by itself now
        with qtbot.waitSignal(collector._timer.timeout, timeout=3000):
            pass
        assert ref() is None
    finally:
        collector.deleteLater()
