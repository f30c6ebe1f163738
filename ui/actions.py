"""The window's actions: one declarative list with menus and shortcuts, and their handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from resolution_center.domain.case import TIER_ORDER, Case
from resolution_center.domain.changes import Changes

from .chain_state import ChainState
from .dialogs.assign import AssignDialog
from .dialogs.change_status import ChangeStatusDialog
from .dialogs.customer_page import CustomerPageDialog
from .dialogs.escalate import DeescalateDialog, EscalateDialog, queue_members
from .dialogs.import_wizard import ImportWizard
from .dialogs.new_case import NewCaseDialog
from .dialogs.queue_editor import QueueEditorDialog
from .dialogs.score_dialog import ScoreDialog
from .dialogs.sla_calendar import SlaCalendarDialog
from .labels import taxonomy_text
from .ops import Ops
from .views.case_list import CaseListView

if TYPE_CHECKING:
    from .settings import Settings
    from .views.case_viewer import CaseViewer  # built after the list paints (MainWindow)

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


class Workbench(Protocol):
    """What an action handler may use: the main window's parts, never a global."""

    ops: Ops
    case_list: CaseListView
    chain: ChainState

    @property
    def viewer(self) -> CaseViewer: ...

    def window_widget(self) -> QWidget: ...

    def open_case(self, case_id: int) -> None: ...

    def log_out(self) -> None: ...

    def close_window(self) -> None: ...

    def show_about(self) -> None: ...

    def show_log(self) -> None: ...

    def show_signoff_queue(self) -> None: ...

    @property
    def settings(self) -> Settings: ...

    def show_outbox(self) -> None: ...

    def show_mail_quarantine(self) -> None: ...

    def fetch_mail_now(self) -> None: ...

    def import_mail_files(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One user action. `needs_case` actions are enabled only while a case is shown."""

    key: str
    text: Callable[[], str]
    menu: str  # file | case | go | view | tools | help
    handler: Callable[[Workbench], None]
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    needs_case: bool = False
    tip: Callable[[], str] = field(default=lambda: "")
    button_text: Callable[[], str] | None = None
    admin_only: bool = False  # shown to administrators only (the services refuse the rest)


MENUS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("file", lambda: translate("Actions", "&File")),
    ("case", lambda: translate("Actions", "&Case")),
    ("go", lambda: translate("Actions", "&Go")),
    ("view", lambda: translate("Actions", "&View")),
    ("tools", lambda: translate("Actions", "&Tools")),
    ("admin", lambda: translate("Actions", "&Administration")),
    ("help", lambda: translate("Actions", "&Help")),
)


# ---- handlers --------------------------------------------------------------------------------
def _open(bench: Workbench, dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def sla_calendar(bench: Workbench) -> None:
    _open(bench, SlaCalendarDialog(bench.ops, bench.window_widget()))


def import_wizard(bench: Workbench) -> None:
    _open(bench, ImportWizard(bench.ops, bench.window_widget()))


def new_case(bench: Workbench) -> None:
    dialog = NewCaseDialog(bench.ops, bench.window_widget())
    # After the list has reloaded for the new case (the Changes broadcast follows on_done).
    dialog.succeeded.connect(lambda case: QTimer.singleShot(0, lambda: bench.open_case(case.id)))
    _open(bench, dialog)


def _case(bench: Workbench) -> Case | None:
    return bench.viewer.case


def change_status(bench: Workbench) -> None:
    if (case := _case(bench)) is not None:
        _open(bench, ChangeStatusDialog(bench.ops, case, bench.window_widget()))


def assign(bench: Workbench) -> None:
    if (case := _case(bench)) is None:
        return
    # Only the members of the case's tier queue may hold it: they are the choices.
    users = bench.ops.run(lambda ctx: queue_members(ctx, case.tier), parent=bench.window_widget())
    if users is not None:
        _open(bench, AssignDialog(bench.ops, case, users, bench.window_widget()))


def take_case(bench: Workbench) -> None:
    if (case := _case(bench)) is None:
        return
    me = bench.ops.ctx.actor.username
    bench.ops.run(
        lambda ctx: ctx.cases.assign(case.id, me, expected_version=case.version),
        parent=bench.window_widget(),
        on_conflict=lambda _choice, _error: bench.viewer.reload(),
    )


def escalate(bench: Workbench) -> None:
    _move_tier(bench, EscalateDialog, 1)


def deescalate(bench: Workbench) -> None:
    _move_tier(bench, DeescalateDialog, -1)


def queue_editor(bench: Workbench) -> None:
    _open(bench, QueueEditorDialog(bench.ops, bench.window_widget()))


def _move_tier(
    bench: Workbench, dialog: type[EscalateDialog] | type[DeescalateDialog], step: int
) -> None:
    """The dialog offers the members of the queue the case would go to."""
    if (case := _case(bench)) is None:
        return
    position = TIER_ORDER.index(case.tier) + step
    target = TIER_ORDER[position] if 0 <= position < len(TIER_ORDER) else None
    members = (
        bench.ops.run(lambda ctx: queue_members(ctx, target), parent=bench.window_widget())
        if target is not None
        else []
    )
    if members is not None:
        _open(bench, dialog(bench.ops, case, members, bench.window_widget()))


def add_note(bench: Workbench) -> None:
    bench.viewer.show_tab("notes")
    bench.viewer.notes.focus_composer()


def message_customer(bench: Workbench) -> None:
    bench.viewer.show_tab("messages")
    bench.viewer.messages.open_editor()


def message_templates(bench: Workbench) -> None:
    from .dialogs.message_templates import TemplatesDialog  # built when first asked for

    _open(bench, TemplatesDialog(bench.ops, bench.window_widget()))


def smtp_settings(bench: Workbench) -> None:
    from .dialogs.smtp_settings import SmtpSettingsDialog  # built when first asked for

    _open(bench, SmtpSettingsDialog(bench.ops, bench.window_widget()))


def imap_settings(bench: Workbench) -> None:
    from .dialogs.imap_settings import ImapSettingsDialog  # built when first asked for

    _open(bench, ImapSettingsDialog(bench.ops, bench.window_widget()))


def answers_library(bench: Workbench) -> None:
    from .views.answers_library import AnswersLibrary  # built when first asked for

    _open(bench, AnswersLibrary(bench.ops, bench.window_widget()))


def propose_remedy(bench: Workbench) -> None:
    bench.viewer.show_tab("remedies")
    bench.viewer.remedies.propose()


def record_score(bench: Workbench) -> None:
    if (case := _case(bench)) is not None:
        _open(bench, ScoreDialog(bench.ops, case, bench.window_widget()))


def customer_page(bench: Workbench) -> None:
    """The customer of the case shown: their cases, remedies in the policy window, scores."""
    if (case := _case(bench)) is not None:
        show_customer_page(bench, case.id)


def show_customer_page(bench: Workbench, case_id: int) -> None:
    """The customer page of case `case_id`'s customer (the header's button, the list's menu)."""
    page = bench.ops.run(
        lambda ctx: ctx.case_links.customer_page(case_id), parent=bench.window_widget()
    )
    if page is not None:
        taxonomy = bench.ops.ctx.taxonomy
        _open(
            bench,
            CustomerPageDialog(
                page,
                lambda code: taxonomy_text(taxonomy.resolution_label(code)),
                bench.open_case,
                bench.window_widget(),
            ),
        )


def refresh(bench: Workbench) -> None:
    bench.ops.broadcast(Changes.everything())


def focus_list(bench: Workbench) -> None:
    bench.case_list.table.setFocus(Qt.FocusReason.ShortcutFocusReason)


def choose_language(bench: Workbench) -> None:
    from .dialogs.language import LanguageDialog  # built when first asked for

    dialog = LanguageDialog(bench.settings, bench.window_widget())
    # after the dialog has closed: logging out closes the window it belongs to
    dialog.accepted.connect(lambda: dialog.log_out_now and QTimer.singleShot(0, bench.log_out))
    _open(bench, dialog)


def choose_columns(bench: Workbench) -> None:
    table = bench.case_list.table
    bench.case_list.column_menu().popup(table.mapToGlobal(table.rect().topLeft()))


def _backup_restore() -> ModuleType:
    from . import backup_restore  # built when first asked for

    return backup_restore


def administration(page: str) -> Callable[[Workbench], None]:
    def open_page(bench: Workbench) -> None:
        from .admin.dialog import AdministrationDialog  # built when first asked for

        _open(bench, AdministrationDialog(bench.ops, bench.window_widget(), page))

    return open_page


# The lead's remedy form and sign-off queue plug in by appending specs here (menu "case").
ACTIONS: list[ActionSpec] = [
    ActionSpec(
        "new-case", lambda: translate("Actions", "&New case…"), "file", new_case, ("Ctrl+N",)
    ),
    ActionSpec(
        "backup",
        lambda: translate("Actions", "&Back up database…"),
        "file",
        lambda b: _backup_restore().back_up(b),
        tip=lambda: translate("Actions", "Write a copy of the whole database to a new file"),
        admin_only=True,
    ),
    ActionSpec(
        "restore",
        lambda: translate("Actions", "&Restore from backup…"),
        "file",
        lambda b: _backup_restore().ask_restore(b),
        tip=lambda: translate(
            "Actions", "Replace this database with a backup whose trail verifies"
        ),
        admin_only=True,
    ),
    ActionSpec(
        "import-mail",
        lambda: translate("Actions", "Import &mail files…"),
        "file",
        lambda b: b.import_mail_files(),
        tip=lambda: translate(
            "Actions", "Import .eml, .msg and .mbox files: replies join their case, others open one"
        ),
    ),
    ActionSpec("log-out", lambda: translate("Actions", "&Log out"), "file", lambda b: b.log_out()),
    ActionSpec(
        "quit",
        lambda: translate("Actions", "&Quit"),
        "file",
        lambda b: b.close_window(),
        (QKeySequence.StandardKey.Quit, "Ctrl+Q"),
    ),
    ActionSpec(
        "change-status",
        lambda: translate("Actions", "Change &status…"),
        "case",
        change_status,
        ("Ctrl+Shift+S",),
        needs_case=True,
    ),
    ActionSpec(
        "assign",
        lambda: translate("Actions", "&Assign…"),
        "case",
        assign,
        ("Ctrl+Shift+A",),
        needs_case=True,
    ),
    ActionSpec(
        "take",
        lambda: translate("Actions", "&Take case (assign to me)"),
        "case",
        take_case,
        ("Ctrl+Shift+M",),
        needs_case=True,
        button_text=lambda: translate("Actions", "Take it myself"),
    ),
    ActionSpec(
        "escalate",
        lambda: translate("Actions", "&Escalate…"),
        "case",
        escalate,
        ("Ctrl+Shift+E",),
        needs_case=True,
    ),
    ActionSpec(
        "deescalate",
        lambda: translate("Actions", "&De-escalate…"),
        "case",
        deescalate,
        ("Ctrl+Shift+D",),
        needs_case=True,
        tip=lambda: translate("Actions", "Hand the case back to the tier below's queue"),
    ),
    ActionSpec(
        "add-note",
        lambda: translate("Actions", "Add &note"),
        "case",
        add_note,
        ("Ctrl+Shift+N",),
        needs_case=True,
    ),
    ActionSpec(
        "message",
        lambda: translate("Actions", "&Message to customer"),
        "case",
        message_customer,
        ("Ctrl+Shift+R",),
        needs_case=True,
    ),
    ActionSpec(
        "message-templates",
        lambda: translate("Actions", "Message &templates…"),
        "tools",
        message_templates,
        tip=lambda: translate("Actions", "Templates of messages to customers (admins edit them)"),
    ),
    ActionSpec(
        "outbox",
        lambda: translate("Actions", "&Outbox"),
        "go",
        lambda b: b.show_outbox(),
        tip=lambda: translate("Actions", "Mail to customers: queued, failed and delivered"),
    ),
    ActionSpec(
        "smtp-settings",
        lambda: translate("Actions", "&Mail server…"),
        "tools",
        smtp_settings,
        tip=lambda: translate("Actions", "Where mail to customers is sent from (admins)"),
        admin_only=True,
    ),
    ActionSpec(
        "fetch-mail",
        lambda: translate("Actions", "&Fetch mail now"),
        "tools",
        lambda b: b.fetch_mail_now(),
        ("F9",),
        tip=lambda: translate("Actions", "Import new mail from the team's IMAP folder now"),
    ),
    ActionSpec(
        "mail-quarantine",
        lambda: translate("Actions", "Mail &quarantine"),
        "go",
        lambda b: b.show_mail_quarantine(),
        tip=lambda: translate("Actions", "Mail that could not be imported, with the reason"),
    ),
    ActionSpec(
        "imap-settings",
        lambda: translate("Actions", "Mail &in (IMAP)…"),
        "tools",
        imap_settings,
        tip=lambda: translate("Actions", "Where customers' mail is fetched from (admins)"),
        admin_only=True,
    ),
    ActionSpec(
        "answers-library",
        lambda: translate("Actions", "Approved &answers…"),
        "go",
        answers_library,
        tip=lambda: translate("Actions", "The library of approved answers: search, write, approve"),
    ),
    ActionSpec(
        "propose-remedy",
        lambda: translate("Actions", "&Propose remedy…"),
        "case",
        propose_remedy,
        ("Ctrl+Shift+P",),
        needs_case=True,
    ),
    ActionSpec(
        "record-score",
        lambda: translate("Actions", "Record satisfaction &score…"),
        "case",
        record_score,
        needs_case=True,
        tip=lambda: translate(
            "Actions", "The score the customer gave a resolved case, by phone, mail or chat"
        ),
    ),
    ActionSpec(
        "customer-page",
        lambda: translate("Actions", "C&ustomer page…"),
        "case",
        customer_page,
        ("Ctrl+Shift+U",),
        needs_case=True,
        tip=lambda: translate(
            "Actions", "The customer's cases, remedies in the policy window and satisfaction"
        ),
        button_text=lambda: translate("Actions", "Customer"),
    ),
    ActionSpec(
        "signoff-queue",
        lambda: translate("Actions", "Sign-off &queue"),
        "go",
        lambda b: b.show_signoff_queue(),
        ("Ctrl+Shift+Q",),
        tip=lambda: translate("Actions", "Remedies waiting for sign-off, across cases"),
    ),
    ActionSpec(
        "next-case",
        lambda: translate("Actions", "&Next case"),
        "go",
        lambda b: b.case_list.select_relative(1),
        ("Ctrl+]", "Alt+Down"),
    ),
    ActionSpec(
        "previous-case",
        lambda: translate("Actions", "&Previous case"),
        "go",
        lambda b: b.case_list.select_relative(-1),
        ("Ctrl+[", "Alt+Up"),
    ),
    ActionSpec(
        "search",
        lambda: translate("Actions", "&Search cases"),
        "go",
        lambda b: b.case_list.focus_search(),
        (QKeySequence.StandardKey.Find, "Ctrl+F"),
    ),
    ActionSpec(
        "focus-list", lambda: translate("Actions", "Case &list"), "go", focus_list, ("Ctrl+L",)
    ),
    ActionSpec(
        "refresh",
        lambda: translate("Actions", "&Refresh"),
        "view",
        refresh,
        (QKeySequence.StandardKey.Refresh, "F5"),
    ),
    ActionSpec("columns", lambda: translate("Actions", "&Columns…"), "view", choose_columns),
    ActionSpec(
        "language",
        lambda: translate("Actions", "&Language…"),
        "view",
        choose_language,
        tip=lambda: translate("Actions", "The window's language (from the next login)"),
    ),
    ActionSpec(
        "queues",
        lambda: translate("Actions", "Escalation &queues…"),
        "tools",
        queue_editor,
        tip=lambda: translate(
            "Actions", "Who is in each tier's queue, routing, escalation on breach (admins)"
        ),
    ),
    ActionSpec(
        "sla-calendar",
        lambda: translate("Actions", "&SLA calendar…"),
        "tools",
        sla_calendar,
        tip=lambda: translate(
            "Actions", "Business hours, holidays and SLA targets (admins change them)"
        ),
    ),
    ActionSpec(
        "import",
        lambda: translate("Actions", "&Import cases…"),
        "tools",
        import_wizard,
        tip=lambda: translate("Actions", "Import another system's CSV export (admins)"),
    ),
    ActionSpec(
        "verify",
        lambda: translate("Actions", "&Verify audit chain"),
        "tools",
        lambda b: b.chain.verify(b.window_widget()),
        ("Ctrl+Shift+V",),
    ),
    *(
        ActionSpec(
            f"admin-{page}",
            text,
            "admin",
            administration(page),
            admin_only=True,
        )
        for page, text in (
            ("users", lambda: translate("Actions", "&Users…")),
            ("policy", lambda: translate("Actions", "Remedy &policy…")),
            ("categories", lambda: translate("Actions", "&Categories…")),
            ("sla", lambda: translate("Actions", "&SLA calendars and targets…")),
            ("company", lambda: translate("Actions", "C&ompany details…")),
            ("templates", lambda: translate("Actions", "Message &templates…")),
        )
    ),
    ActionSpec(
        "show-log",
        lambda: translate("Actions", "Show &log"),
        "help",
        lambda b: b.show_log(),
        tip=lambda: translate("Actions", "The end of the log file, to attach to a problem report"),
    ),
    ActionSpec(
        "about",
        lambda: translate("Actions", "&About Resolution Center"),
        "help",
        lambda b: b.show_about(),
    ),
]


class ActionSet(QObject):
    """The QActions built from ACTIONS for one window."""

    def __init__(
        self, bench: Workbench, parent: QObject | None = None, specs: list[ActionSpec] | None = None
    ) -> None:
        super().__init__(parent)
        self.bench = bench
        self.specs = list(specs if specs is not None else ACTIONS)
        self.actions: dict[str, QAction] = {}
        for spec in self.specs:
            action = QAction(spec.text(), self)
            action.setObjectName(f"action-{spec.key}")
            keys: list[QKeySequence] = []
            for shortcut in spec.shortcuts:
                for key in (
                    QKeySequence.keyBindings(shortcut)
                    if isinstance(shortcut, QKeySequence.StandardKey)
                    else [QKeySequence(shortcut)]
                ):
                    if not key.isEmpty() and key not in keys:
                        keys.append(key)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if spec.tip():
                action.setStatusTip(spec.tip())
            if spec.button_text is not None:
                action.setIconText(spec.button_text())  # what a header button says
            if keys:
                text = action.text().replace("&&", "\x00").replace("&", "").replace("\x00", "&")
                action.setToolTip(
                    f"{text} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
                )
            action.triggered.connect(lambda _checked=False, s=spec: s.handler(self.bench))
            self.actions[spec.key] = action
        self.set_case_available(False)

    def __getitem__(self, key: str) -> QAction:
        return self.actions[key]

    def in_menu(self, menu: str) -> list[QAction]:
        return [self.actions[s.key] for s in self.specs if s.menu == menu]

    def set_admin(self, admin: bool) -> None:
        """Administrators' actions exist for administrators only: hidden and disabled else."""
        for spec in self.specs:
            if spec.admin_only:
                self.actions[spec.key].setVisible(admin)
                self.actions[spec.key].setEnabled(admin)

    def set_case_available(self, available: bool) -> None:
        for spec in self.specs:
            if spec.needs_case:
                self.actions[spec.key].setEnabled(available)
