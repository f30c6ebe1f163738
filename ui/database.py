"""Which database the window opens: --database, the environment, the last one, or the default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from resolution_center.services.service_text import localize
from resolution_center.services.targets import parse_target, shared, sqlite_url, with_credentials

ENV_DATABASE = "RESOLUTION_CENTER_DATABASE"
APP_DIR_NAME = "resolution-center"
DEFAULT_FILE = "resolution-center.db"


def default_database_path() -> Path:
    """The same default as the command line: a file in the user's data folder."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / DEFAULT_FILE


def default_database_url() -> str:
    return sqlite_url(default_database_path())


def choose_database(option: str | None, remembered: str | None) -> str:
    """--database wins, then RESOLUTION_CENTER_DATABASE, then the last used, then the default."""
    for candidate in (option, os.environ.get(ENV_DATABASE), remembered):
        if candidate and candidate.strip():
            return candidate.strip()
    return default_database_url()


def development_checkout() -> bool:
    """Running from a source tree (`pip install -e .`, the README's Quick start): the package
    sits beside its pyproject.toml, which an installed wheel or a frozen program never has."""
    import resolution_center

    return (Path(resolution_center.__file__).resolve().parents[1] / "pyproject.toml").is_file()


def first_start_assistant(option: str | None, remembered: str | None, url: str) -> bool:
    """Whether the window starts with the set-up assistant: nothing chosen anywhere (option,
    environment, last used) and no database at the default place yet.

    A development checkout (the Quick start) keeps creating a demo database instead, so trying
    the app from source takes one command; an installed program asks, since demo data's
    published passwords must never land on a desk that does real work."""
    chosen = option or os.environ.get(ENV_DATABASE) or remembered
    if (chosen and chosen.strip()) or not needs_creation(url):
        return False
    return not development_checkout()


def display(url: str) -> str:
    """For the status bar and dialogs: never contains a password."""
    return localize(parse_target(url).display)


def sqlite_path(url: str) -> Path | None:
    target = parse_target(url)
    return target.path.expanduser() if target.path is not None else None


def needs_creation(url: str) -> bool:
    """A SQLite file that does not exist yet: the window offers to create it with demo data."""
    path = sqlite_path(url)
    return path is not None and not path.exists()


def ensure_parent(url: str) -> None:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def connect_url(url: str, username: str | None, password: str | None) -> str:
    """The URL to test a connection with: PostgreSQL as the given role, SQLite unchanged."""
    if shared(url) and username:
        return with_credentials(url, username, password)
    return url
