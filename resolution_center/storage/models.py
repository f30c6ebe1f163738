"""The schema as peewee models: today's tables as the code reads them. Times are fixed-width UTC
text (2026-11-23T09:41:07.123456Z) on both backends, so they sort, compare and hash identically.

Migrations do not create tables from these (released steps are frozen DDL in migrations/); a test
(tests/storage/test_schema.py) holds them to what the migrations make, and storage/schema.py
derives the table order of backups from them.
"""

from __future__ import annotations

import peewee as pw

from ..domain.remedy import RemedyState


class BaseModel(pw.Model):
    class Meta:
        legacy_table_names = False


class Setting(BaseModel):
    key = pw.CharField(primary_key=True, max_length=64)
    value = pw.TextField()

    class Meta:
        table_name = "settings"


class User(BaseModel):
    username = pw.CharField(max_length=64, unique=True)
    display_name = pw.CharField(max_length=200)
    role = pw.CharField(max_length=32)
    password_hash = pw.TextField(null=True)  # NULL in PostgreSQL mode: the server authenticates
    disabled = pw.BooleanField(default=False)
    failed_logins = pw.IntegerField(default=0)
    locked_until = pw.CharField(max_length=27, null=True)
    created_at = pw.CharField(max_length=27)

    class Meta:
        table_name = "users"


class Customer(BaseModel):
    email_norm = pw.CharField(max_length=254, unique=True)
    name = pw.CharField(max_length=200)
    email = pw.CharField(max_length=254)
    phone = pw.CharField(max_length=40, default="")
    created_at = pw.CharField(max_length=27)

    class Meta:
        table_name = "customers"


class Case(BaseModel):
    reference = pw.CharField(max_length=16, unique=True)
    customer = pw.ForeignKeyField(Customer, backref="cases", on_delete="RESTRICT")
    customer_name = pw.CharField(max_length=200)
    customer_email = pw.CharField(max_length=254)
    customer_phone = pw.CharField(max_length=40, default="")
    order_number = pw.CharField(max_length=64, index=True)
    order_date = pw.CharField(max_length=10, null=True)
    currency = pw.CharField(max_length=3)
    order_total_minor = pw.BigIntegerField()
    shipping_minor = pw.BigIntegerField(default=0)
    category = pw.CharField(max_length=40)
    subcategory = pw.CharField(max_length=40, null=True)
    safety_hazard = pw.BooleanField(default=False)
    channel = pw.CharField(max_length=20)
    priority = pw.CharField(max_length=10)
    priority_rank = pw.SmallIntegerField()  # sortable severity, 3 = critical
    status = pw.CharField(max_length=24)
    tier = pw.CharField(max_length=12)
    assignee = pw.ForeignKeyField(User, null=True, backref="cases", on_delete="RESTRICT")
    subject = pw.CharField(max_length=200)
    description = pw.TextField(default="")
    tags = pw.TextField(default="")  # comma-joined, lower case
    created_at = pw.CharField(max_length=27)
    updated_at = pw.CharField(max_length=27)
    updated_by = pw.CharField(max_length=64, default="")
    first_response_due = pw.CharField(max_length=27)
    resolution_due = pw.CharField(max_length=27)
    first_responded_at = pw.CharField(max_length=27, null=True)
    resolved_at = pw.CharField(max_length=27, null=True)
    version = pw.IntegerField(default=1)
    # Schema step 12: how the case was resolved, and the case it was merged into (a reference,
    # not a key: a merged case may be older than the one it points to).
    resolution_code = pw.CharField(max_length=40, null=True)
    resolution_summary = pw.TextField(default="")
    merged_into = pw.CharField(max_length=16, null=True)
    # Schema step 10: the SLA clock (domain/case.py Case says what each holds).
    sla_calendar_version = pw.IntegerField(null=True)
    sla_paused_at = pw.CharField(max_length=27, null=True)
    sla_paused_seconds = pw.BigIntegerField(default=0)
    first_response_warn_at = pw.CharField(max_length=27, null=True)
    resolution_warn_at = pw.CharField(max_length=27, null=True)
    first_response_warned_at = pw.CharField(max_length=27, null=True)
    resolution_warned_at = pw.CharField(max_length=27, null=True)
    first_response_breached_at = pw.CharField(max_length=27, null=True)
    resolution_breached_at = pw.CharField(max_length=27, null=True)

    class Meta:
        table_name = "cases"
        indexes = (
            (("status", "category", "updated_at"), False),
            (("status", "updated_at"), False),
            (("assignee", "status", "updated_at"), False),
            (("updated_at",), False),
            (("created_at",), False),
            (("resolution_due",), False),
            (("priority_rank", "updated_at"), False),
            # The side bar's counts per status and SLA state read this, not the rows (step 10,
            # replacing step 9's: the state also reads the warning and breach times).
            (
                (
                    "status",
                    "resolution_due",
                    "first_response_due",
                    "first_responded_at",
                    "resolved_at",
                    "resolution_warn_at",
                    "first_response_warn_at",
                    "resolution_breached_at",
                    "first_response_breached_at",
                ),
                False,
            ),
        )


