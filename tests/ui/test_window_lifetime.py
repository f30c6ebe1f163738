"""The window owns what it needs: closing it after its controller was collected is safe."""

from __future__ import annotations

import gc
import weakref

from tests.helpers.workspace import PASSWORD
from ui.app import AppController


def test_closing_the_window_after_the_controller_was_collected(qtbot, ws, settings) -> None:  # type: ignore[no-untyped-def]
    quits: list[int] = []
    controller = AppController(
        settings, ws.url, config=ws.config, clock=ws.clock, quit_app=lambda: quits.append(1)
    )
    controller.start()
    login = controller.login
    assert login is not None
    login.username.setText("alice")
    login.password.setText(PASSWORD)
    with qtbot.waitSignal(controller.window_shown, timeout=10_000) as opened:
        login.log_in()
    window = opened.args[0]
    qtbot.waitUntil(lambda: window._viewer is not None, timeout=10_000)  # the list painted
    ref = weakref.ref(controller)
    del controller, opened, login
    gc.unfreeze()  # the login froze what was alive then
    gc.collect()
    assert ref() is not None  # the window keeps it
    window.close()
    assert quits == [1]
