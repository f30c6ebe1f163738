"""resolution-center-app --smoke-test [DIR]: the program checks itself as a user would.

Meant for the frozen bundle, where a missing font, template, SQL file, Qt plugin or lazily
imported module shows only at run time: on a temporary demo database (the first start's own
path, progress dialog and all) it logs in as a demo supervisor through the login dialog, opens a
case with an issued agreement in the main window, renders and previews the agreement's PDF,
fills a message template, waits for the window's own audit-chain check and verifies the chain
again in a spawned process (frozen, the program re-runs itself for it), makes the
lazily imported libraries do a little work, checks the keyring (a password round trip where a
backend was chosen) and loads the shipped translations. Each step is written to
DIR/smoke-report.txt (a windowed Windows program has no console); the exit code is 0 only when
every step passed. DIR keeps demo.db and agreement.pdf; without DIR a temporary folder is used.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from PySide6.QtCore import QLocale, QSettings, QTranslator
from shiboken6 import isValid

REPORT = "smoke-report.txt"
PDF = "agreement.pdf"
LAUNCHED_AT = "RC_LAUNCHED_AT"
"""time.time() when the caller started the program, so start-up includes the process launch."""
STARTUP_PROBE = "RC_STARTUP_PROBE"
"""Set: only open DIR/demo.db (left by an earlier run) up to the login's first paint, and say
when that was (build/bundle.py measure)."""
REQUIRE_KEYRING = "RC_REQUIRE_KEYRING"
"""1: a desktop keyring runs here (CI starts one on Linux), so the fail backend is a failure."""
STEP_TIMEOUT = 300.0  # the demo fill is the slowest step: ~20 s on a slow CI machine


class SmokeFailure(Exception):
    pass


class Report:
    """Lines to the report file, and to stdout where there is one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.started = time.monotonic()
        self.file: TextIO = path.open("w", encoding="utf-8")

    def line(self, text: str) -> None:
        entry = f"[{time.monotonic() - self.started:6.1f} s] {text}"
        self.file.write(entry + "\n")
        self.file.flush()
        if sys.stdout is not None:
            print(entry, flush=True)

    def close(self) -> None:
        self.file.close()


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def smoke_test(folder: str, argv: list[str]) -> int:
    """Run every step; 0 when all passed, 1 (with the reason in the report) otherwise."""
    # Off-screen unless the caller chose a platform (xvfb-run, a desktop): CI has no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if folder:
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        return _run_in(out, argv)
    with tempfile.TemporaryDirectory(prefix="rc-smoke-") as scratch:
        return _run_in(Path(scratch), argv)


def _run_in(out: Path, argv: list[str]) -> int:
    report = Report(out / REPORT)
    steps = _startup_probe if os.environ.get(STARTUP_PROBE) else _steps
    try:
        steps(out, argv, report.line)
    except BaseException as exc:
        report.line(f"FAILED: {type(exc).__name__}: {exc}")
        report.file.write(traceback.format_exc())
        if sys.stderr is not None:
            print(f"smoke test failed: {exc}", file=sys.stderr)
        report.close()
        return 1
    report.line("smoke test passed")
    report.close()
    return 0


