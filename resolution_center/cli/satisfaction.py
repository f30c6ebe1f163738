"""Satisfaction on the command line: `survey record|send|show|list`.

`survey record REF --score N --source phone|mail|chat [--comment TEXT]` types in a score the
customer gave; a later one supersedes the earlier (kept as history, `survey show REF` lists
all). A score of 1 or 2 sets a follow-up for the case's assignee in the same change. `survey
send REF` sends the survey to a resolved case that has none (resolving sends it by itself).
"""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.satisfaction import ENTERED_SOURCES, SCALE, Score
from .app import Access, App
from .output import Output
from .parsing import Subcommands, command, group

COLUMNS = ("case", "score", "source", "recorded_by", "recorded_at", "comment")


def score_data(s: Score) -> dict[str, Any]:
    return {
        "id": s.id,
        "case": s.case_reference,
        "score": s.score,
        "scale": SCALE,
        "source": s.source.value,
        "comment": s.comment,
        "message_id": s.message_id,
        "low": s.low,
        "recorded_by": s.recorded_by,
        "recorded_at": s.recorded_at,
    }


def cmd_record(app: App, args: argparse.Namespace) -> Output:
    ctx = app.ctx
    score = ctx.satisfaction.record(args.ref, args.score, args.source, args.comment or "")
    text = f"{score.case_reference}: {score.score} of {SCALE} by {score.source.value} recorded"
    if score.low:
        tasks = ctx.follow_ups.for_case(score.case_reference)
        if tasks:
            text += f"; low: follow-up {tasks[-1].id} due {tasks[-1].due_at:%Y-%m-%d %H:%M} UTC"
    return Output(score_data(score), text, brief=True)


def cmd_send(app: App, args: argparse.Namespace) -> Output:
    message = app.ctx.satisfaction.send_survey(args.ref)
    return Output(
        {"message_id": message.id, "subject": message.subject, "state": message.state.value},
        f"survey sent on {args.ref} (message {message.id})",
        brief=True,
    )


def cmd_show(app: App, args: argparse.Namespace) -> Output:
    scores = app.ctx.satisfaction.for_case(args.ref)
    items = [score_data(s) for s in scores]
    for item in items[:-1]:
        item["current"] = False
    if items:
        items[-1]["current"] = True
    return Output({"items": items}, columns={"items": (*COLUMNS, "current")})


def cmd_list(app: App, args: argparse.Namespace) -> Output:
    scores = app.ctx.satisfaction.list(args.limit)
    if args.low:
        scores = [s for s in scores if s.low]
    return Output({"items": [score_data(s) for s in scores]}, columns={"items": COLUMNS})


def register(sub: Subcommands) -> None:
    survey = group(sub, "survey", "customer satisfaction after resolution: record, send, list")

    p = command(survey, "record", cmd_record, Access.USER, "record a score the customer gave")
    p.add_argument("ref", metavar="REF")
    # checked by the service, which names the field in its refusal
    p.add_argument("--score", required=True, metavar="N", help=f"1 to {SCALE}")
    p.add_argument(
        "--source",
        required=True,
        choices=[s.value for s in ENTERED_SOURCES],
        help="how the customer gave it",
    )
    p.add_argument("--comment", help="what the customer said")

    p = command(survey, "send", cmd_send, Access.USER, "send the survey to a resolved case")
    p.add_argument("ref", metavar="REF")

    p = command(survey, "show", cmd_show, Access.READER, "every score of a case, the last current")
    p.add_argument("ref", metavar="REF")

    p = command(survey, "list", cmd_list, Access.READER, "each scored case's current score")
    p.add_argument("--low", action="store_true", help="only scores of 1 or 2")
    p.add_argument("--limit", type=int, default=200, help="at most this many (newest first)")
