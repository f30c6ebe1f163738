"""PostgreSQL mode's security boundary: privileges, the append function, append-only triggers.

Each application user is their own login role, a member of this database's group role. Members
may read everything and write case data, but the audit trail only through `rc_append_event` (or
its bulk form `rc_append_events`, for imports), which runs as the owner, stamps the actor from
`session_user` and the server's clock, and takes the chain-head row lock so concurrent writers
can never fork the chain. Triggers refuse UPDATE, DELETE and TRUNCATE on the trail even for
the owner.

Roles (storage/pg_roles.py): per database, the NOLOGIN groups `rc_app__<db>` (users) and
`rc_admin__<db>` (admins; includes the first), and the NOLOGIN owner role `rc_owner__<db>` with
CREATEROLE, which owns the SECURITY DEFINER functions that alone create login roles, set their
passwords, roles and LOGIN, and write `users`. No app role (the groups, every login role in
them) has SUPERUSER, CREATEROLE or CREATEDB, a membership WITH ADMIN OPTION, or any way to
become the owner role. resolution_center/storage/pg_privileges.txt lists every privilege the app
roles hold; a test holds a fresh database to it.

What `init` needs, once: the first `init` of a database (and the one that upgrades a database
from a release where admins had CREATEROLE) must run as a superuser, or as a role with
CREATEROLE that owns the database (and may create in schema `public`: PostgreSQL 15 gives that
to the database owner). It creates the three roles, makes the installing role a member of the
owner role when it is not a superuser (to own and replace the owner's functions), hands those
functions to the owner role, and takes CREATEROLE, CREATEDB, ADMIN OPTION and memberships in
other roles (pg_execute_server_program...) away from this database's existing login roles.
Afterwards neither the app nor a repeated `init` needs those privileges: every role statement
runs only when something is missing, and users are managed through the owner's functions. A
non-superuser installer may then give up CREATEROLE; set-up commands acting as `system` (the
database owner or a superuser) still work through the same functions.
"""

from __future__ import annotations

import re

import peewee

from ..domain.agreement import AgreementState
from ..domain.errors import ValidationError
from ..domain.offer import OfferState
from . import (
    pg_attachments,
    pg_closing,
    pg_mail_in,
    pg_messages,
    pg_notifications,
    pg_outbox,
    pg_queues,
    pg_remedies,
    pg_reviews,
    pg_roles,
    pg_satisfaction,
    pg_sla,
    pg_vouch,
    sql,
)

# security.sql names the agreement states and the remedy states and roles pg_remedies renders.
FUNCTIONS_SQL = sql.render(
    "security",
    {
        **pg_remedies.constants(),
        **sql.members("agreement", AgreementState),
        **sql.members("offer", OfferState),
    },
)
# Remedy authorization's guard functions (storage/pg_remedies.py) are installed with these.
FUNCTIONS_SQL += pg_remedies.FUNCTIONS_SQL
# Evidence (storage/pg_attachments.py): append-only, withdrawn only through its function.
FUNCTIONS_SQL += pg_attachments.FUNCTIONS_SQL
# Escalation queues (storage/pg_queues.py): members by admins; assignees stay in their queue.
FUNCTIONS_SQL += pg_queues.FUNCTIONS_SQL
# Closing the loop (storage/pg_closing.py): closing a case over open remedies, tasks, links.
FUNCTIONS_SQL += pg_closing.FUNCTIONS_SQL
# SLA calendars and a case's recorded breaches (storage/pg_sla.py): kept as recorded.
FUNCTIONS_SQL += pg_sla.FUNCTIONS_SQL
# Messages, templates, approved answers (storage/pg_messages.py): in one's own name, no
# self-approval, sent messages and versions never change.
FUNCTIONS_SQL += pg_messages.FUNCTIONS_SQL
# Mail in (storage/pg_mail_in.py): quarantined mail kept as it came, cursors move forward.
FUNCTIONS_SQL += pg_mail_in.FUNCTIONS_SQL
# The outbox (storage/pg_outbox.py): queued in the sender's name, delivered by deliverers.
FUNCTIONS_SQL += pg_outbox.FUNCTIONS_SQL
# Satisfaction scores and notifications' read state (pg_satisfaction.py, pg_notifications.py):
# in one's own name, never rewritten.
FUNCTIONS_SQL += pg_satisfaction.FUNCTIONS_SQL
FUNCTIONS_SQL += pg_notifications.FUNCTIONS_SQL
# Periodic reviews (storage/pg_reviews.py): by supervisors and admins; a signed one is final.
FUNCTIONS_SQL += pg_reviews.FUNCTIONS_SQL
# Users and their login roles (storage/pg_roles.py): written only by the owner role's functions.
FUNCTIONS_SQL += pg_roles.FUNCTIONS_SQL
# The append functions, row images and seals, and the policy inputs' guards (pg_vouch.py).
FUNCTIONS_SQL += pg_vouch.FUNCTIONS_SQL

