"""Rendered agreements shared by the export tests (rendering is the slow part)."""

from __future__ import annotations

import pytest

from resolution_center.export.agreement_pdf import render_agreement
from tests.export.samples import sample_agreement


@pytest.fixture(scope="session")
def internal_a4() -> bytes:
    return render_agreement(sample_agreement(), copy="internal", paper="a4")


@pytest.fixture(scope="session")
def customer_letter() -> bytes:
    return render_agreement(sample_agreement(), copy="customer", paper="letter")


@pytest.fixture(scope="session")
def long_internal() -> bytes:
    return render_agreement(
        sample_agreement(items=50, audit_lines=300), copy="internal", paper="a4"
    )
