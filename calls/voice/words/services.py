"""Writes of the cue lists: a trainer's edits on /calls/voice/cues/ and the seeding from the data
files (calls/voice/words/data/). Every write changes the cue stamp (a cue's `updated_at`, the
cue count), so each process recompiles its cue set on its next call (cue_sets.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Cue, CueKind, CueList, PhraseSpeaker, WindowKind
from calls.phrase_runtime.validation import phrase_validate
from project.errors import DomainError

DATA_DIR = Path(__file__).resolve().parent / "data"


class CueConflict(DomainError):
    code = "cue_conflict"


def _check_unique(*, cue_list: CueList, text: str, speaker: str, exclude: int | None = None
                  ) -> None:
    others = Cue.objects.filter(cue_list=cue_list, text=text, speaker=speaker)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise CueConflict(_("Фраза «%(text)s» уже есть в этом списке.") % {"text": text})


@transaction.atomic
def cue_create(
    *, cue_list: CueList, text: str, speaker: str = PhraseSpeaker.CUSTOMER, max_gap: int = 1,
    window_kind: str = WindowKind.NONE, window_seconds: int | None = None, weight: float = 1.0,
    is_active: bool = True,
) -> Cue:
    rule = phrase_validate(text=text, speaker=speaker, max_gap=max_gap,
                           window_kind=window_kind, window_seconds=window_seconds)
    _check_unique(cue_list=cue_list, text=rule.text, speaker=speaker)
    cue = Cue(
        cue_list=cue_list, text=rule.text, speaker=speaker, max_gap=max_gap,
        window_kind=window_kind,
        window_seconds=window_seconds if window_kind != WindowKind.NONE else None,
        weight=weight, is_active=is_active,
    )
    cue.save()
    return cue


@transaction.atomic
def cue_update(
    *, cue: Cue, text: str, speaker: str, max_gap: int, window_kind: str = WindowKind.NONE,
    window_seconds: int | None = None, weight: float = 1.0, is_active: bool = True,
) -> Cue:
    rule = phrase_validate(text=text, speaker=speaker, max_gap=max_gap,
                           window_kind=window_kind, window_seconds=window_seconds)
    _check_unique(cue_list=cue.cue_list, text=rule.text, speaker=speaker, exclude=cue.pk)
    cue.text = rule.text
    cue.speaker = speaker
    cue.max_gap = max_gap
    cue.window_kind = window_kind
    cue.window_seconds = window_seconds if window_kind != WindowKind.NONE else None
    cue.weight = weight
    cue.is_active = is_active
    cue.save()
    return cue


def cue_delete(*, cue: Cue) -> None:
    # The list is touched as well: the count drop already changes the stamp, but the list's
    # "changed at" should say so for people too.
    with transaction.atomic():
        cue.delete()
        CueList.objects.filter(pk=cue.cue_list_id).update(updated_at=timezone.now())


@dataclass(frozen=True)
class SeedReport:
    lists: int
    added: int
    kept: int


def read_cue_file(path: Path) -> list[tuple[str, float]]:
    """A data file's (phrase, weight) rows: «phrase<TAB>weight», «#» comments, blank lines."""
    rows: list[tuple[str, float]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        text, _sep, weight = line.partition("\t")
        rows.append((text.strip(), float(weight) if weight.strip() else 1.0))
    return rows


# What each list is for, shown on the cue page above its phrases.
DESCRIPTIONS = {
    CueKind.PROFANITY: "Мат и брань клиента. На страницах и в выгрузках слова маскируются: «б***».",
    CueKind.ESCALATION: "Клиент повышает ставки: «сколько можно», «третий раз звоню», «буду "
                        "жаловаться», «верните деньги».",
    CueKind.CONFUSION: "Клиент не понимает: «не понимаю», «в смысле», «что это значит».",
    CueKind.SATISFACTION: "Клиенту помогли: «спасибо, помогли», «отлично», «понятно, спасибо».",
    CueKind.NEGATIVE: "Словарь негативных слов (свой, см. docs/voice-words.md); «не плохо» не "
                      "считается ни негативом, ни позитивом.",
    CueKind.POSITIVE: "Словарь позитивных слов; с отрицанием («не очень хорошо») слово считается "
                      "негативом.",
}


@transaction.atomic
def load_voice_cues(*, data_dir: Path = DATA_DIR) -> SeedReport:
    """Create the cue lists and add the data files' cues that are missing; re-runnable. A cue a
    trainer edited or switched off is left as it is (matched by text and speaker)."""
    lists = added = kept = 0
    for kind in CueKind:
        cue_list, created = CueList.objects.get_or_create(
            kind=kind, defaults={"description": DESCRIPTIONS.get(kind, "")}
        )
        lists += int(created)
        path = data_dir / f"{kind.value}.tsv"
        if not path.exists():
            continue
        existing = set(Cue.objects.filter(cue_list=cue_list).values_list("text", "speaker"))
        for text, weight in read_cue_file(path):
            rule = phrase_validate(text=text, speaker=PhraseSpeaker.CUSTOMER, max_gap=1)
            if (rule.text, PhraseSpeaker.CUSTOMER) in existing:
                kept += 1
                continue
            Cue.objects.create(cue_list=cue_list, text=rule.text, weight=weight)
            existing.add((rule.text, PhraseSpeaker.CUSTOMER))
            added += 1
    return SeedReport(lists=lists, added=added, kept=kept)