# Application users: read everything, write case data, never the trail or the user table.
APP_GRANTS = (
    "GRANT CONNECT ON DATABASE {database} TO {app}",
    "GRANT USAGE ON SCHEMA public TO {app}",
    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {app}",
    "GRANT INSERT, UPDATE ON customers, cases, order_items, notes, counters TO {app}",
    "GRANT INSERT ON personal_values TO {app}",
    # Row images (event format 2) and their salts are made by the server (pg_vouch.py).
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
    "REVOKE ALL ON FUNCTION rc_actor() FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION rc_actor() TO {app}",
    # Agreements (step 3): triggers keep issued versions, exports and answered offers as written.
    "GRANT INSERT, UPDATE ON offers, agreements TO {app}",
    "GRANT INSERT ON agreement_exports TO {app}",
    "REVOKE ALL ON FUNCTION rc_freeze_remedies(text, bigint[]) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION rc_freeze_remedies(text, bigint[]) TO {app}",
    # Admins manage settings (users: through pg_roles' functions); erasing personal data too.
    "GRANT INSERT, UPDATE ON settings TO {admin}",
    "GRANT DELETE ON personal_values TO {admin}",
    # Imports (step 13): only admins import, and a case's source is written once.
    "GRANT INSERT ON case_sources TO {admin}",
    # Remedies: written only through the guard functions; policy versions by admins.
    *pg_remedies.APP_GRANTS,
    *pg_attachments.APP_GRANTS,
    *pg_closing.APP_GRANTS,
    *pg_queues.APP_GRANTS,
    *pg_messages.APP_GRANTS,
    *pg_reviews.APP_GRANTS,
    *pg_mail_in.APP_GRANTS,
    *pg_outbox.APP_GRANTS,
    *pg_satisfaction.APP_GRANTS,
    *pg_notifications.APP_GRANTS,
    *pg_roles.APP_GRANTS,
    *pg_sla.APP_GRANTS,
    *pg_vouch.APP_GRANTS,
)

_ROLE_NAME = re.compile(r"^[a-z][a-z0-9_.-]{0,62}\Z")
_RESERVED = re.compile(r"^(pg_|rc_(app|admin|owner)__)")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _base(database_name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", database_name.lower())[:40]


def group_roles(database_name: str) -> tuple[str, str]:
    """Group role names are per database: roles are shared by every database on a server."""
    base = _base(database_name)
    return f"rc_app__{base}", f"rc_admin__{base}"


def owner_role(database_name: str) -> str:
    """The NOLOGIN role that owns the user functions (storage/pg_roles.py) of a database."""
    return f"rc_owner__{_base(database_name)}"


def check_role_name(username: str) -> str:
    if not _ROLE_NAME.match(username) or _RESERVED.match(username):
        raise ValidationError(
            "user names are lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter (at most 63), and not a name the server or the app "
            "reserves (pg_..., rc_app__..., rc_admin__..., rc_owner__...)",
            field="username",
        )
    return username


def install(db: peewee.Database) -> tuple[str, str]:
    """Create or refresh functions, triggers, roles and grants; idempotent.

    Role statements run only when something is missing or wrong (see the module docstring for
    the privileges that takes).
    """
    database = db.execute_sql("SELECT current_database()").fetchone()[0]
    app, admin = group_roles(database)
    owner = owner_role(database)
    cursor = db.cursor()  # no parameters: PL/pgSQL's RAISE uses '%' placeholders of its own
    try:
        cursor.execute(FUNCTIONS_SQL)
        pg_roles.ensure_roles(db, app, admin, owner)
        cursor.execute(pg_roles.names_sql(app, admin, owner))
    finally:
        cursor.close()
    pg_roles.take_ownership(db, owner)
    for stmt in APP_GRANTS:
        db.execute_sql(
            stmt.format(
                database=quote_ident(database),
                app=quote_ident(app),
                admin=quote_ident(admin),
                owner=quote_ident(owner),
            )
        )
    pg_roles.secure_login_roles(db, app, admin)
    return app, admin
