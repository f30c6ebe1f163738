"""Rows are read by field name: the select list and the reader come from one declaration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pytest

from resolution_center.storage.rows import Columns


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    name: str
    price: int
    note: str = ""


class Pair(NamedTuple):
    left: str
    right: int


def test_each_field_comes_from_its_own_column_whatever_the_declaration_order() -> None:
    cols = Columns(Item, price=("t.price_minor", int), id="t.id", name="t.title")
    assert cols.sql == "t.price_minor, t.id, t.title"
    assert cols.read(("250", 7, "lamp")) == Item(7, "lamp", 250)
    assert cols.all([("1", 1, "a"), ("2", 2, "b")]) == [Item(1, "a", 1), Item(2, "b", 2)]


def test_a_field_with_a_default_may_be_left_out_or_given() -> None:
    cols = Columns(Item, id="id", name="name", price="price", note="note")
    assert cols.read((1, "a", 3, "n")) == Item(1, "a", 3, "n")
    assert Columns(Item, id="id", price="price", name="name").width == 3


def test_extra_columns_after_the_declared_ones_are_left_to_the_caller() -> None:
    cols = Columns(Pair, left="l", right="r")
    row = ("x", 2, "extra")
    assert cols.read(row) == Pair("x", 2)
    assert row[cols.width] == "extra"


def test_a_missing_or_unknown_field_is_refused_when_declared() -> None:
    with pytest.raises(TypeError, match="missing \\['price'\\]"):
        Columns(Item, id="id", name="name")
    with pytest.raises(TypeError, match="unknown \\['colour'\\]"):
        Columns(Pair, left="l", right="r", colour="c")


def test_check_compares_a_cursor_description_with_the_declared_names() -> None:
    cols = Columns(Pair, left="l", right="r")
    cols.check([("left",), ("right",), ("more",)])
    with pytest.raises(AssertionError):
        cols.check([("right",), ("left",)])
