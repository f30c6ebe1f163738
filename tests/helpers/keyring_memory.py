"""A keyring of this process only, for tests: never the developer's real keyring (which may be
locked, absent on CI, or hold real passwords)."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backend


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


# keyring's own discovery picks the best of every backend class defined so far: left registered,
# this one (priority 1) would win over the fail backend in every test process that imports it,
# and tests of "no keyring here" would see one. It is installed by `installed()` only.
keyring.backend.KeyringBackend._classes.discard(MemoryKeyring)


def installed() -> Iterator[MemoryKeyring]:
    """The keyring `keyring` uses while the generator is suspended (a fixture's body)."""
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(before)
