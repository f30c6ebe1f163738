"""Schema step 10 (migrations/m0010_sla_calendars.py): SLA calendars, one row per saved version.

A version is never changed: an admin's edit is a new version, and each case names the version
its due times follow (cases.sla_calendar_version). The public holidays are stored as the dates
the `holidays` package gave when the version was saved, so a case's figures can be worked out
again from the version alone, whatever a later release of that package says.
"""

from __future__ import annotations

import peewee as pw

from .models import BaseModel


class SlaCalendar(BaseModel):
    team = pw.CharField(max_length=64)
    version = pw.IntegerField()
    time_zone = pw.CharField(max_length=64)
    hours = pw.TextField()  # JSON: seven "08:00-17:00" or "closed", Monday first
    holiday_country = pw.CharField(max_length=8, null=True)
    holiday_region = pw.CharField(max_length=16, null=True)
    own_days = pw.TextField()  # JSON: the team's own closed days, "YYYY-MM-DD"
    holidays = pw.TextField()  # JSON: every closed date (public and own), "YYYY-MM-DD"
    targets = pw.TextField()  # JSON: {"default": {priority: [first, resolution]}, category: ...}
    warn_percent = pw.IntegerField()
    saved_at = pw.CharField(max_length=27)
    saved_by = pw.CharField(max_length=64)

    class Meta:
        table_name = "sla_calendars"
        primary_key = pw.CompositeKey("team", "version")


SLA_MODELS = (SlaCalendar,)