def _steps(out: Path, argv: list[str], say: Callable[[str], None]) -> None:
    from resolution_center import __version__
    from resolution_center.services.context import Config

    from .app import AppController, create_application
    from .gc_guard import GuiThreadCollector
    from .settings import Settings

    frozen = bool(getattr(sys, "frozen", False))
    say(f"Resolution Center {__version__}, {'frozen' if frozen else 'from source'}, {sys.platform}")
    app = create_application(argv)
    collector = GuiThreadCollector(app)  # noqa: F841 (lives as long as the test)
    say(f"Qt platform plugin: {app.platformName()}")
    check(not app.windowIcon().isNull(), "the window icon (resources/icons) did not load")
    launched = os.environ.get(LAUNCHED_AT)

    database = out / "demo.db"
    for leftover in out.glob("demo.db*"):  # the demo fills new databases only
        leftover.unlink()
    url = "sqlite:///" + str(database)
    settings = Settings(QSettings(str(out / "ui.ini"), QSettings.Format.IniFormat))
    seen: dict[str, Any] = {}
    controller = AppController(settings, url, config=Config.from_env(), quit_app=lambda: None)
    controller.login_shown.connect(lambda dialog: seen.setdefault("login", dialog))
    controller.window_shown.connect(lambda window: seen.setdefault("window", window))
    controller.presenter.dialog_shown.connect(lambda d: seen.setdefault("error", d))
    controller.demo.finished.connect(lambda result: seen.setdefault("demo", result))
    controller.start()
    wait_for(lambda: "login" in seen or "error" in seen, "the login dialog")
    _no_error(seen)
    if launched:
        say(f"login shown {time.time() - float(launched):.1f} s after launch (demo fill included)")
    login = seen["login"]
    check(database.exists() and "demo" in seen, f"no demo database was created at {database}")
    say(f"demo database created: {database.stat().st_size // 1024} KiB")

    user, password = _demo_supervisor(seen["demo"].users)
    login.username.setText(user)
    login.password.setText(password)
    login.log_in()
    # The dialog deletes itself once the login succeeds; until then its error line may speak.
    wait_for(
        lambda: "window" in seen or (isValid(login) and not login.error.isHidden()),
        "the main window",
    )
    if "window" not in seen:
        raise SmokeFailure(f"login as {user} refused: {login.error.text()}")
    window = seen["window"]
    say(f"logged in as {user}; window: {window.windowTitle()!r}")

    ctx = window.ops.ctx
    issued = ctx.agreements.list(state="issued")
    check(issued, "the demo database has no issued agreement")
    agreement = issued[0]
    case_id = int(ctx.cases.resolve(agreement.case))
    window.open_case(case_id)
    wait_for(
        lambda: window.viewer.case is not None and window.viewer.case.id == case_id,
        f"case {agreement.case} in the viewer",
    )
    say(f"opened case {agreement.case}")

    window.viewer.show_tab("agreements")
    tab = window.viewer.agreements
    wait_for(lambda: tab.model.rowCount() > 0, "the agreements tab's rows")
    for row in range(tab.model.rowCount()):  # the issued one, not a draft beside it
        tab.table.selectRow(row)
        current = tab.current()
        if current is not None and current.number == agreement.number:
            break
    previews: list[Any] = []
    tab.preview_opened.connect(previews.append)
    tab.preview()
    wait_for(lambda: bool(previews) or "error" in seen, "the agreement preview")
    _no_error(seen)
    pdf: bytes = previews[0].pdf
    (out / PDF).write_bytes(pdf)
    pages = _check_pdf(out / PDF, agreement.number, agreement.case)
    say(f"agreement {agreement.number} rendered and previewed: {pages} pages, {len(pdf)} bytes")
    previews[0].close()

    rendered = ctx.messages.preview(case_id, "acknowledgement")
    check(rendered.subject and rendered.body, "the acknowledgement template rendered empty")
    say(f"message template rendered: {rendered.subject!r}")

    from .chain_state import ChainStatus

    wait_for(
        lambda: window.chain.status not in (ChainStatus.UNKNOWN, ChainStatus.VERIFYING),
        "the audit chain check",
    )
    check(window.chain.status is ChainStatus.VERIFIED, f"audit chain: {window.chain.text()}")
    say(window.chain.text())
    say(_chain_in_a_process(url, user, password))

    say(_libraries_state())
    say(_keyring_state())
    say(_translations_state())

    _no_error(seen)  # no step above may have ended in the error presenter's dialog
    window.close()
    wait_for(lambda: controller.ctx is None, "the window to close")


def _startup_probe(out: Path, argv: list[str], say: Callable[[str], None]) -> None:
    from .app import AppController, create_application
    from .settings import Settings
    from .widgets import after_first_paint

    database = out / "demo.db"
    check(database.exists(), f"no {database}: run the smoke test into {out} first")
    app = create_application(argv)
    settings = Settings(QSettings(str(out / "ui.ini"), QSettings.Format.IniFormat))
    controller = AppController(settings, "sqlite:///" + str(database), quit_app=lambda: None)
    painted: list[float] = []
    controller.login_shown.connect(
        lambda dialog: after_first_paint(dialog, lambda: painted.append(time.time()), 10_000)
    )
    controller.start()
    wait_for(lambda: bool(painted), "the login's first paint")
    launched = float(os.environ.get(LAUNCHED_AT) or painted[0])
    say(f"login painted {painted[0] - launched:.2f} s after launch ({app.platformName()})")
    if controller.login is not None:
        controller.login.close()


def _no_error(seen: dict[str, Any]) -> None:
    if "error" in seen:
        dialog = seen["error"]
        text = getattr(dialog, "text", lambda: "")() or dialog.windowTitle()
        raise SmokeFailure(f"the app showed an error: {text}")


def _demo_supervisor(users: list[tuple[str, str, str]]) -> tuple[str, str]:
    """A demo supervisor (who sees issued agreements): name and published password."""
    for name, role, password in users:
        if role == "supervisor":
            return name, password
    raise SmokeFailure(f"no demo supervisor among {[u[0] for u in users]}")


def _check_pdf(path: Path, number: str, case: str) -> int:
    """A PDF a reader opens, whose first page names the agreement and its case; its pages."""
    from pypdf import PdfReader

    check(path.read_bytes().startswith(b"%PDF-"), "the agreement file is not a PDF")
    reader = PdfReader(path)
    check(len(reader.pages) >= 1, "the agreement PDF has no pages")
    text = reader.pages[0].extract_text() or ""
    check(number in text and case in text, f"page 1 of the PDF does not name {number}/{case}")
    return len(reader.pages)


