"""The demo database's people: published in the README, never for a real database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: str
    password: str
    display_name: str


# Published in the README: these are demo credentials, never for a real database.
# Two specialists and two supervisors at least, so that dual sign-off has two distinct approvers.
DEMO_USERS: list[DemoUser] = [
    DemoUser("admin", "admin", "admin-demo-1", "Amara Okafor"),
    DemoUser("sofia", "specialist", "specialist-demo-1", "Sofia Marchetti"),
    DemoUser("dmitri", "specialist", "specialist-demo-2", "Dmitri Volkov"),
    DemoUser("aiko", "specialist", "specialist-demo-3", "Aiko Tanaka"),
    DemoUser("zoe", "senior-specialist", "senior-demo-1", "Zoe Fischer"),
    DemoUser("lena", "senior-specialist", "senior-demo-2", "Lena Andersson"),
    DemoUser("kenji", "expert", "expert-demo-1", "Kenji Watanabe"),
    DemoUser("maria", "supervisor", "supervisor-demo-1", "María Fernández"),
    DemoUser("olu", "supervisor", "supervisor-demo-2", "Olu Balogun"),
]
