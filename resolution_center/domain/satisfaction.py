"""Customer satisfaction after resolution: a score of 1 to 5 with a comment, where it came from,
reading a score from a customer's reply, and which scores call for a follow-up.

A case keeps every score it was given; the latest is its current one (a customer who first
answered on the phone and then wrote back has changed their mind, and the earlier answer is
still history worth keeping).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .case import clean_text, parse_enum
from .errors import ValidationError
from .ids import CaseId

SCALE = 5  # scores run from 1 to SCALE, as the survey template asks
REPLY_SCORES = tuple(str(n) for n in range(1, SCALE + 1))
# A score at or below this is a customer we failed: 1 and 2 on a five-point scale are the two
# "dissatisfied" answers (3 is neutral), the usual cut of a CSAT survey.
LOW_SCORE = 2
# How long the follow-up of a low score may wait: one working week would lose the customer,
# the same day is often before they read our answer; two days is the team's call-back promise.
LOW_SCORE_FOLLOW_UP = timedelta(days=2)
SURVEY_TEMPLATE = "satisfaction-survey"
COMMENT_MAX = 2000


class ScoreSource(StrEnum):
    PHONE = "phone"
    MAIL = "mail"
    CHAT = "chat"
    REPLY = "reply"  # read from the customer's reply to the survey


# What a specialist may name when typing a score in; REPLY is the reply reader's own.
ENTERED_SOURCES = (ScoreSource.PHONE, ScoreSource.MAIL, ScoreSource.CHAT)


@dataclass(frozen=True, slots=True)
class Score:
    id: int
    case_id: CaseId
    case_reference: str
    score: int
    comment: str
    source: ScoreSource
    message_id: int | None  # the reply it was read from
    recorded_by: str
    recorded_at: datetime

    @property
    def low(self) -> bool:
        return is_low(self.score)


def is_low(score: int) -> bool:
    return score <= LOW_SCORE


def check_score(value: object) -> int:
    """A whole number from 1 to SCALE (typed text accepted), or a clear refusal."""
    text = str(value).strip()
    if not text:
        raise ValidationError(f"choose a satisfaction score from 1 to {SCALE}", field="score")
    # ASCII digits only: str.isdigit also takes '²' and '①', which int() refuses with a crash.
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= SCALE:
        raise ValidationError(
            f"a satisfaction score is a whole number from 1 to {SCALE}, not {text!r}",
            field="score",
        )
    return int(text)


def check_comment(text: str | None) -> str:
    comment = clean_text(text, "comment", multiline=True)
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            f"the comment is {len(comment)} characters; at most {COMMENT_MAX}", field="comment"
        )
    return comment


def check_source(value: str, *, entered: bool = True) -> ScoreSource:
    source = parse_enum(ScoreSource, value, "source")
    if entered and source not in ENTERED_SOURCES:
        raise ValidationError(
            f"a score typed in came by {', '.join(s.value for s in ENTERED_SOURCES)}; "
            "a reply's score is read from the reply itself",
            field="source",
        )
    return source


def score_from_reply(text: str) -> tuple[int, str] | None:
    """(score, comment) from a reply whose first non-blank line is a digit 1..SCALE alone (a
    trailing period or a "/5" allowed); the rest of the text is the comment, without the
    quoted original below it. None when the reply does not start with a score."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return None
    first = lines[0].strip().rstrip(".").removesuffix(f"/{SCALE}").strip()
    if first not in REPLY_SCORES:  # '²' or '①' is no score (and int() would refuse it)
        return None
    rest = []
    for line in lines[1:]:
        if line.startswith(">") or (line.startswith("On ") and line.rstrip().endswith("wrote:")):
            break  # the quoted survey below the answer is ours, not the customer's comment
        rest.append(line)
    return int(first), "\n".join(rest).strip()[:COMMENT_MAX]
