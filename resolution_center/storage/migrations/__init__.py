"""Schema migrations: an ordered list of steps; the database records the version it reached.

Each step is a function (db, backend) -> None run inside one transaction. Steps are never edited
once released; a change is a new step.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from . import (
    m0001_initial,
    m0002_remedies,
    m0003_agreements,
    m0004_attachments,
    m0005_search_words,
    m0006_row_salts,
    m0007_accent_folding,
    m0008_folded_index,
    m0009_sla_index,
    m0010_sla_calendars,
    m0011_queues,
    m0012_closing_the_loop,
    m0013_case_sources,
    m0014_offer_answers,
    m0015_messages,
    m0016_outbox,
    m0017_mail_in,
    m0018_notifications_satisfaction,
    m0019_reviews,
    m0020_sla_alerted_index,
    m0021_order_items_by_product,
)

Step = Callable[[peewee.Database, str], None]

MIGRATIONS: tuple[tuple[int, str, Step], ...] = (
    (1, "initial schema, search index and audit chain", m0001_initial.up),
    (2, "remedy authorization: policies, remedies, sign-offs", m0002_remedies.up),
    (3, "negotiated agreements: offers, agreement versions, exports", m0003_agreements.up),
    (4, "evidence and attachments: files attached to cases", m0004_attachments.up),
    (5, "search words stored with each case (SQLite)", m0005_search_words.up),
    (6, "row salts: personal columns of row images (event format 2)", m0006_row_salts.up),
    (7, "accent folding in PostgreSQL's search (unaccent)", m0007_accent_folding.up),
    (8, "SQLite's search index holds the folded word lists", m0008_folded_index.up),
    (9, "an index for the counts per status and SLA state", m0009_sla_index.up),
    (
        10,
        "SLA in business hours: calendar versions and each case's SLA clock",
        m0010_sla_calendars.up,
    ),
    (11, "escalation queues: members per tier and routing of new cases", m0011_queues.up),
    (12, "closing the loop: resolutions, follow-up tasks, case links", m0012_closing_the_loop.up),
    (13, "where imported cases came from: unique per source system and id", m0013_case_sources.up),
    (14, "offer answers: how each was given and who recorded it", m0014_offer_answers.up),
    (15, "messages to customers, their templates and approved answers", m0015_messages.up),
    (16, "mail out: the outbox and each mail's delivery", m0016_outbox.up),
    (17, "mail in: received messages, the mail quarantine, IMAP cursors", m0017_mail_in.up),
    (18, "notifications' read state, satisfaction scores", m0018_notifications_satisfaction.up),
    (19, "periodic reviews: frozen figures, notes, actions, sign-off", m0019_reviews.up),
    (20, "an index of the open cases with an SLA warning or breach", m0020_sla_alerted_index.up),
    (21, "order lines by product (SQLite), for top products", m0021_order_items_by_product.up),
)
LATEST = MIGRATIONS[-1][0]