def _chain_in_a_process(url: str, user: str, password: str) -> str:
    """The chain checked by a spawned process, as a long chain is in the window: frozen, the
    program re-runs itself for it (multiprocessing.freeze_support in ui/launcher.py). The
    demo's chain is too short to be worth a process, so the smallest chunk is lowered."""
    import threading

    from resolution_center.services import audit as audit_service
    from resolution_center.services.session import open_context

    outcome: list[Any] = []

    def verify() -> None:
        try:
            with open_context(url, user, password) as ctx:
                outcome.append(ctx.audit.verify(offload=True))
        except BaseException as exc:  # reported below, on the calling thread
            outcome.append(exc)

    saved = audit_service.MIN_CHUNK_EVENTS
    audit_service.MIN_CHUNK_EVENTS = 200
    # A daemon thread: a worker that never starts must not keep a failed smoke test alive.
    thread = threading.Thread(target=verify, name="smoke-chain-workers", daemon=True)
    try:
        thread.start()
        thread.join(STEP_TIMEOUT)
    finally:
        audit_service.MIN_CHUNK_EVENTS = saved
    check(outcome, f"the verification process did not finish within {STEP_TIMEOUT:.0f} s")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    report = outcome[0]
    check(report.ok, f"the verification process found problems: {report.problems[:3]}")
    return f"audit chain verified again by a spawned process ({report.events} events)"


def _libraries_state() -> str:
    """What services import only when a feature is used (a frozen bundle finds a missing one
    only then): each does a little real work."""
    import io
    from datetime import date

    import charset_normalizer
    import extract_msg
    import holidays
    from matplotlib.backends.backend_pdf import FigureCanvasPdf
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    german = holidays.country_holidays("DE", years=date.today().year)
    check(len(german) >= 9, "holidays has no German public holidays")
    guess = charset_normalizer.from_bytes("Grüße aus Köln, Straße".encode("cp1252")).best()
    check(guess is not None and "Straße" in str(guess), "charset_normalizer misread cp1252")
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().bar(["a", "b"], [1, 2])
    pdf = io.BytesIO()
    FigureCanvasPdf(figure).print_pdf(pdf)
    check(pdf.getvalue().startswith(b"%PDF-"), "matplotlib drew no PDF")
    widget = FigureCanvasQTAgg(Figure(figsize=(2, 1)))
    widget.draw()
    widget.deleteLater()
    check(callable(extract_msg.openMsg), "extract_msg has no openMsg")
    return (
        f"libraries: holidays {holidays.__version__}, charset_normalizer, matplotlib "
        f"(PDF and QtAgg), extract_msg {extract_msg.__version__}"
    )


def _keyring_state() -> str:
    """The platform's own keyring backend must be in the bundle; where the desktop offers one
    (Windows, macOS always) keyring must have chosen it, not the fail backend."""
    from importlib import import_module
    from importlib.metadata import entry_points

    import keyring

    names = sorted(e.name for e in entry_points(group="keyring.backends"))
    check(names, "keyring's backends are not registered (its metadata is missing)")
    native = {"win32": "keyring.backends.Windows", "darwin": "keyring.backends.macOS"}.get(
        sys.platform, "keyring.backends.SecretService"
    )
    import_module(native)
    backend = keyring.get_keyring()
    kind = f"{type(backend).__module__}.{type(backend).__name__}"
    if sys.platform in ("win32", "darwin") or os.environ.get(REQUIRE_KEYRING) == "1":
        check(not kind.startswith("keyring.backends.fail"), f"no keyring backend: {kind}")
    if kind.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return f"keyring: none on this desktop ({kind}; registered: {', '.join(names)})"
    # A backend was chosen: it must work, so a remembered database password would be found.
    service, account, secret = "resolution-center-smoke-test", "smoke", os.urandom(8).hex()
    keyring.set_password(service, account, secret)
    try:
        check(keyring.get_password(service, account) == secret, f"{kind} lost the test entry")
    finally:
        keyring.delete_password(service, account)
    return f"keyring: {kind} stores and returns a password (registered: {', '.join(names)})"


def _translations_state() -> str:
    from .i18n import CATALOG, translations_dir

    folder = Path(translations_dir())
    check(folder.is_dir(), f"no translations folder at {folder}")
    catalogs = sorted(p.name for p in folder.glob(f"{CATALOG}_*.qm"))
    for name in catalogs:
        locale = QLocale(name.removeprefix(f"{CATALOG}_").removesuffix(".qm"))
        translator = QTranslator()
        check(translator.load(locale, CATALOG, "_", str(folder)), f"{name} does not load")
    return f"translations: {', '.join(catalogs) or 'none shipped yet'}"


def wait_for(predicate: Callable[[], bool], what: str, timeout: float = STEP_TIMEOUT) -> None:
    from .screenshots import wait_until

    try:
        wait_until(predicate, timeout)
    except TimeoutError:
        raise SmokeFailure(f"timed out after {timeout:.0f} s waiting for {what}") from None