class OrderItem(BaseModel):
    case = pw.ForeignKeyField(Case, backref="items", on_delete="CASCADE")
    line_no = pw.IntegerField()
    sku = pw.CharField(max_length=64, default="")
    product = pw.CharField(max_length=300)
    seller = pw.CharField(max_length=200, default="")
    quantity = pw.IntegerField()
    unit_price_minor = pw.BigIntegerField()

    class Meta:
        table_name = "order_items"
        indexes = ((("case", "line_no"), True),)


class Note(BaseModel):
    case = pw.ForeignKeyField(Case, backref="notes", on_delete="CASCADE")
    author = pw.ForeignKeyField(User, on_delete="RESTRICT")
    body = pw.TextField()
    internal = pw.BooleanField(default=True)
    created_at = pw.CharField(max_length=27)

    class Meta:
        table_name = "notes"


class Counter(BaseModel):
    name = pw.CharField(primary_key=True, max_length=40)
    value = pw.BigIntegerField(default=0)

    class Meta:
        table_name = "counters"


class AuditEvent(BaseModel):
    seq = pw.BigIntegerField(primary_key=True)
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64)
    time = pw.CharField(max_length=27)
    actor = pw.CharField(max_length=64)
    role = pw.CharField(max_length=32)
    action = pw.CharField(max_length=64)
    target_type = pw.CharField(max_length=32)
    target_id = pw.CharField(max_length=64)
    case_id = pw.BigIntegerField(null=True)  # no foreign key: the trail outlives what it describes
    data = pw.TextField()

    class Meta:
        table_name = "audit_events"
        # by action: notifications of escalations into a queue (schema step 18)
        indexes = ((("case_id", "seq"), False), (("action", "seq"), False))


class ChainHead(BaseModel):
    id = pw.IntegerField(primary_key=True)
    seq = pw.BigIntegerField()
    hash = pw.CharField(max_length=64)
    time = pw.CharField(max_length=27, default="")

    class Meta:
        table_name = "chain_head"


class PersonalValue(BaseModel):
    """Personal data named by digest inside audit events; deleting a row erases it."""

    digest = pw.CharField(max_length=64, primary_key=True)
    salt = pw.CharField(max_length=32)
    value = pw.TextField()

    class Meta:
        table_name = "personal_values"


ALL_MODELS = (
    Setting,
    User,
    Customer,
    Case,
    OrderItem,
    Note,
    Counter,
    AuditEvent,
    ChainHead,
    PersonalValue,
)


# ---- schema step 2: remedy authorization (created by migrations/m0002_remedies.py) -----------

REMEDY_STATES = tuple(s.value for s in RemedyState)


def _in(column: str, values: tuple[str, ...]) -> pw.SQL | pw.NodeList:
    return pw.Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


class Policy(BaseModel):
    """One loaded policy file, immutable once stored: decisions name the version they used."""

    version = pw.IntegerField(primary_key=True)
    name = pw.CharField(max_length=200)
    source = pw.TextField()  # the TOML text as loaded, so the version can always be re-read
    sha256 = pw.CharField(max_length=64)
    loaded_at = pw.CharField(max_length=27)
    loaded_by = pw.CharField(max_length=64)

    class Meta:
        table_name = "policies"


