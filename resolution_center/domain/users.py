"""Users of the app: who they are, their role, and what a valid name and password look like."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .case import HUMAN_ROLES, Role, parse_enum
from .errors import ValidationError

_USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{0,62}$")
MIN_PASSWORD = 8
SYSTEM_USER = "system"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool = False
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "disabled": self.disabled,
        }


def check_username(name: str) -> str:
    text = (name or "").strip().lower()
    if not _USERNAME.match(text):
        raise ValidationError(
            "a user name is 1-63 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter",
            field="username",
        )
    if text == SYSTEM_USER:
        raise ValidationError(
            "'system' is the built-in actor and cannot be a user", field="username"
        )
    return text


def check_role(role: str) -> Role:
    value = parse_enum(Role, role, "role")
    if value not in HUMAN_ROLES:
        raise ValidationError("the system role cannot be given to a user", field="role")
    return value


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(
            f"a password needs at least {MIN_PASSWORD} characters", field="password"
        )
    if len(password) > 1024 or any(ord(c) < 32 for c in password):
        raise ValidationError(
            "the password is too long or holds control characters", field="password"
        )
    return password
