"""python -m ui.screenshots --out DIR: render the main screens to PNG (offscreen or under Xvfb)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEventLoop,
    QIODevice,
    QItemSelectionModel,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QStyleFactory, QWidget

from resolution_center.domain.case import CaseFilter, CaseQuery
from resolution_center.services.context import Config
from resolution_center.services.session import Session, open_context

from .app import create_application
from .chain_state import ChainStatus
from .demo_setup import demo_filler
from .dialogs.login import LoginDialog
from .dialogs.new_case import NewCaseDialog
from .dialogs.sla_calendar import SlaCalendarDialog
from .errors import ErrorPresenter
from .errors.conflict import ConflictDialog
from .formatting import local_amount_text
from .i18n import apply_language
from .mainwindow import MainWindow
from .ops import Ops
from .settings import Settings

WINDOW_SIZE = (1440, 900)
SMALL_SIZE = (1024, 700)
"""A small laptop screen: the list keeps 10 rows and the viewer its header."""


def wait_until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    """Run the event loop until the predicate holds (workers report through it)."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def dark_palette() -> QPalette:
    """A plain dark palette, as a dark desktop theme would hand to Qt."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f1f1f",
        QPalette.ColorRole.AlternateBase: "#2a2a2a",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Link: "#8ab4f8",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7f7f7f"))
    return palette


def demo_database(folder: Path, config: Config) -> tuple[str, list[tuple[str, str, str]]]:
    """A fresh demo database: its URL and its users (name, role, published password)."""
    url = "sqlite:///" + str(folder / "demo.db")
    result = demo_filler()(url, config=config)
    return url, list(result.users)


def busiest_case(ctx: Session) -> int:
    """A case with a long history makes the trail worth looking at."""
    ids = ctx.cases.ids(CaseQuery(CaseFilter(), sort="-updated"))
    best, best_count = ids[0], 0
    for case_id in ids[:80]:
        count = len(ctx.audit.case_trail(case_id))
        if count > best_count:
            best, best_count = case_id, count
    return int(best)


def case_with_event(ctx: Session, action: str) -> tuple[int, int] | None:
    """The most recently updated case whose trail holds `action`, and that event's number."""
    for case_id in ctx.cases.ids(CaseQuery(CaseFilter(), sort="-updated")):
        for entry in ctx.audit.case_trail(case_id):
            if entry.event.action == action:
                return int(case_id), entry.event.seq
    return None


