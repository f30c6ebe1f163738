"""Throwaway real IMAP server (Dovecot) for the test session, like pg_server.py for PostgreSQL.

A configuration of its own in a temp dir: listening on 127.0.0.1 on free ports (IMAP with
STARTTLS and IMAPS), a self-signed certificate for 127.0.0.1, one passwd-file user, maildirs,
base_dir and logs in the temp dir. As root it runs as the unprivileged `dovenull` user (as the
PostgreSQL server runs as `postgres`). Tests APPEND mail to it and fetch it through the app.

Missing Dovecot skips the tests, unless RC_REQUIRE_IMAP=1 or RC_REQUIRE_POSTGRES=1 (CI sets
both): then it fails them, as a server that is installed but does not start always does.
"""

from __future__ import annotations

import atexit
import contextlib
import imaplib
import os
import pwd
import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from pathlib import Path

__all__ = ["ImapServer", "ImapServerError", "require_imap_server"]

DOVECOT = "/usr/sbin/dovecot"
HOST = "127.0.0.1"
REQUIRE_ENVS = ("RC_REQUIRE_IMAP", "RC_REQUIRE_POSTGRES")
_OS_USER = "dovenull"
USER = "support"


class ImapServerError(RuntimeError):
    """The throwaway server could not be set up or started."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _tmp_parent() -> str | None:
    return "/tmp" if os.path.isdir("/tmp") and os.access("/tmp", os.W_OK) else None


def _binary() -> str | None:
    found = shutil.which("dovecot") or (DOVECOT if os.access(DOVECOT, os.X_OK) else None)
    return found


def unavailable_reason() -> str | None:
    if _binary() is None:
        return "Dovecot (dovecot-imapd) is not installed: no dovecot binary"
    if shutil.which("openssl") is None:
        return "openssl is not installed (the test server's certificate)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(_OS_USER)
        except KeyError:
            return f"running as root but there is no '{_OS_USER}' user to run Dovecot as"
    return None


class ImapServer:
    def __init__(self) -> None:
        # /tmp, not $TMPDIR: the unprivileged user must be able to reach it (a TMPDIR under
        # /root would not be).
        self.root = Path(tempfile.mkdtemp(prefix="rc-imap-", dir=_tmp_parent()))
        self.port = _free_port()
        self.tls_port = _free_port()
        self.password = secrets.token_urlsafe(12)
        self.cafile = str(self.root / "cert.pem")
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        if os.geteuid() == 0:
            entry = pwd.getpwnam(_OS_USER)
            self.uid, self.gid, self.user = entry.pw_uid, entry.pw_gid, _OS_USER
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
            self.user = pwd.getpwuid(self.uid).pw_name

    # ---- set-up -----------------------------------------------------------------------------
    def start(self) -> None:
        os.chmod(self.root, 0o755)
        for sub in ("run", "state", "home"):
            (self.root / sub).mkdir()
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                f"/CN={HOST}",
                "-addext",
                f"subjectAltName=IP:{HOST}",
                "-keyout",
                str(self.root / "key.pem"),
                "-out",
                self.cafile,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{self.password}::::::\n")
        (self.root / "dovecot.conf").write_text(self._config())
        for path in self.root.rglob("*"):
            os.chown(path, self.uid, self.gid)
        os.chown(self.root, self.uid, self.gid)

        def demote() -> None:
            if os.geteuid() == 0:
                os.setgid(self.gid)
                os.setuid(self.uid)

        self._proc = subprocess.Popen(
            [_binary() or DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=demote,  # as root: Dovecot runs as the unprivileged user
            env={"PATH": "/usr/sbin:/usr/bin:/bin"},
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                err = self._proc.stderr.read().decode() if self._proc.stderr else ""
                raise ImapServerError(f"dovecot exited: {err}{self.log()}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 1):
                return
            time.sleep(0.1)
        raise ImapServerError(f"dovecot did not listen on {self.port}: {self.log()}")

    def _config(self) -> str:
        r = self.root
        return f"""
base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
info_log_path = {r}/dovecot.log
protocols = imap
listen = {HOST}
default_login_user = {self.user}
default_internal_user = {self.user}
default_internal_group = {self.user}
first_valid_uid = {self.uid}
last_valid_uid = {self.uid}
first_valid_gid = {self.gid}
ssl = yes
ssl_cert = <{r}/cert.pem
ssl_key = <{r}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
userdb {{
  driver = static
  args = uid={self.uid} gid={self.gid} home={r}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {HOST}
    port = {self.port}
  }}
  inet_listener imaps {{
    address = {HOST}
    port = {self.tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0600
  }}
  unix_listener stats-writer {{
    mode = 0600
  }}
}}
"""

    def log(self) -> str:
        try:
            return (self.root / "dovecot.log").read_text()[-3000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
        if self._proc is not None and self._proc.stderr:
            self._proc.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)

    # ---- what tests do ----------------------------------------------------------------------
    def connect(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=self.cafile)
        imap = imaplib.IMAP4_SSL(HOST, self.tls_port, ssl_context=context, timeout=30)
        imap.login(USER, self.password)
        return imap

    def new_folder(self) -> str:
        """A folder of its own for one test (tests share the server, never a folder)."""
        name = "t" + secrets.token_hex(6)
        with self._lock:
            imap = self.connect()
            try:
                status, data = imap.create(name)
                if status != "OK":
                    raise ImapServerError(f"CREATE {name}: {data}")
            finally:
                imap.logout()
        return name

    def append(self, folder: str, *mails: bytes) -> None:
        imap = self.connect()
        try:
            for raw in mails:
                status, data = imap.append(folder, None, None, raw)
                if status != "OK":
                    raise ImapServerError(f"APPEND to {folder}: {data}")
        finally:
            imap.logout()


_server: ImapServer | None = None


def session_imap_server() -> ImapServer:
    global _server
    if _server is None:
        server = ImapServer()
        try:
            server.start()
        except Exception:
            server.stop()
            raise
        atexit.register(server.stop)
        _server = server
    return _server


def require_imap_server() -> ImapServer:
    """session_imap_server(), or pytest.skip when Dovecot is missing (a failure where
    RC_REQUIRE_IMAP=1 or RC_REQUIRE_POSTGRES=1)."""
    import pytest

    reason = unavailable_reason()
    if reason is not None:
        required = [e for e in REQUIRE_ENVS if os.environ.get(e) == "1"]
        if required:
            pytest.fail(f"{required[0]}=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        return session_imap_server()
    except (ImapServerError, OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"the Dovecot test server failed to start: {exc}", pytrace=False)
