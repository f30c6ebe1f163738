"""CJK names are drawn in one outline font and weight, never a bitmap fallback that looks bold."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication, QTableView

from ui.style import CJK_FAMILIES, prefer_outline_cjk_fonts

NAMES = ("王芳", "李伟", "山田 太郎", "松本 さくら", "김민준")


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[QFont]:
    before = QFont(qapp.font())
    yield before
    qapp.setFont(before)


def _families(text: str, font: QFont) -> list[tuple[str, int]]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(r.rawFont().familyName(), r.rawFont().weight()) for r in layout.glyphRuns()]


def test_every_cjk_name_uses_one_outline_family_and_the_ui_weight(  # type: ignore[no-untyped-def]
    qapp, app_font
) -> None:
    if not set(CJK_FAMILIES) & set(QFontDatabase.families()):
        pytest.skip("no CJK outline font installed here")
    families = prefer_outline_cjk_fonts(qapp)
    table_font = QTableView().font()  # what the case list draws with
    assert table_font.families() == families
    cjk_runs = {
        run
        for name in NAMES
        for run in _families(name, table_font)
        if run[0] != families[0]  # the space between given and family name
    }
    assert cjk_runs == {(families[1], table_font.weight())}
    assert {family for family, _w in _families("Zoë Σοφία", table_font)} == {families[0]}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig's hinting only")
def test_cjk_glyphs_sit_on_whole_pixels_after_a_latin_space(qapp, app_font) -> None:  # type: ignore[no-untyped-def]
    """At a fractional x a 1-pixel stroke spreads over two and the name reads as bold."""
    prefer_outline_cjk_fonts(qapp)
    font = QTableView().font()
    layout = QTextLayout("山田 太郎", font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    xs = [point.x() for run in layout.glyphRuns() for point in run.positions()]
    assert len(xs) == 5 and all(x == int(x) for x in xs)