def render(
    out: Path,
    url: str,
    user: str,
    password: str,
    config: Config,
    other: tuple[str, str] | None = None,
    demo_users: list[tuple[str, str, str]] | None = None,
) -> list[Path]:
    """`other` logs in to save first for the conflict view (default: a second session)."""
    shots: list[Path] = []
    # Fresh settings, so the shots show first-start layouts and never the user's own.
    scratch = tempfile.TemporaryDirectory(prefix="rc-shot-settings-")
    settings = Settings(QSettings(str(Path(scratch.name) / "ui.ini"), QSettings.Format.IniFormat))
    presenter = ErrorPresenter()

    login = LoginDialog(
        settings, url, config=config, presenter=presenter, demo_users=demo_users or ()
    )
    login.username.setText(user)
    login.password.setText("not-the-password")
    login.show()
    login.log_in()
    wait_until(lambda: not login.error.isHidden())
    shots.append(save(login, out, "01-login-wrong-password"))
    login.close()

    ctx = open_context(url, user, password, config=config)
    ops = Ops(ctx, presenter)
    window = MainWindow(ops, settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.start()
    window.case_list.apply_saved_view("all")
    wait_until(
        lambda: window.viewer.case is not None and window.chain.status is not ChainStatus.VERIFYING
    )
    shots.append(save(window, out, "02-case-list"))

    case_id = busiest_case(ctx)
    window.open_case(case_id)
    wait_until(lambda: window.viewer.case is not None and window.viewer.case.id == case_id)
    window.viewer.show_tab("audit")
    audit = window.viewer.audit
    audit.table.selectRow(max(0, audit.proxy.rowCount() - 1))
    shots.append(save(window, out, "03-case-viewer-audit-trail"))
    # A sign-off reads as words too: its label, its summary, the approver's note, the fields.
    approved = case_with_event(ctx, "remedy.approved")
    if approved is not None:
        window.open_case(approved[0])
        wait_until(lambda: window.viewer.case is not None and window.viewer.case.id == approved[0])
        window.viewer.show_tab("audit")
        audit.select_seq(approved[1])
        settle()
        shots.append(save(window, out, "03b-audit-trail-remedy-approved"))
        window.open_case(case_id)
        wait_until(lambda: window.viewer.case is not None and window.viewer.case.id == case_id)

    window.viewer.show_tab("details")
    shots.append(save(window, out, "04-case-viewer-details"))
    window.viewer.show_tab("notes")
    shots.append(save(window, out, "05-case-viewer-notes"))
    window.viewer.show_tab("order")
    shots.append(save(window, out, "06-case-viewer-order"))
    shots.extend(small_window_shots(out, window))
    shots.append(selection_shot(out, window))

    dialog = NewCaseDialog(ops, window)
    dialog.name.setText("Zoë Łukasiewicz-Ørsted")
    dialog.email.setText("zoe@example.com")
    dialog.order_number.setText("ORD-20261123-77")
    dialog.total.setText("1234.567")  # more decimals than EUR has: refused inline
    dialog.set_item(
        0,
        product="Electric kettle",
        sku="KT-1",
        seller="Acme Home",
        quantity="1",
        unit_price="119.00",
    )
    dialog.subject.setText("Kettle leaks from the base")
    dialog.category.setCurrentIndex(dialog.category.findData("product-defect"))
    dialog.show()
    dialog.submit()
    shots.append(save(dialog, out, "07-new-case-dialog"))
    dialog.close()

    shots.append(conflict_shot(out, window, ops, url, config, other or (user, password)))
    shots.extend(remedy_shots(out, window, ops))
    calendar = SlaCalendarDialog(ops, window)  # read-only unless the user is an admin
    calendar.show()
    shots.append(save(calendar, out, "17-sla-calendar"))
    calendar.close()
    if other is not None:
        shots.extend(supervisor_shots(out, settings, presenter, url, config, other))

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous_style = app.style().name()
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(dark_palette())
    window.viewer.show_tab("audit")
    settle(300)
    shots.append(save(window, out, "09-dark-audit-trail"))
    window.viewer.show_tab("details")
    shots.append(save(window, out, "10-dark-details"))
    window.resize(*SMALL_SIZE)
    window.case_list.apply_saved_view("all")  # the demo's CJK customers are in it
    settle(400)
    shots.append(save(window, out, "10b-dark-case-list-1024x700"))
    window.resize(*WINDOW_SIZE)
    app.setPalette(QPalette())
    app.setStyle(QStyleFactory.create(previous_style))

    window.close()
    ops.shutdown()
    ctx.close()
    scratch.cleanup()
    return shots


def small_window_shots(out: Path, window: MainWindow) -> list[Path]:
    """The list, a case's header and two tabs at 1024×700 (the split is fitted to this size)."""
    window.resize(*SMALL_SIZE)
    settle(300)
    window.viewer.show_tab("details")
    shots = [save(window, out, "02s-case-list-1024x700")]
    window.viewer.show_tab("audit")
    shots.append(save(window, out, "03s-audit-trail-1024x700"))
    # Every other page of the viewer at the small size too: none may cut its text off.
    for number, key in (
        ("04s", "details"),
        ("05s", "notes"),
        ("06s", "order"),
        ("13s", "remedies"),
        ("13t", "evidence"),
        ("13w", "negotiation"),
        ("13u", "messages"),
        ("13x", "follow_up"),
    ):
        window.viewer.show_tab(key)
        settle(200)
        shots.append(save(window, out, f"{number}-case-viewer-{key}-1024x700"))
    window.viewer.show_tab("details")
    window.resize(*WINDOW_SIZE)
    settle(300)
    return shots


def selection_shot(out: Path, window: MainWindow) -> Path:
    """Three cases selected: the bar for assigning, changing status and exporting them."""
    table = window.case_list.table
    current = table.currentIndex()
    selection = table.selectionModel()
    for row in range(3):
        selection.select(
            window.case_list.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    path = save(window, out, "02b-case-list-selection")
    table.setCurrentIndex(current)
    selection.select(
        current,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    return path


def remedy_shots(out: Path, window: MainWindow, ops: Ops) -> list[Path]:
    """The remedy form as the specialist types an amount above her limit, then the case's
    remedies tab with the request waiting for sign-off."""
    ctx = ops.ctx
    mine = CaseFilter(assignee=ctx.actor.username, open_only=True)
    case_id = int(ctx.cases.ids(CaseQuery(mine, sort="-updated"))[0])
    window.open_case(case_id)
    wait_until(lambda: window.viewer.case is not None and window.viewer.case.id == case_id)
    case = window.viewer.case
    assert case is not None
    form = window.viewer.remedies.propose()
    assert form is not None
    form.amount.setText(local_amount_text(case.order.total))
    form.reason.setPlainText("Arrived damaged; the customer sent photos of the casing.")
    form.preview()
    wait_until(lambda: form.banner.decision is not None)  # in whatever language the window speaks
    shots = [save(form, out, "11-remedy-form-needs-signoff")]
    form.submit()
    wait_until(lambda: form.proposed is not None)
    shots.append(save(form, out, "12-remedy-form-sent-for-signoff"))
    form.banner.why.setChecked(True)  # every rule line, with its id, still fits
    settle()
    shots.append(save(form, out, "12b-remedy-form-why-unfolded"))
    form.close()
    window.viewer.show_tab("remedies")
    wait_until(lambda: window.viewer.remedies.model.rowCount() > 0)
    window.viewer.remedies.table.selectRow(0)
    shots.append(save(window, out, "13-case-viewer-remedies"))

    photo = QImage(960, 640, QImage.Format.Format_RGB32)
    photo.fill(QColor("#b0c4de"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    photo.save(buffer, "PNG")  # type: ignore[call-overload]  # str at run time; the stub says bytes
    ctx.attachments.add(case_id, "casing-crack.png", bytes(data.data()), "Customer's photo")
    ctx.attachments.add(case_id, "courier-email.eml", b"From: courier@example.com\n\nDelivered.")
    window.viewer.reload()
    window.viewer.show_tab("evidence")
    evidence = window.viewer.evidence
    wait_until(lambda: evidence.model.rowCount() == 2)
    evidence.table.selectRow(0)
    settle(400)
    shots.append(save(window, out, "13b-case-viewer-evidence"))
    return shots


def supervisor_shots(
    out: Path,
    settings: Settings,
    presenter: ErrorPresenter,
    url: str,
    config: Config,
    supervisor: tuple[str, str],
) -> list[Path]:
    """What a supervisor sees: the sign-off queue, then an issued agreement and its preview."""
    ctx = open_context(url, *supervisor, config=config)
    ops = Ops(ctx, presenter)
    window = MainWindow(ops, settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.start()
    wait_until(lambda: window.chain.status is not ChainStatus.VERIFYING)
    window.show_signoff_queue()
    wait_until(lambda: window.queue.model.rowCount() > 0)
    window.queue.table.selectRow(0)
    shots = [save(window, out, "14-signoff-queue")]
    window.resize(*SMALL_SIZE)
    shots.append(save(window, out, "14s-signoff-queue-1024x700"))
    window.resize(*WINDOW_SIZE)
    window.show_cases()
    shots.append(save(window, out, "14b-supervisor-lands-on-signoffs"))

    issued = ctx.agreements.list(state="issued")
    if issued:
        window.open_case(int(ctx.cases.resolve(issued[0].case)))
        wait_until(lambda: window.viewer.case is not None)
        window.viewer.show_tab("agreements")
        tab = window.viewer.agreements
        wait_until(lambda: tab.model.rowCount() > 0)
        tab.table.selectRow(0)
        shots.append(save(window, out, "15-case-viewer-agreements"))
        window.resize(*SMALL_SIZE)
        shots.append(save(window, out, "15s-case-viewer-agreements-1024x700"))
        window.resize(*WINDOW_SIZE)
        opened: list[QWidget] = []
        tab.preview_opened.connect(opened.append)
        tab.preview()
        wait_until(lambda: bool(opened))
        opened[0].resize(900, 1000)
        shots.append(save(opened[0], out, "16-agreement-preview"))
        opened[0].close()
    window.close()
    ops.shutdown()
    ctx.close()
    return shots


def conflict_shot(
    out: Path, window: MainWindow, ops: Ops, url: str, config: Config, other: tuple[str, str]
) -> Path:
    """A real conflict: someone else saves the case while this user is typing."""
    viewer = window.viewer
    case = viewer.case
    assert case is not None
    viewer.show_tab("details")
    viewer.details.subject.setText(case.subject + " (customer sent photos)")
    viewer.details.tags.setText("photos, " + viewer.details.tags.text())
    # Someone else (or the same user in a second session) saves first, through the services.
    them = open_context(url, *other, config=config)
    try:
        them.cases.update(
            case.id, case.version, {"subject": case.subject + " – urgent", "priority": "high"}
        )
    finally:
        them.close()
    shown: list[QWidget] = []
    ops.presenter.dialog_shown.connect(shown.append)
    viewer.details.save()
    wait_until(lambda: any(isinstance(d, ConflictDialog) for d in shown))
    dialog = next(d for d in shown if isinstance(d, ConflictDialog))
    path = save(dialog, out, "08-conflict-view")
    assert isinstance(dialog, QDialog)
    dialog.done(0)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description=__doc__)
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="an existing database (default: a temporary demo database)",
    )
    parser.add_argument("--user", help="who to log in as (with --database)")
    parser.add_argument(
        "--password-env",
        default="RESOLUTION_CENTER_PASSWORD",
        help="environment variable holding the password (with --database)",
    )
    parser.add_argument(
        "--language",
        default="",
        help="the window's language, e.g. de (default: the system's, as the app does)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault(
        "QT_QPA_PLATFORM",
        "offscreen" if not os.environ.get("DISPLAY") else os.environ.get("QT_QPA_PLATFORM", "xcb"),
    )
    app = create_application([sys.argv[0]])
    apply_language(app, args.language)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    config = Config.from_env()
    with tempfile.TemporaryDirectory(prefix="rc-shots-") as folder:
        if args.database:
            if not args.user:
                parser.error("--database needs --user (and the password in --password-env)")
            url, user = args.database, args.user
            password = os.environ.get(args.password_env, "")
            render(args.out, url, user, password, config)
        else:
            url, users = demo_database(Path(folder), config)
            logins = {role: (name, password) for name, role, password in reversed(users)}
            user, password = logins["specialist"]
            render(args.out, url, user, password, config, logins["supervisor"], users)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
