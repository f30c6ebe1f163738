"""Registers the bundled DejaVu fonts with reportlab once, so every PDF embeds the same glyphs."""

from __future__ import annotations

import threading
from importlib import resources

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
MONO = "DejaVuSansMono"

_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf", MONO: "DejaVuSansMono.ttf"}
# reportlab's font registry is process-wide; the lock only keeps two first renders from
# registering at once.
_lock = threading.Lock()
# reportlab keeps process-wide state (font subset assignments, rl_config): one document is
# built at a time, agreements (whose bytes are verified later) and review reports alike.
RENDER_LOCK = threading.Lock()


def register_fonts() -> None:
    """Register the fonts with reportlab; cheap and harmless to call before every render."""
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        if registered.issuperset(_FILES):
            return
        folder = resources.files("resources.fonts")
        for name, filename in _FILES.items():
            if name in registered:
                continue
            # as_file gives a real path even when resources live in a zip (a frozen app).
            with resources.as_file(folder.joinpath(filename)) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        # <b> in a paragraph picks the bold face; there is no italic face, so italic maps to
        # the upright one rather than falling back to a font that is not embedded.
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        addMapping(MONO, 0, 0, MONO)
        addMapping(MONO, 1, 0, MONO)
        addMapping(MONO, 0, 1, MONO)
        addMapping(MONO, 1, 1, MONO)


def unprintable(text: str) -> set[str]:
    """Characters of text the body font has no glyph for (they would print as empty boxes)."""
    register_fonts()
    font = pdfmetrics.getFont(SANS)
    glyphs = font.face.charToGlyph  # type: ignore[attr-defined]  # a TTF face's; stubs lack it
    return {ch for ch in text if not ch.isspace() and ord(ch) not in glyphs}
