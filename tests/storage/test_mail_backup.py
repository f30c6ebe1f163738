"""Received mail, its evidence and the mail quarantine (bytes included) survive a backup and
restore across backends, and the restored trail still vouches for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolution_center.domain.messages import Direction
from resolution_center.services.backup import backup, restore
from tests.helpers import mail_fixtures as fx
from tests.helpers.workspace import Workspace


@pytest.mark.postgres
def test_a_backup_restores_received_mail_and_the_quarantine(
    pg_workspace: Workspace, tmp_path: Path
) -> None:
    alice = pg_workspace.login("alice")
    received = alice.mail_in.import_bytes(fx.inline_image("bk1"), "bk1.eml")
    held = alice.mail_in.import_bytes(fx.malformed("bk2"), "bk2.eml")
    root = pg_workspace.login("root")
    backup(root, tmp_path / "team.backup")
    url = "sqlite:///" + str(tmp_path / "copy.db")
    restore(url, tmp_path / "team.backup", config=pg_workspace.config, clock=pg_workspace.clock)
    copy = Workspace(url, pg_workspace.clock, pg_workspace.config)
    try:
        system = copy.login(None)
        assert received.message_id is not None and held.quarantine_id is not None
        mail = system.messages.get(received.message_id)
        assert (mail.direction, mail.rfc_message_id) == (Direction.IN, "<bk1@mail.example>")
        [png] = system.attachments.list(received.case or "")
        assert system.attachments.content(png.id) == fx.PNG
        assert system.mail_in.quarantined_bytes(held.quarantine_id) == fx.malformed("bk2")
        assert system.audit.verify().ok
    finally:
        copy.close()