class PolicyAuthority(BaseModel):
    """The policy's authority flattened per role, kind, currency and override scope.

    What domain.policy computes (overrides applied), so PostgreSQL can check a remedy against
    the same numbers without parsing TOML. scope is '*', 'category' or 'category/sub'.
    """

    policy_version = pw.ForeignKeyField(Policy, column_name="policy_version", on_delete="RESTRICT")
    role = pw.CharField(max_length=32)
    kind = pw.CharField(max_length=32)
    currency = pw.CharField(max_length=3)
    scope = pw.CharField(max_length=100)
    limit_minor = pw.BigIntegerField()
    percent = pw.IntegerField(null=True)  # NULL: no percent-of-order limit

    class Meta:
        table_name = "policy_authority"
        indexes = ((("policy_version", "role", "kind", "currency", "scope"), True),)


class PolicyCaps(BaseModel):
    policy_version = pw.ForeignKeyField(Policy, column_name="policy_version", on_delete="RESTRICT")
    currency = pw.CharField(max_length=3)
    case_cap_minor = pw.BigIntegerField()
    customer_cap_minor = pw.BigIntegerField()
    dual_above_minor = pw.BigIntegerField()
    goodwill_minor = pw.BigIntegerField()
    window_days = pw.IntegerField()
    pending_expiry_days = pw.IntegerField()

    class Meta:
        table_name = "policy_caps"
        primary_key = pw.CompositeKey("policy_version", "currency")


class Remedy(BaseModel):
    reference = pw.CharField(max_length=9, unique=True)  # RM-NNNNNN from the 'remedy' counter
    case = pw.ForeignKeyField(Case, backref="remedies", on_delete="RESTRICT")
    customer = pw.ForeignKeyField(Customer, backref="remedies", on_delete="RESTRICT")
    kind = pw.CharField(max_length=32)
    amount_minor = pw.BigIntegerField(constraints=[pw.Check("amount_minor > 0")])
    currency = pw.CharField(max_length=3)
    lines = pw.TextField(default="")  # order line numbers, comma-joined; '' = the whole order
    reason = pw.TextField()
    state = pw.CharField(max_length=16, constraints=[_in("state", REMEDY_STATES)])
    requester = pw.CharField(max_length=64)
    requester_role = pw.CharField(max_length=32)
    policy_version = pw.ForeignKeyField(Policy, column_name="policy_version", on_delete="RESTRICT")
    decision = pw.TextField()  # Decision.to_json as canonical JSON, exactly as decided
    approvals_needed = pw.SmallIntegerField(default=0)
    created_at = pw.CharField(max_length=27)  # places the remedy in the caps' rolling window
    updated_at = pw.CharField(max_length=27)
    updated_by = pw.CharField(max_length=64)
    expires_at = pw.CharField(max_length=27, null=True)  # a pending sign-off lapses then
    frozen_by = pw.CharField(max_length=16, null=True)  # the issued agreement naming it
    version = pw.IntegerField(default=1)

    class Meta:
        table_name = "remedies"
        indexes = (
            (("state", "created_at"), False),  # the sign-off queue, oldest first
            (("customer", "created_at"), False),  # the customer's window sums
            (("case", "created_at"), False),  # the case's window sums and history
        )


class RemedySignoff(BaseModel):
    remedy = pw.ForeignKeyField(Remedy, backref="signoffs", on_delete="RESTRICT")
    approver = pw.CharField(max_length=64)
    approver_role = pw.CharField(max_length=32)
    verdict = pw.CharField(max_length=8, constraints=[_in("verdict", ("approved", "rejected"))])
    note = pw.TextField(default="")
    at = pw.CharField(max_length=27)
    policy_version = pw.IntegerField()
    remedy_version = pw.IntegerField()  # the remedy version signed: an edit voids the sign-off
    void = pw.BooleanField(default=False)
    detail = pw.TextField()  # SignoffVerdict.to_json: every check behind the sign-off

    class Meta:
        table_name = "remedy_signoffs"
        indexes = ((("remedy", "at"), False),)


REMEDY_MODELS = (Policy, PolicyAuthority, PolicyCaps, Remedy, RemedySignoff)


# ---- schema step 6: row salts (migrations/m0006_row_salts.py) -----------------------------------


class RowSalt(BaseModel):
    """A per-row salt for the personal columns of row images; deleting it erases the link
    between the trail's digests and that row's personal values."""

    tbl = pw.CharField(max_length=40)
    row_key = pw.CharField(max_length=200)
    salt = pw.CharField(max_length=32)

    class Meta:
        table_name = "row_salts"
        primary_key = pw.CompositeKey("tbl", "row_key")
