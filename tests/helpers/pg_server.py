"""Throwaway real PostgreSQL server (initdb + pg_ctl in a temp dir) for the test session."""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

__all__ = [
    "PostgresServer",
    "PostgresServerError",
    "PsqlError",
    "find_bindir",
    "require_server",
    "session_server",
    "unavailable_reason",
]

SUPERUSER = "rc_super"
HOST = "127.0.0.1"
REQUIRE_ENV = "RC_REQUIRE_POSTGRES"
BINDIR_ENV = "RC_PG_BINDIR"
TMPDIR_ENV = "RC_PG_TMPDIR"
_SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
_OS_USER = "postgres"
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Unix socket paths are limited to ~107 bytes; keep the temp dir well below that.
_MAX_SOCKET_DIR_LEN = 80
_MIN_SHM_FREE = 1 << 30
_LOCALES = ("C.UTF-8", "C")
# libpq/server environment that could redirect or alter our connections.
_SCRUBBED_ENV_PREFIXES = ("PG",)


class PostgresServerError(RuntimeError):
    """The throwaway server could not be set up, started or driven."""


class PsqlError(subprocess.CalledProcessError):
    """A ``psql`` run with ``check=True`` failed; the message carries its stderr."""

    def __str__(self) -> str:
        err = (self.stderr or "").strip()
        return f"{super().__str__()}\n{err}" if err else super().__str__()


def _has_binaries(bindir: Path) -> bool:
    return all(os.access(bindir / name, os.X_OK) for name in _SERVER_BINARIES)


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parent.name
    return tuple(int(p) for p in re.findall(r"\d+", version)) or (0,)


def find_bindir() -> Path | None:
    """Directory holding initdb/pg_ctl/postgres, or None when PostgreSQL is not installed."""
    override = os.environ.get(BINDIR_ENV)
    if override:
        return Path(override) if _has_binaries(Path(override)) else None
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and _has_binaries(Path(out)):
            return Path(out)
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if _has_binaries(Path(candidate)):
            return Path(candidate)
    return None


def _is_root() -> bool:
    return os.geteuid() == 0


_REASON_UNSET = object()
_reason_cache: Any = _REASON_UNSET


def unavailable_reason() -> str | None:
    """Why a server cannot be started here (binaries/user missing), or None if it can."""
    global _reason_cache
    if _reason_cache is _REASON_UNSET:
        _reason_cache = _compute_unavailable_reason()
    return _reason_cache


def _compute_unavailable_reason() -> str | None:
    bindir = find_bindir()
    if bindir is None:
        return (
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found via "
            f"${BINDIR_ENV}, `pg_config --bindir` or /usr/lib/postgresql/*/bin"
        )
    if not (bindir / "psql").exists() and shutil.which("psql") is None:
        return f"psql not found in {bindir} or on PATH"
    if _is_root():
        try:
            pwd.getpwnam(_OS_USER)
        except KeyError:
            return f"running as root but there is no '{_OS_USER}' system user to run initdb as"
    return None


def _usable_parent(path: str, min_free: int = 0) -> bool:
    try:
        st = os.stat(path)
        vfs = os.statvfs(path)
    except OSError:
        return False
    world_ok = stat.S_IMODE(st.st_mode) & 0o003 == 0o003  # the postgres user can get in
    return (
        stat.S_ISDIR(st.st_mode)
        and os.access(path, os.W_OK | os.X_OK)
        and (world_ok or not _is_root())
        and len(path) <= _MAX_SOCKET_DIR_LEN - 20
        and vfs.f_bavail * vfs.f_frsize >= min_free
    )


