"""The SMTP password, kept in the system keyring (the `keyring` library) and nowhere else: not
in the database, not in a settings file. Without a usable keyring it is refused, not stored
elsewhere; a relay that needs no login needs no password.
"""

from __future__ import annotations

from ..domain.errors import ValidationError
from ..domain.outbox import SmtpSettings
from .keyrings import usable

SERVICE = "resolution-center-smtp"


def account(settings: SmtpSettings) -> str:
    """The keyring entry's name: who on which server, never the password."""
    return f"{settings.username}@{settings.host}:{settings.port}"


def save(settings: SmtpSettings, password: str) -> None:
    import keyring

    if not usable():
        raise ValidationError(
            "no system keyring is available to keep the SMTP password in; it is not stored "
            "anywhere else (install and unlock a keyring, or use a relay without login)",
            field="password",
        )
    try:
        keyring.set_password(SERVICE, account(settings), password)
    except Exception as exc:
        raise ValidationError(
            f"the keyring refused the password: {exc}", field="password"
        ) from None


def load(settings: SmtpSettings) -> str | None:
    if not settings.username or not usable():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, account(settings))
    except Exception:
        return None
