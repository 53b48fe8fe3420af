"""The original file name a recording came with, cleaned to be shown and searched safely."""

from __future__ import annotations

import re
import unicodedata

from calls.models.calls import ORIGINAL_NAME_MAX_LENGTH

# Any run of whitespace (tabs, non-breaking spaces, line breaks already gone) is one space.
_SPACES = re.compile(r"\s+")
# An extension worth keeping when a long name is cut: a dot, then a few letters or digits.
_EXTENSION = re.compile(r"\.[^\W_]{1,10}$")


def clean_original_name(name: str) -> str:
    """The last part of `name` (no folders: «C:\\записи\\a.wav» → «a.wav»), with control and
    other invisible format characters removed (a NUL, a line break, a right-to-left override
    that would show «exe.wav» as «vaw.exe»), whitespace collapsed, and cut to the column's
    length keeping the extension. Empty when nothing readable is left."""
    # Browsers send a bare name, but old ones and programs may send the client's whole path,
    # in either kind of separator.
    name = re.split(r"[/\\]", name)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(" " if char.isspace() else char for char in name
                   if char.isspace() or not unicodedata.category(char).startswith("C"))
    name = _SPACES.sub(" ", name).strip()
    if name in {".", ".."}:
        return ""
    if len(name) <= ORIGINAL_NAME_MAX_LENGTH:
        return name
    extension = match.group() if (match := _EXTENSION.search(name)) else ""
    stem = name[: ORIGINAL_NAME_MAX_LENGTH - len(extension) - 1].rstrip()
    return f"{stem}…{extension}"
