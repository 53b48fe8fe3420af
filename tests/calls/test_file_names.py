"""calls/file_names.py: the original file name, cleaned to be shown and searched safely."""

from __future__ import annotations

import pytest

from calls.file_names import clean_original_name
from calls.models.calls import ORIGINAL_NAME_MAX_LENGTH


@pytest.mark.parametrize(("raw", "clean"), [
    ("2026-11-20 Иванова.wav", "2026-11-20 Иванова.wav"),
    # Folders of the client's machine, in either kind of separator, are not part of the name.
    ("C:\\Записи\\ноябрь\\звонок 1.mp3", "звонок 1.mp3"),
    ("/home/ivanova/calls/a.wav", "a.wav"),
    ("../../etc/passwd", "passwd"),
    # Control characters go; line breaks and tabs become one space.
    ("a\x00b\x07c.wav", "abc.wav"),
    ("первый\nвторой\t\tтретий.ogg", "первый второй третий.ogg"),
    # A right-to-left override would show «a\u202egnp.exe» as «aexe.png».
    ("a\u202egnp.exe", "agnp.exe"),
    ("  \u00a0 пробелы   по краям.wav  ", "пробелы по краям.wav"),
    ("", ""),
    ("..", ""),
    ("folder/", ""),
    ("\x00\x01", ""),
    # Composed and decomposed «й» are the same name.
    ("и\u0306.wav", "й.wav"),
])
def test_names_are_cleaned(raw: str, clean: str) -> None:
    assert clean_original_name(raw) == clean


def test_a_long_name_is_cut_keeping_its_extension() -> None:
    name = clean_original_name("звонок " * 100 + ".wav")

    assert len(name) == ORIGINAL_NAME_MAX_LENGTH
    assert name.endswith("….wav") and name.startswith("звонок звонок")


def test_a_long_name_without_an_extension_is_cut() -> None:
    name = clean_original_name("я" * 1000)

    assert len(name) == ORIGINAL_NAME_MAX_LENGTH and name.endswith("…")