def _base_parent() -> str:
    """Where the cluster's temp dir goes: tmpfs when possible (initdb is ~2x faster there)."""
    override = os.environ.get(TMPDIR_ENV)
    if override:
        return override
    if _usable_parent("/dev/shm", min_free=_MIN_SHM_FREE):
        return "/dev/shm"
    default = tempfile.gettempdir()
    if _usable_parent(default):
        return default
    # pytest-style private temp dirs are not reachable by the postgres user, and long paths
    # overflow the unix socket path limit.
    return "/tmp"


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_ENV_PREFIXES)}
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(log {path} unreadable: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(log empty)"


class PostgresServer:
    """A private PostgreSQL cluster on 127.0.0.1 with a scram-authenticated superuser."""

    host: str = HOST
    superuser: str = SUPERUSER

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir: Path | None = bindir
        self.port: int = 0
        self.superuser_password: str = secrets.token_urlsafe(24)
        self.base_dir: Path | None = None
        self.data_dir: Path | None = None
        self.log_path: Path | None = None
        self.start_seconds: float | None = None
        self._running = False
        self._lock = threading.Lock()

    # -- lifecycle -----------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> PostgresServer:
        """initdb a fresh cluster in a temp dir and start it; no-op if already running."""
        with self._lock:
            if self._running:
                return self
            began = time.monotonic()
            try:
                self._start()
            except BaseException:
                self._teardown()
                raise
            self.start_seconds = time.monotonic() - began
            return self

    def stop(self) -> None:
        """Stop the server (immediate mode) and delete its files; safe to call repeatedly."""
        with self._lock:
            self._teardown()

    def _start(self) -> None:
        reason = unavailable_reason() if self.bindir is None else None
        if reason:
            raise PostgresServerError(reason)
        if self.bindir is None:
            self.bindir = find_bindir()
        assert self.bindir is not None
        self.base_dir = self._make_base_dir()
        self.data_dir = self.base_dir / "data"
        self.log_path = self.base_dir / "server.log"
        self._initdb()
        self._pg_ctl_start()

    def _make_base_dir(self) -> Path:
        base = Path(tempfile.mkdtemp(prefix="rc-pg-", dir=_base_parent()))
        if _is_root():
            entry = pwd.getpwnam(_OS_USER)
            os.chown(base, entry.pw_uid, entry.pw_gid)
        os.chmod(base, 0o700)
        return base

    def _cmd(self, *args: str) -> list[str]:
        if _is_root():
            runuser = shutil.which("runuser")
            if runuser:
                return [runuser, "-u", _OS_USER, "--", *args]
        return list(args)

    def _run_as_owner(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, Any] = {}
        if _is_root() and not shutil.which("runuser"):
            entry = pwd.getpwnam(_OS_USER)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        return subprocess.run(
            self._cmd(*args),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.base_dir,
            env=_clean_env(LC_ALL="C", TZ="UTC"),
            stdin=subprocess.DEVNULL,
            check=False,
            **kwargs,
        )

    def _initdb(self) -> None:
        assert self.bindir and self.base_dir and self.data_dir
        initdb = str(self.bindir / "initdb")
        help_text = self._run_as_owner(initdb, "--help", timeout=30).stdout
        pwfile = self.base_dir / "pwfile"
        pwfile.write_text(self.superuser_password + "\n")
        if _is_root():
            entry = pwd.getpwnam(_OS_USER)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        os.chmod(pwfile, 0o600)
        base_args = [
            initdb,
            "-D",
            str(self.data_dir),
            "-U",
            self.superuser,
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "--encoding=UTF8",
        ]
        if "--no-sync" in help_text:
            base_args.append("--no-sync")
        if "--no-instructions" in help_text:
            base_args.append("--no-instructions")
        try:
            failures: list[str] = []
            for locale in _LOCALES:
                result = self._run_as_owner(*base_args, f"--locale={locale}")
                if result.returncode == 0:
                    return
                failures.append(f"--locale={locale}:\n{result.stdout}\n{result.stderr}".strip())
                shutil.rmtree(self.data_dir, ignore_errors=True)
            raise PostgresServerError("initdb failed:\n" + "\n---\n".join(failures))
        finally:
            pwfile.unlink(missing_ok=True)

    def _pg_ctl_start(self) -> None:
        assert self.bindir and self.base_dir and self.data_dir and self.log_path
        last_error = ""
        for _attempt in range(3):
            self.port = _free_port()
            settings = {
                "listen_addresses": HOST,
                "port": str(self.port),
                "unix_socket_directories": str(self.base_dir),
                "fsync": "off",
                "synchronous_commit": "off",
                "full_page_writes": "off",
                "max_connections": "100",
                # Bound pg_wal (it may live in RAM on /dev/shm); checkpoints are cheap sans fsync.
                "max_wal_size": "256MB",
                "min_wal_size": "32MB",
            }
            options = " ".join(f"-c {shlex.quote(f'{k}={v}')}" for k, v in settings.items())
            result = self._run_as_owner(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-w",
                "-t",
                "60",
                "-l",
                str(self.log_path),
                "-o",
                options,
                "start",
                timeout=90,
            )
            if result.returncode == 0:
                self._running = True
                return
            log = _tail(self.log_path)
            last_error = (
                f"pg_ctl start failed (exit {result.returncode}) on port {self.port}:\n"
                f"{result.stdout}{result.stderr}\n--- {self.log_path} (tail) ---\n{log}"
            )
            self._kill_postmaster()  # a half-started server must not linger
            if "could not bind" not in log and "Address already in use" not in log:
                break
        raise PostgresServerError(last_error)

    def _kill_postmaster(self) -> None:
        if self.data_dir is None:
            return
        pidfile = self.data_dir / "postmaster.pid"
        try:
            pid = int(pidfile.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return
        try:
            os.kill(pid, signal.SIGQUIT)  # the server's own "immediate shutdown" signal
        except OSError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except OSError:
                return
            time.sleep(0.05)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)

    def _teardown(self) -> None:
        if self.data_dir is not None and self.bindir is not None and self.data_dir.exists():
            result = self._run_as_owner(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-m",
                "immediate",
                "-w",
                "stop",
                timeout=60,
            )
            if result.returncode != 0:
                self._kill_postmaster()
        self._running = False
        if self.base_dir is not None:
            shutil.rmtree(self.base_dir, ignore_errors=True)
        self.base_dir = self.data_dir = None

    # -- client helpers ------------------------------------------------------------

    def _require_running(self) -> None:
        if not self._running:
            raise PostgresServerError("PostgreSQL test server is not running; call start()")

    def url(self, dbname: str, user: str | None = None, password: str | None = None) -> str:
        """``postgresql://user:pw@127.0.0.1:port/dbname``; defaults to the superuser."""
        if user is None:
            user = self.superuser
            password = self.superuser_password if password is None else password
        q = urllib.parse.quote
        auth = q(user, safe="")
        if password is not None:
            auth += ":" + q(password, safe="")
        return f"postgresql://{auth}@{self.host}:{self.port}/{q(dbname, safe='')}"

    def _psql_path(self) -> str:
        if self.bindir is not None and (self.bindir / "psql").exists():
            return str(self.bindir / "psql")
        found = shutil.which("psql")
        if found is None:
            raise PostgresServerError("psql binary not found")
        return found

    def _psql(
        self,
        commands: list[str],
        dbname: str,
        user: str | None,
        password: str | None,
        check: bool,
    ) -> subprocess.CompletedProcess[str]:
        self._require_running()
        if user is None:
            user = self.superuser
            password = self.superuser_password if password is None else password
        env = _clean_env(PGCONNECT_TIMEOUT="10", PGSSLMODE="disable", PGAPPNAME="rc-tests")
        if password is not None:
            env["PGPASSWORD"] = password
        args = [
            self._psql_path(),
            "-h",
            self.host,
            "-p",
            str(self.port),
            "-U",
            user,
            "-d",
            dbname,
            "-w",
            "-v",
            "ON_ERROR_STOP=1",
            "-X",
            "-q",
            "-At",
        ]
        for sql in commands:
            args += ["-c", sql]
        result = subprocess.run(
            args,
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
        if check and result.returncode != 0:
            raise PsqlError(result.returncode, args, result.stdout, result.stderr)
        return result

    def psql(
        self,
        sql: str,
        dbname: str = "postgres",
        user: str | None = None,
        password: str | None = None,
        check: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``psql -c sql`` over TCP as ``user`` (default: the superuser); text output.

        With ``check=True`` a non-zero exit raises :class:`PsqlError` (stderr in the message).
        """
        return self._psql([sql], dbname, user, password, check)

    def create_database(self, prefix: str = "rc") -> str:
        """Create a uniquely named empty database owned by the superuser; return its name."""
        if not _NAME_RE.match(prefix) or len(prefix) > 40:
            raise ValueError(f"database prefix must be a short lowercase identifier: {prefix!r}")
        name = f"{prefix}_{secrets.token_hex(6)}"
        self._psql(
            [
                f"CREATE DATABASE {_quote_ident(name)} OWNER {_quote_ident(self.superuser)} "
                "TEMPLATE template0 ENCODING 'UTF8'"
            ],
            "postgres",
            None,
            None,
            check=True,
        )
        return name

    def drop_database(self, name: str) -> None:
        """Terminate the database's sessions and drop it (no error if it does not exist)."""
        self._psql(
            [
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                f"WHERE datname = {_quote_literal(name)} AND pid <> pg_backend_pid()",
                f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)",
            ],
            "postgres",
            None,
            None,
            check=True,
        )


_session: PostgresServer | None = None
_session_error: BaseException | None = None
_session_lock = threading.Lock()


def session_server() -> PostgresServer:
    """The shared, lazily started server for this process (stopped at interpreter exit)."""
    global _session, _session_error
    with _session_lock:
        if _session is not None:
            return _session
        if _session_error is not None:
            raise PostgresServerError(f"earlier start failed: {_session_error}")
        server = PostgresServer()
        try:
            server.start()
        except BaseException as exc:
            _session_error = exc
            raise
        atexit.register(server.stop)
        _session = server
        return server


def require_server() -> PostgresServer:
    """session_server(), or pytest.skip when PostgreSQL is missing (fail if RC_REQUIRE_POSTGRES=1).

    A server that is installed but fails to start always fails the test, never skips.
    """
    import pytest

    reason = unavailable_reason()
    if reason is not None:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        return session_server()
    except PostgresServerError as exc:
        pytest.fail(f"PostgreSQL test server failed to start: {exc}", pytrace=False)
