"""File → Back up database… and Restore from backup…: the services `backup` and `restore` use,
off the GUI thread behind a progress dialog.

A restore replaces the database the window has open, so it runs after the session has ended
(the window logs out first) and the login opens again on the restored database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from resolution_center.services.backup import backup, backup_kind, restore
from resolution_center.services.context import Config
from resolution_center.services.session import Session

from .tasks import TaskRunner

if TYPE_CHECKING:
    from .actions import Workbench

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def progress_dialog(text: str, title: str, parent: QWidget | None) -> QProgressDialog:
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setObjectName("backupProgress")
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)  # half a copy helps nobody; the service cleans up on failure
    dialog.setMinimumDuration(0)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    if total > 0:
        dialog.setMaximum(total)
        dialog.setValue(min(done, total))


def default_backup_name(backend: str, now: datetime) -> str:
    suffix = ".db" if backend == "sqlite" else ".rcbackup.gz"  # a copy, or a logical backup
    return f"resolution-center-{now:%Y%m%d-%H%M}{suffix}"


class BackupJob(QObject):
    """One backup of the logged-in session's database, with its progress dialog."""

    finished = Signal(object)
    """The service's result (path, format, events, head hash, size)."""

    def __init__(self, bench: Workbench, path: str) -> None:
        super().__init__(bench.window_widget())
        self.bench = bench
        self.path = path
        parent = bench.window_widget()
        self.dialog = progress_dialog(
            self.tr("Writing the backup to {path}…").format(path=path),
            self.tr("Back up database"),
            parent,
        )

    def start(self) -> None:
        self.dialog.show()
        path = self.path
        self.bench.ops.run_in_background(
            lambda ctx, progress: backup(ctx, path, progress),
            parent=self.bench.window_widget(),
            on_done=self._done,
            on_progress=lambda done, total: show_progress(self.dialog, done, total),
            on_failed=self._failed,
        )

    def _failed(self, _exc: BaseException) -> None:
        self.dialog.close()  # the presenter says why

    def _done(self, result: dict[str, Any]) -> None:
        self.dialog.close()
        size = int(result.get("size_bytes", 0))
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Backup written"),
            self.tr(
                "The backup is in {path} ({size:.1f} MB, {events} audit events). Keep it "
                "where this computer's failure cannot reach it."
            ).format(path=result["path"], size=size / 1_000_000, events=result.get("events", 0)),
            QMessageBox.StandardButton.Ok,
            self.bench.window_widget(),
        )
        box.setObjectName("backupDone")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.finished.emit(result)


def back_up(bench: Workbench, path: str | None = None) -> BackupJob | None:
    if path is None:
        start = str(Path.home() / default_backup_name(bench.ops.ctx.store.backend, datetime.now()))
        path, _ = QFileDialog.getSaveFileName(
            bench.window_widget(), translate("Backup", "Back up database"), start
        )
        if not path:
            return None
    job = BackupJob(bench, path)
    job.start()
    return job


class RestoreJob(QObject):
    """A restore into the database at `url`, after the session on it has ended."""

    finished = Signal(object)
    """The service's result (events verified, where the previous file was kept, ...)."""
    failed = Signal(object)
    stage = Signal(str)
    """The restore's stage now running (emitted on the worker, shown on the GUI thread)."""

    def __init__(self, url: str, path: str, config: Config | None, parent: QObject) -> None:
        super().__init__(parent)
        self.url = url
        self.path = path
        self.config = config
        self.tasks = TaskRunner(self, max_threads=1)
        self.dialog = progress_dialog(
            self.tr("Checking the backup…"), self.tr("Restore from backup"), None
        )
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.stages: list[str] = []
        self.stage.connect(self._stage)

    def start(self) -> None:
        self.dialog.show()
        url, path, config = self.url, self.path, self.config
        self.tasks.start(
            lambda progress: restore(
                url, path, config=config, progress=progress, step=self.stage.emit
            ),
            on_done=self._done,
            on_error=self._failed,
            on_progress=lambda done, total: show_progress(self.dialog, done, total),
        )

    def _stage(self, key: str) -> None:
        self.stages.append(key)
        self.dialog.setMaximum(0)  # each stage counts its own; busy until it reports
        self.dialog.setLabelText(
            {
                "check-backup": self.tr("Checking the backup's audit trail…"),
                "copy": self.tr("Copying the backup into place…"),
                "check-restored": self.tr("Checking the restored database…"),
                "record": self.tr("Recording the restore in the audit trail…"),
            }.get(key, self.tr("Restoring…"))
        )

    def _close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()

    def _done(self, result: dict[str, Any]) -> None:
        self._close()
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._close()
        self.failed.emit(exc)

    def wait(self, msecs: int = 600_000) -> None:
        self.tasks.wait(msecs)


def restore_summary(result: dict[str, Any]) -> str:
    text = translate(
        "Backup", "The database was restored and its audit trail verified ({events} events)."
    ).format(events=result.get("events_verified", 0))
    kept = result.get("previous_database_kept_at")
    if kept:
        text += " " + translate("Backup", "The database it replaced is kept at {path}.").format(
            path=kept
        )
    needing = result.get("users_needing_password") or []
    if needing:
        text += " " + translate(
            "Backup", "These users need a new password before they can log in: {users}."
        ).format(users=", ".join(needing))
    return text


def ask_restore(bench: Workbench, path: str | None = None, *, confirm: bool = True) -> bool:
    """Choose a backup, confirm, then hand the restore to the app (which logs out first)."""
    window = bench.window_widget()
    ctx: Session = bench.ops.ctx
    if ctx.store.backend != "sqlite":
        QMessageBox.information(
            window,
            translate("Backup", "Restore from backup"),
            translate(
                "Backup",
                "A shared database is restored into a new, empty database by its owner: "
                "'resolution-center restore FILE' with the owner's login, then everyone "
                "chooses the new database. The window restores personal (SQLite) databases.",
            ),
        )
        return False
    viewer = getattr(bench, "_viewer", None)
    if viewer is not None and viewer.has_unsaved_input():
        QMessageBox.information(
            window,
            translate("Backup", "Restore from backup"),
            translate("Backup", "Save or discard the open case's edits first."),
        )
        return False
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            window,
            translate("Backup", "Restore from backup"),
            str(Path.home()),
            translate("Backup", "Backups (*.db *.gz);;All files (*)"),
        )
        if not path:
            return False
    # Before anyone is logged out: a file this database cannot take is refused here, with
    # the reason (a shared database's backup went through the logout and then failed).
    kind = bench.ops.run(lambda _ctx: backup_kind(path), parent=window)
    if kind is None:
        return False  # not a backup, or unreadable: the presenter said which
    if kind != "sqlite":
        QMessageBox.information(
            window,
            translate("Backup", "Restore from backup"),
            translate(
                "Backup",
                "{name} is a shared database's backup. It is restored into a new, empty "
                "database by its owner: 'resolution-center restore FILE'. This window "
                "restores copies of personal (SQLite) databases (.db).",
            ).format(name=Path(path).name),
        )
        return False
    if confirm:
        answer = QMessageBox.question(
            window,
            translate("Backup", "Restore from backup"),
            translate(
                "Backup",
                "Replace this database with the backup {name}? A backup whose audit trail "
                "does not verify is refused. The database now in use is kept beside it; you "
                "are logged out and log in again to the restored database.",
            ).format(name=Path(path).name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
    owner = getattr(bench, "owner", None)
    if owner is None or not hasattr(owner, "restore_after_logout"):
        return False
    owner.restore_after_logout(path)
    return True
