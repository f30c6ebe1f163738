"""Users, passwords (argon2id), logins with lockout, and opening a database as someone."""

from __future__ import annotations

import logging
from datetime import datetime

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..domain.actions import Action
from ..domain.errors import AuthenticationError, NotFound, PermissionDenied, ValidationError
from ..domain.users import SYSTEM_USER, User, check_password, check_role, check_username
from ..storage.credentials import check_server_login
from ..storage.repositories import UserRepository, lock_expiry
from ..storage.store import Store
from .context import SYSTEM_ACTOR, Clock, Config, Context
from .queues import join_role_queue

log = logging.getLogger(__name__)


def hasher(config: Config) -> PasswordHasher:
    return PasswordHasher(
        time_cost=config.argon2_time_cost,
        memory_cost=config.argon2_memory_kib,
        parallelism=config.argon2_parallelism,
        type=Type.ID,
    )


def hash_parameters(password_hash: str) -> dict[str, int]:
    """The cost settings a hash was made with (they are in its text; no secret)."""
    params = extract_parameters(password_hash)
    return {
        "time_cost": params.time_cost,
        "memory_kib": params.memory_cost,
        "parallelism": params.parallelism,
    }


def authenticate(
    store: Store, username: str, password: str | None, config: Config, clock: Clock
) -> User:
    repo = UserRepository(store)
    name = (username or "").strip().lower()
    found = repo.get(name)
    if found is None or name == SYSTEM_USER:
        raise AuthenticationError("wrong user name or password")
    user, stored_hash = found
    if user.disabled:
        raise AuthenticationError(f"the account {name!r} is disabled")
    if store.dialect.server_logins:
        # The server already checked the password of this login role. Nothing below (failure
        # counters, lockout, rehash) runs there: app roles cannot write `users`.
        return user
    now = clock()
    if user.locked_until and user.locked_until > now:
        raise AuthenticationError(
            f"the account {name!r} is locked after repeated failed logins until "
            f"{user.locked_until:%H:%M} UTC"
        )
    argon = hasher(config)
    try:
        if not stored_hash:
            raise VerificationError("no password set")
        argon.verify(stored_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        _record_failure(store, user, config, now)
        raise AuthenticationError("wrong user name or password") from None
    if user.failed_logins or user.locked_until:
        with store.transaction(SYSTEM_ACTOR, now) as work:
            repo.set(user.id, failed_logins=0, locked_until=None)
            work.emit(Action.USER_LOGIN_RESET, "user", user.username, {"failed_logins": 0})
    if argon.check_needs_rehash(stored_hash):
        _rehash(store, user, stored_hash, argon.hash(password or ""), now)
    return user


def _rehash(store: Store, user: User, old_hash: str, new_hash: str, now: datetime) -> None:
    """Store the password again with the current argon2 settings.

    A login is the only time the password is known, so this is how a change of settings
    reaches existing users without anyone resetting a password.
    """
    repo = UserRepository(store)
    with store.transaction(SYSTEM_ACTOR, now) as work:
        found = repo.get(user.username)
        # Read again under the write lock: a password changed (or another login's rehash)
        # since this one was checked is never overwritten with the old password.
        if found is None or found[1] != old_hash:
            return
        repo.set(user.id, password_hash=new_hash)
        work.emit(
            Action.USER_PASSWORD_REHASHED,
            "user",
            user.username,
            {"old": hash_parameters(old_hash), "new": hash_parameters(new_hash)},
        )


def confirm_password(ctx: Context, password: str | None) -> None:
    """A deliberate act (signing off money) asks for the acting user's password again.

    Checked where logins are checked: the argon2id hash with lockout (SQLite), or the server
    itself through a throwaway connection as the user's own role (PostgreSQL).
    """
    if not password:
        raise AuthenticationError("enter your password again to confirm")
    store = ctx.store
    try:
        if store.dialect.server_logins:
            check_server_login(store.target.url, ctx.actor.username, password)
        else:
            authenticate(store, ctx.actor.username, password, ctx.config, ctx.clock)
    except AuthenticationError as exc:
        if "wrong user name or password" not in exc.message:
            raise  # locked, disabled: say so
        raise AuthenticationError("wrong password: nothing was signed") from None


def _record_failure(store: Store, user: User, config: Config, now: datetime) -> None:
    failures = user.failed_logins + 1
    locked = failures >= config.lockout_failures
    with store.transaction(SYSTEM_ACTOR, now) as work:
        values: dict[str, object] = {"failed_logins": failures}
        if locked:
            values["locked_until"] = lock_expiry(now, config.lockout_minutes)
        UserRepository(store).set(user.id, **values)
        work.emit(
            Action.USER_LOCKED if locked else Action.USER_LOGIN_FAILED,
            "user",
            user.username,
            {
                "failed_logins": failures,
                **({"locked_minutes": config.lockout_minutes} if locked else {}),
            },
        )


class UserService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = UserRepository(ctx.store)

    def _require_admin(self) -> None:
        if self.ctx.actor.role not in ("admin", "system"):
            raise PermissionDenied("only an admin may manage users")

    def list(self) -> list[User]:
        return [u for u in self.repo.list() if u.username != SYSTEM_USER]

    def get(self, username: str) -> User:
        found = self.repo.get(check_username(username))
        if not found:
            raise NotFound(f"no user named {username!r}", field="username")
        return found[0]

    def add(self, username: str, display_name: str, role: str, password: str) -> User:
        self._require_admin()
        name = check_username(username)
        role_value = check_role(role)
        check_password(password)
        display = (display_name or "").strip() or name
        if self.repo.get(name):
            raise ValidationError(f"a user named {name!r} already exists", field="username")
        store = self.ctx.store
        now = self.ctx.now()
        event = {"new": {"role": role_value.value, "display_name": display}}
        with store.transaction(self.ctx.actor, now) as work:
            self.repo.create_account(
                work, name, display, role_value.value, password, hasher(self.ctx.config).hash, event
            )
            created = self.repo.get(name)
            assert created is not None  # written just now, in this transaction
            join_role_queue(store, work, created[0].id, name, role_value.value, "by role")
        return self.get(name)

    def _active_admins(self) -> int:
        return sum(1 for u in self.repo.list() if u.role == "admin" and not u.disabled)

    def change_role(self, username: str, role: str) -> User:
        """Give a user another role; an admin never their own, and one active admin stays."""
        self._require_admin()
        user = self.get(username)
        new = check_role(role).value
        if user.username == self.ctx.actor.username:
            raise ValidationError("an admin cannot change their own role", field="username")
        if user.role == new:
            raise ValidationError(f"{user.username} is already {new}", field="role")
        store = self.ctx.store
        event = {"old": {"role": user.role}, "new": {"role": new}}
        with store.transaction(self.ctx.actor, self.ctx.now()) as work:
            if user.role == "admin" and not user.disabled and self._active_admins() <= 1:
                raise ValidationError(
                    "the last active admin cannot lose the admin role", field="role"
                )
            self.repo.change_role(work, user, new, event)
        return self.get(username)

    def disable(self, username: str, reason: str = "") -> User:
        self._require_admin()
        user = self.get(username)
        if user.username == self.ctx.actor.username:
            raise ValidationError("you cannot disable your own account", field="username")
        if user.disabled:
            raise ValidationError(f"{user.username} is already disabled", field="username")
        store = self.ctx.store
        event = {"old": {"disabled": False}, "new": {"disabled": True}, "reason": reason}
        with store.transaction(self.ctx.actor, self.ctx.now()) as work:
            if user.role == "admin" and self._active_admins() <= 1:
                raise ValidationError("the last active admin cannot be disabled", field="username")
            self.repo.disable(work, user, event)
        return self.get(username)

    def change_password(self, username: str, new_password: str) -> None:
        user = self.get(username)
        if user.username != self.ctx.actor.username:
            self._require_admin()
        check_password(new_password)
        store = self.ctx.store
        with store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self.repo.change_password(work, user, new_password, hasher(self.ctx.config).hash)

    def ensure_system_user(self) -> None:
        """The built-in actor exists as a row so notes and assignments can name it."""
        if not self.repo.get(SYSTEM_USER):
            with self.ctx.store.transaction(SYSTEM_ACTOR, self.ctx.now()) as work:
                self.repo.insert(SYSTEM_USER, "System", "system", None, self.ctx.now())
                work.emit(Action.USER_CREATED, "user", SYSTEM_USER, {"role": "system"})

    def user_id(self, username: str) -> int:
        return self.get(username).id
