"""The dashboard's place in the window: empty until first shown, so neither the dashboard's
report nor matplotlib costs anything at start or login."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..ops import Ops

if TYPE_CHECKING:
    from .dashboard import Dashboard


class DashboardPlace(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPlace")
        self.ops = ops
        self.dashboard: Dashboard | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> Dashboard:
        """The dashboard, built and loading its first report on first use."""
        if self.dashboard is None:
            from .dashboard import Dashboard

            users = (
                self.ops.run(
                    lambda c: [u.username for u in c.users.list() if not u.disabled], parent=self
                )
                or []
            )
            self.dashboard = Dashboard(self.ops, users, self)
            self._layout.addWidget(self.dashboard)
            self.dashboard.reload()
        return self.dashboard

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.build()
