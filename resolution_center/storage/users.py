"""Users and their accounts; PostgreSQL's variant, where each user is a login role."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ..domain.actions import Action
from ..domain.errors import ValidationError
from ..domain.users import User
from .dialect import PostgresDialect, Repository
from .rows import Columns
from .store import UnitOfWork
from .values import dt, time_of, ts


class UserRepository(Repository):
    USER = Columns(
        User,
        id="id",
        username="username",
        display_name="display_name",
        role="role",
        disabled=("disabled", bool),
        failed_logins=("failed_logins", int),
        locked_until=("locked_until", dt),
        created_at=("created_at", time_of),
    )
    COLUMNS = USER.sql + ", password_hash"

    @classmethod
    def _user(cls, r: tuple[Any, ...]) -> tuple[User, str | None]:
        return cls.USER.read(r), r[cls.USER.width]  # the hash follows the user's columns

    def get(self, username: str) -> tuple[User, str | None] | None:
        row = self.sql.one(f"SELECT {self.COLUMNS} FROM users WHERE username = ?", (username,))
        return self._user(row) if row else None

    def list(self) -> list[User]:
        return [
            self._user(r)[0]
            for r in self.sql.all(f"SELECT {self.COLUMNS} FROM users ORDER BY username")
        ]

    def without_login(self) -> builtins.list[str]:
        """Active users who cannot log in until given a password: here, those without a
        password hash (a restore from a server that authenticated them)."""
        return [
            r[0]
            for r in self.sql.all(
                "SELECT username FROM users WHERE role <> 'system' AND NOT disabled "
                "AND password_hash IS NULL ORDER BY username"
            )
        ]

    def count_humans(self) -> int:
        return int(self.sql.scalar("SELECT count(*) FROM users WHERE role <> 'system'"))

    def insert(
        self, username: str, display_name: str, role: str, password_hash: str | None, now: datetime
    ) -> int:
        user_id = self.sql.insert(
            "INSERT INTO users (username, display_name, role, password_hash, disabled, "
            "failed_logins, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
            (username, display_name, role, password_hash, False, ts(now)),
        )
        self.store.touch("users", user_id)
        return user_id

    def set(self, user_id: int, **values: Any) -> None:
        if "locked_until" in values and isinstance(values["locked_until"], datetime):
            values["locked_until"] = ts(values["locked_until"])
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.sql.execute(
            f"UPDATE users SET {assignments} WHERE id = ?", (*values.values(), user_id)
        )
        self.store.touch("users", user_id)

    # ---- accounts: one call per change, each with its event --------------------------------
    # The app keeps the accounts here (argon2id hashes, lockout counters); PostgreSQL's variant
    # makes each user a login role through the owner's functions instead.
    def create_account(
        self,
        work: UnitOfWork,
        username: str,
        display_name: str,
        role: str,
        password: str,
        hash_password: Callable[[str], str],
        event: dict[str, Any],
    ) -> None:
        self.insert(username, display_name, role, hash_password(password), work.now)
        work.emit(Action.USER_CREATED, "user", username, event)

    def change_role(self, work: UnitOfWork, user: User, role: str, event: dict[str, Any]) -> None:
        self.set(user.id, role=role)
        work.emit(Action.USER_ROLE_CHANGED, "user", user.username, event)

    def disable(self, work: UnitOfWork, user: User, event: dict[str, Any]) -> None:
        self.set(user.id, disabled=True)
        work.emit(Action.USER_DISABLED, "user", user.username, event)

    def change_password(
        self, work: UnitOfWork, user: User, password: str, hash_password: Callable[[str], str]
    ) -> None:
        self.set(user.id, password_hash=hash_password(password), failed_logins=0, locked_until=None)
        work.emit(Action.USER_PASSWORD_CHANGED, "user", user.username, {})


def lock_expiry(now: datetime, minutes: int) -> datetime:
    return now + timedelta(minutes=minutes)


@PostgresDialect.variant
class PgUserRepository(UserRepository):
    """Each user is their own login role: the role, its group, the users row and the event are
    one call of a function the NOLOGIN owner role owns (storage/pg_roles.py)."""

    def without_login(self) -> list[str]:
        """Active users with no login role on this server; those with one join this
        database."""
        from . import pg_roles

        functions = pg_roles.UserFunctions(self.store)
        return [
            username
            for (username,) in self.sql.all(
                "SELECT username FROM users WHERE role <> 'system' AND NOT disabled "
                "ORDER BY username"
            )
            if not functions.join(username)
        ]

    def create_account(
        self,
        work: UnitOfWork,
        username: str,
        display_name: str,
        role: str,
        password: str,
        hash_password: Callable[[str], str],
        event: dict[str, Any],
    ) -> None:
        from . import pg_roles, pg_security

        functions = pg_roles.UserFunctions(self.store)
        pg_security.check_role_name(username)
        if functions.role_exists(username):
            raise ValidationError(
                f"a PostgreSQL role named {username!r} already exists on this server; choose "
                "another user name",
                field="username",
            )
        functions.create(username, display_name, role, password, event)

    def change_role(self, work: UnitOfWork, user: User, role: str, event: dict[str, Any]) -> None:
        from . import pg_roles

        pg_roles.UserFunctions(self.store).set_role(user.username, role, event)

    def disable(self, work: UnitOfWork, user: User, event: dict[str, Any]) -> None:
        from . import pg_roles

        pg_roles.UserFunctions(self.store).disable(user.username, event)

    def change_password(
        self, work: UnitOfWork, user: User, password: str, hash_password: Callable[[str], str]
    ) -> None:
        from . import pg_roles

        # Also gives a login role to a user a restore brought without one.
        pg_roles.UserFunctions(self.store).set_password(user.username, password)
