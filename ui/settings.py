"""Every UI setting declared once, typed, over QSettings; business data never goes here."""

from __future__ import annotations

import json
from typing import Any, Generic, TypeVar, overload
from urllib.parse import urlparse, urlunparse

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

MAX_RECENT = 8


def strip_password(url: str) -> str:
    """The URL without a password: recent databases are remembered, passwords never are."""
    parsed = urlparse(url)
    if parsed.password is None:
        return url
    host = parsed.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = (f"{parsed.username}@" if parsed.username else "") + host
    if parsed.port:
        netloc += f":{parsed.port}"
    return urlunparse(parsed._replace(netloc=netloc))


class _Setting(Generic[T]):
    """A typed QSettings key: the key, its default and how it is stored live in one place."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type) -> T: ...
    def __get__(self, obj: Settings | None, owner: type) -> T | _Setting[T]:
        if obj is None:
            return self
        return self.load(obj.qsettings.value(self.key))

    def __set__(self, obj: Settings, value: T) -> None:
        obj.qsettings.setValue(self.key, self.dump(value))

    def load(self, raw: Any) -> T:
        return self.default if raw is None else raw

    def dump(self, value: T) -> Any:
        return value


class _Text(_Setting[str]):
    def load(self, raw: Any) -> str:
        return str(raw) if raw is not None else self.default


class _Flag(_Setting[bool]):
    # INI files give back "true"/"false" text; native stores give back bools.
    def load(self, raw: Any) -> bool:
        if raw is None:
            return self.default
        return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")


class _Bytes(_Setting[QByteArray]):
    """Qt's own state blobs (geometry, header and splitter states)."""

    def __init__(self, key: str) -> None:
        super().__init__(key, QByteArray())

    def load(self, raw: Any) -> QByteArray:
        if isinstance(raw, QByteArray):
            return raw
        if isinstance(raw, bytes | bytearray):
            return QByteArray(bytes(raw))
        return QByteArray()


class _TextList(_Setting[list[str]]):
    # Stored as JSON text: an INI file turns a one-element list into a plain string otherwise.
    def __init__(self, key: str) -> None:
        super().__init__(key, [])

    def load(self, raw: Any) -> list[str]:
        try:
            value = json.loads(str(raw)) if raw is not None else []
        except ValueError:
            return []
        return [str(v) for v in value] if isinstance(value, list) else []

    def dump(self, value: list[str]) -> str:
        return json.dumps(list(value))


class Settings:
    """The window's remembered state. Tests hand in a QSettings on a temporary INI file."""

    last_database = _Text("connection/last_database", "")
    recent_databases = _TextList("connection/recent")
    last_username = _Text("login/last_username", "")
    remember_password = _Flag("connection/remember_password", True)
    main_geometry = _Bytes("main_window/geometry")
    main_state = _Bytes("main_window/state")
    main_splitter = _Bytes("main_window/splitter")
    list_splitter = _Bytes("case_list/splitter")
    case_columns = _Bytes("case_list/header")
    saved_view = _Text("case_list/saved_view", "my-open")
    viewer_tab = _Text("case_viewer/tab", "details")
    audit_splitter = _Bytes("case_viewer/audit_splitter")
    language = _Text("ui/language", "")
    """'de', 'en', or '' to follow the system (ui/i18n.py)."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else QSettings()

    def splitter_for(self, size_class: str) -> QByteArray:
        """The main window's list/viewer split as last left in windows of this size class."""
        return _Bytes(f"main_window/splitter/{size_class}").load(
            self.qsettings.value(f"main_window/splitter/{size_class}")
        )

    def set_splitter_for(self, size_class: str, state: QByteArray) -> None:
        self.qsettings.setValue(f"main_window/splitter/{size_class}", state)

    def add_recent_database(self, url: str) -> None:
        clean = strip_password(url)
        recent = [clean, *(u for u in self.recent_databases if u != clean)]
        self.recent_databases = recent[:MAX_RECENT]
        self.last_database = clean

    def sync(self) -> None:
        self.qsettings.sync()
