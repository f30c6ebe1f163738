"""Translated words for satisfaction: where a score came from, and a score as text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from resolution_center.domain.satisfaction import SCALE, Score, ScoreSource

from .formatting import local_time

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def source_label(source: ScoreSource | str) -> str:
    return {
        ScoreSource.PHONE: translate("Satisfaction", "Phone"),
        ScoreSource.MAIL: translate("Satisfaction", "Mail"),
        ScoreSource.CHAT: translate("Satisfaction", "Chat"),
        ScoreSource.REPLY: translate("Satisfaction", "Reply to the survey"),
    }.get(ScoreSource(source), str(source))


def score_text(score: Score) -> str:
    """'4 of 5 · Phone · alice, 07.12.26 13:05'"""
    return translate("Satisfaction", "{score} of {scale} · {how}").format(
        score=score.score, scale=SCALE, how=how_text(score)
    )


def how_text(score: Score) -> str:
    """'Phone · alice, 07.12.26 13:05': where a score came from, who recorded it, when."""
    return translate("Satisfaction", "{source} · {who}, {when}").format(
        source=source_label(score.source),
        who=score.recorded_by,
        when=local_time(score.recorded_at),
    )
