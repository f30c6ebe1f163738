"""Errors that say whose fault they are; each maps to one CLI exit code and one UI presentation."""

from __future__ import annotations

from typing import Any


class RCError(Exception):
    """Base of every error the application raises on purpose."""

    kind = "error"
    exit_code = 1

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "message": self.message}
        if self.details:
            out["details"] = self.details
        return out


class VerificationFailed(RCError):
    """The audit chain, a checkpoint or an exported file did not verify."""

    kind = "verification_failed"
    exit_code = 1


class UsageError(RCError):
    kind = "usage"
    exit_code = 2


class ValidationError(RCError):
    """The user's input is wrong; shown next to the field it names."""

    kind = "validation"
    exit_code = 3

    def __init__(self, message: str, field: str | None = None, **details: Any) -> None:
        super().__init__(message, **details)
        self.field = field

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        if self.field:
            out["field"] = self.field
        return out


class NotFound(ValidationError):
    kind = "not_found"


class PolicyRefusal(RCError):
    """The policy or a rule of the trade refuses the action (illegal transition, self-approval)."""

    kind = "policy"
    exit_code = 3


class ConflictError(RCError):
    """Someone else changed the record since the user loaded it; their input must be kept."""

    kind = "conflict"
    exit_code = 4


class EnvironmentFault(RCError):
    """The database is unreachable, locked, read-only, newer than the app, or the disk is full."""

    kind = "environment"
    exit_code = 5


class AuthenticationError(RCError):
    kind = "authentication"
    exit_code = 6


class PermissionDenied(AuthenticationError):
    """The user is known but their role may not do this."""

    kind = "permission"
