"""Keeping and removing exemplars: checks on the moment, repeats give the kept one."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from coaching.exemplars.services import exemplar_add, exemplar_remove
from coaching.models import Exemplar
from tests.coaching.exemplars.conftest import Library


def _add(library: Library, **changes: object) -> Exemplar:
    values: dict = {"call": library.c1, "skill": library.need, "objection": None, "start": 10.0,
                    "end": 14.0, "note": "Хороший вопрос", "added_by": library.trainer}
    values.update(changes)
    return exemplar_add(**values)


def test_add_keeps_the_moment_once(library: Library) -> None:
    first = _add(library)
    assert (first.call, first.skill, first.start, first.end) == (library.c1, library.need, 10, 14)
    assert first.source == Exemplar.Source.PICKED and first.added_by == library.trainer
    assert _add(library, note="ещё раз") == first
    assert Exemplar.objects.count() == 1


@pytest.mark.parametrize(("start", "end", "message"), [
    (120.0, None, "позже конца звонка"),
    (10.0, 5.0, "Конец момента раньше его начала"),
    (10.0, 101.0, "Конец момента (101 с) позже конца звонка"),
    (-1.0, None, "отрицательным"),
])
def test_add_refuses_a_moment_outside_the_call(library: Library, start: float, end: float | None,
                                               message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        _add(library, start=start, end=end)
    assert not Exemplar.objects.exists()


def test_remove(library: Library) -> None:
    exemplar_remove(exemplar=_add(library))
    assert not Exemplar.objects.exists()
