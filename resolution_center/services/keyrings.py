"""Whether the system keyring can keep a secret here: the window's remembered database
passwords (ui/credentials.py) and the SMTP password (smtp_password.py) ask the same question."""

from __future__ import annotations


def usable() -> bool:
    """False where only the fail or null backend exists (headless Linux, CI)."""
    # Imported on first use: keyring discovers its backends on import (~50 ms), which a login
    # dialog's first paint must not wait for.
    import keyring

    try:
        backend = keyring.get_keyring()
    except Exception:
        return False
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name in ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"):
        return False
    priority = getattr(backend, "priority", 1)
    return not (isinstance(priority, int | float) and priority <= 0)
