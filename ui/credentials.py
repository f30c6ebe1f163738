"""Database passwords in the OS keyring; where there is no keyring they are not remembered."""

from __future__ import annotations

import logging
from types import ModuleType
from urllib.parse import urlparse

from resolution_center.services import keyrings

SERVICE = "resolution-center"
log = logging.getLogger(__name__)

# Keyring backends fail in assorted ways (D-Bus gone, a locked collection, a dismissed prompt);
# none of them may stop a login, so every call below treats any failure as "not remembered".


def _keyring() -> ModuleType:
    # Imported on first use: keyring discovers its backends on import (~50 ms), which the
    # login dialog's first paint must not wait for (a SQLite login never reads the keyring).
    import keyring
    import keyring.errors

    return keyring


def keyring_available() -> bool:
    """False where only the fail or null backend exists (headless Linux, CI)."""
    return keyrings.usable()


def account(url: str, username: str) -> str:
    """The keyring entry's name: who on which server and database, never the password."""
    parsed = urlparse(url)
    host = parsed.hostname or "localhost"
    port = parsed.port or 5432
    return f"{username}@{host}:{port}/{parsed.path.lstrip('/')}"


def load_password(url: str, username: str) -> str | None:
    if not username or not keyring_available():
        return None
    try:
        return _keyring().get_password(SERVICE, account(url, username))
    except Exception as exc:
        log.info("keyring read failed: %s", exc)
        return None


def save_password(url: str, username: str, password: str) -> bool:
    """Remember a password; False when it could not be (the caller says so, nothing breaks)."""
    if not username or not password or not keyring_available():
        return False
    try:
        _keyring().set_password(SERVICE, account(url, username), password)
    except Exception as exc:
        log.info("keyring write failed: %s", exc)
        return False
    return True


def forget_password(url: str, username: str) -> None:
    if not username or not keyring_available():
        return
    keyring = _keyring()
    try:
        keyring.delete_password(SERVICE, account(url, username))
    except keyring.errors.PasswordDeleteError:
        pass
    except Exception as exc:
        log.info("keyring delete failed: %s", exc)
