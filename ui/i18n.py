"""Translations: Qt's own strings and the app's, for the system locale, when a .qm exists."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resolution_center.services.context import resource_path

CATALOG = "resolution_center"


def translations_dir() -> str:
    return str(resource_path("translations"))


def install_translators(app: QCoreApplication, locale: QLocale | None = None) -> list[str]:
    """Load what exists for the locale; returns what was loaded (English needs nothing)."""
    locale = locale or QLocale()
    loaded: list[str] = []
    for name, folder in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        (CATALOG, translations_dir()),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            loaded.append(name)
        else:
            translator.deleteLater()
    return loaded
