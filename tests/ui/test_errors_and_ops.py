"""One presenter for every error, and the ops runner that routes to it and broadcasts Changes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from shiboken6 import isValid

from resolution_center.domain.changes import AUDIT, CASE, Changes
from resolution_center.domain.errors import (
    AuthenticationError,
    ConflictError,
    EnvironmentFault,
    PermissionDenied,
    PolicyRefusal,
    ValidationError,
)
from tests.ui.conftest import cases
from ui.errors import ErrorPresenter
from ui.errors.conflict import ConflictDialog
from ui.errors.crash import CrashDialog
from ui.forms import FormErrors


@pytest.fixture
def presenter(qtbot):  # type: ignore[no-untyped-def]
    p = ErrorPresenter()
    p.shown = []  # type: ignore[attr-defined]
    p.dialog_shown.connect(p.shown.append)  # type: ignore[attr-defined]
    yield p
    for dialog in p.shown:  # type: ignore[attr-defined]
        if isValid(dialog):  # closed ones deleted themselves (WA_DeleteOnClose)
            dialog.close()


@pytest.fixture
def form(qtbot) -> tuple[QWidget, FormErrors, QLabel]:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    general, subject_error = QLabel(parent), QLabel(parent)
    errors = FormErrors(general)
    errors.add(QWidget(parent), subject_error, "subject")
    return parent, errors, subject_error


def test_validation_goes_inline_to_its_field(presenter, form) -> None:
    parent, errors, subject_error = form
    error = ValidationError("subject is required", field="subject")
    assert presenter.present(error, parent=parent, form=errors) is error
    assert presenter.shown == []
    assert subject_error.text() == "subject is required" and not subject_error.isHidden()


def test_a_policy_refusal_without_a_field_goes_to_the_form_top(presenter, form) -> None:
    parent, errors, _ = form
    presenter.present(PolicyRefusal("a case cannot go from new to new"), parent=parent, form=errors)
    assert errors.message_for("") == "a case cannot go from new to new"


def test_without_a_form_validation_is_a_message(presenter) -> None:
    presenter.present(ValidationError("bad"), parent=None)
    assert isinstance(presenter.shown[0], QMessageBox)
    assert presenter.shown[0].text() == "bad"


def test_environment_faults_offer_retry(qtbot, presenter) -> None:
    retried: list[int] = []
    presenter.present(
        EnvironmentFault("the database is locked"), parent=None, retry=lambda: retried.append(1)
    )
    box: QMessageBox = presenter.shown[0]
    assert box.text() == "the database is locked"
    box.button(QMessageBox.StandardButton.Retry).click()
    qtbot.waitUntil(lambda: retried == [1])


def test_permission_and_authentication_are_messages(presenter) -> None:
    presenter.present(PermissionDenied("only an admin may manage users"), parent=None)
    presenter.present(AuthenticationError("wrong user name or password"), parent=None)
    assert [b.text() for b in presenter.shown] == [
        "only an admin may manage users",
        "wrong user name or password",
    ]


def test_conflicts_open_the_merge_view(presenter) -> None:
    chosen: list[Any] = []
    error = ConflictError(
        "changed",
        case="RC-2026-000001",
        changed_by="bob",
        changed_at="2026-11-23T09:00:00.000000Z",
        their_changes={"tags": ["a"]},
        your_changes={"subject": "x"},
    )
    presenter.present(error, parent=None, on_conflict=lambda c, e: chosen.append((c, e)))
    dialog = presenter.shown[0]
    assert isinstance(dialog, ConflictDialog)
    dialog.keep_button.click()
    assert chosen[0][0].value == "keep" and chosen[0][1] is error


def test_a_bug_opens_the_crash_dialog_with_copyable_details(qtbot, presenter) -> None:
    def broken() -> None:
        raise KeyError("nope")

    try:
        broken()
    except KeyError as exc:
        presenter.present(exc, parent=None)
    dialog = presenter.shown[0]
    assert isinstance(dialog, CrashDialog)
    assert "KeyError: 'nope'" in dialog.details.toPlainText()
    assert "in broken" in dialog.details.toPlainText()
    dialog.copy_button.click()
    assert "KeyError: 'nope'" in QGuiApplication.clipboard().text()


def test_run_broadcasts_changes_on_success(qtbot, ws, make_ops) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    ops = make_ops(alice)
    with qtbot.waitSignal(ops.changed) as blocker:
        result = ops.run(
            lambda ctx: ctx.cases.assign(case.id, "alice"),
            parent=None,
        )
    assert result.assignee == "alice"
    changes: Changes = blocker.args[0]
    assert changes.touches(CASE, AUDIT) and changes.touches_case(case.id)
    assert not changes.touches_case(case.id + 1)


def test_run_returns_none_and_presents_on_error(qtbot, ws, make_ops) -> None:
    ops = make_ops(ws.login("alice"))
    shown: list[Any] = []
    ops.presenter.dialog_shown.connect(shown.append)
    with qtbot.assertNotEmitted(ops.changed):
        assert (
            ops.run(
                lambda ctx: ctx.cases.get("RC-2026-999999"),
                parent=None,
            )
            is None
        )
    assert shown[0].text() == "no case RC-2026-999999"


def test_a_retried_operation_reports_its_result(qtbot, ws, make_ops) -> None:
    ops = make_ops(ws.login("alice"))
    attempts: list[int] = []
    done: list[Any] = []

    def flaky(ctx: Any) -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise EnvironmentFault("SQLite file x.db is locked by another program")
        return "ok"

    shown: list[Any] = []
    ops.presenter.dialog_shown.connect(shown.append)
    assert ops.run(flaky, parent=None, on_done=done.append) is None
    shown[0].button(QMessageBox.StandardButton.Retry).click()
    qtbot.waitUntil(lambda: done == ["ok"])


def test_background_work_runs_off_the_gui_thread(qtbot, ws, make_ops) -> None:
    ops = make_ops(ws.login("alice"))
    threads: list[Any] = []
    progress: list[tuple[int, int]] = []

    def work(ctx: Any, report: Any) -> int:
        from PySide6.QtCore import QThread

        threads.append(QThread.currentThread())
        report(1, 1)
        return ctx.audit.verify().events

    with qtbot.waitSignal(ops.tasks.busy_changed, check_params_cb=lambda busy: not busy):
        ops.run_in_background(
            work,
            parent=None,
            on_done=progress.append,
            on_progress=lambda d, t: progress.append((d, t)),
        )
    assert threads[0] is not QCoreApplication.instance().thread()
    assert progress[0] == (1, 1) and progress[1] > 0


def test_background_failures_reach_the_presenter(qtbot, ws, make_ops) -> None:
    ops = make_ops(ws.login("alice"))
    with qtbot.waitSignal(ops.presenter.dialog_shown) as blocker:
        ops.run_in_background(lambda ctx, _p: ctx.cases.get(10_000), parent=None)
    assert blocker.args[0].text() == "no case with id 10000"
    blocker.args[0].close()
