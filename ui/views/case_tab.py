"""What a tab of the case viewer is, and what every tab is given (the plug-in point for tabs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtWidgets import QWidget

from resolution_center.domain.case import Case
from resolution_center.services.session import Session

from ..chain_state import ChainState
from ..ops import Ops
from ..settings import Settings


@dataclass(frozen=True, slots=True)
class TabEnv:
    """Shared by all tabs of one viewer: the ops runner, settings and the chain's state."""

    ops: Ops
    settings: Settings
    chain: ChainState


class CaseTab(QWidget):
    """One tab of the case viewer.

    `load` runs on a worker thread when a case opens (or changes) and must not touch widgets;
    `show_case` gets its result on the GUI thread. A remedy or agreement tab plugs in by
    subclassing this and appending its class to `case_viewer.CASE_TABS`.
    """

    key: ClassVar[str] = ""

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.ops = env.ops
        self.case: Case | None = None

    def title(self) -> str:
        raise NotImplementedError

    @staticmethod
    def load(ctx: Session, case: Case) -> Any:
        """Extra data this tab needs besides the case (notes, trail); on a worker thread."""
        return None

    def show_case(self, case: Case, data: Any) -> None:
        self.case = case

    def clear(self) -> None:
        self.case = None

    def has_unsaved_input(self) -> bool:
        """Typed and not saved, on this case or kept for another (closing asks first)."""
        return False
