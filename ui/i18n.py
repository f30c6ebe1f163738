"""Translations: Qt's own strings and the app's, for the chosen language or the system's.

The language is the user's setting when there is one ("de", "en"), else the system locale.
Choosing it also sets the default QLocale, so numbers, dates and money in the window follow
the language the window speaks, and the language of the services' messages (they are
translated where they are shown, see resolution_center/services/service_text.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resolution_center.services import service_text
from resolution_center.services.context import resource_path

CATALOG = "resolution_center"
SYSTEM = ""
# The languages the window offers, each named in itself (a user who cannot read the current
# language still finds their own).
LANGUAGES = {"en": "English", "de": "Deutsch"}

_installed: list[QTranslator] = []


def translations_dir() -> str:
    return str(resource_path("translations"))


def locale_for(language: str) -> QLocale:
    """The locale a setting stands for: the system's when it is empty or unknown.

    A chosen language keeps the system's country when the two agree (de on an Austrian
    system stays de_AT); otherwise it takes the language's own default country.
    """
    system = QLocale.system()
    if language not in LANGUAGES:
        return system
    if QLocale.languageToCode(system.language()) == language:
        return system
    return QLocale(language)


def install_translators(app: QCoreApplication, locale: QLocale | None = None) -> list[str]:
    """Load what exists for the locale; returns what was loaded (English needs nothing)."""
    locale = locale or QLocale()
    for old in _installed:
        app.removeTranslator(old)
        old.deleteLater()
    _installed.clear()
    loaded: list[str] = []
    for name, folder in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        (CATALOG, translations_dir()),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(name)
        else:
            translator.deleteLater()
    return loaded


def apply_language(app: QCoreApplication, language: str = SYSTEM) -> QLocale:
    """Make `language` (a LANGUAGES key, or SYSTEM) the window's: translators, the default
    locale for formats, and the services' messages. Windows built afterwards speak it."""
    locale = locale_for(language)
    QLocale.setDefault(locale)
    install_translators(app, locale)
    service_text.set_language(QLocale.languageToCode(locale.language()))
    return locale


def current_language() -> str:
    """The code of the language the window speaks now ('de', 'en')."""
    code = QLocale.languageToCode(QLocale().language())
    return code if code in LANGUAGES else "en"
