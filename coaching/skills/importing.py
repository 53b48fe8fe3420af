"""Skills from a file: checked whole, then written in one transaction.

Format (docs/coaching.md)::

    {"skills": [{"code": ..., "name": ..., "description": ...?,
                 "kind": "phrases"|"objections"?, "active": true?, "target": 0–100?,
                 "phrases": [{"text": ..., "speaker": "operator"?, "max_gap": 1?,
                              "window": {"kind": "first"|"last", "seconds": N}?}]}]}

Idempotent by skill code: a skill in the file is created or brought in line with it (phrases by
text and speaker; active phrases the file lacks are removed, inactive ones are left alone, a
listed one is reactivated); skills not in the file are left alone.
A file with any error writes nothing, and every error is listed with its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from calls.models import PhraseSpeaker
from calls.phrase_runtime.phrase_files import (
    FileChecker,
    ImportReport,
    PhraseSpec,
    check_record_count,
    read_json_or_yaml,
)
from coaching.models import Skill, SkillPhrase
from project.errors import DomainError
from project.russian import plural

MAX_REPORTED_ERRORS = 30
CODE_MAX = 100
NAME_MAX = 200
DESCRIPTION_MAX = 2000
FIELDS = {"code", "name", "description", "kind", "active", "target", "phrases"}
# A skill's target without one in the file: the model's default.
DEFAULT_TARGET = 80
TARGET_MAX = 100


class SkillsFileInvalid(DomainError):
    code = "skills_invalid"


@dataclass(frozen=True)
class SkillSpec:
    code: str
    name: str
    description: str
    kind: str
    active: bool
    target: int
    phrases: tuple[PhraseSpec, ...]


def skills_read_file(path: Path) -> Any:
    """Parse a skills file: YAML for .yaml/.yml, JSON otherwise."""
    return read_json_or_yaml(path, invalid=SkillsFileInvalid)


class _Checker(FileChecker):
    def phrase(self, raw: Any, where: str, *,
               default_speaker: str | None = PhraseSpeaker.OPERATOR.value) -> PhraseSpec | None:
        # A skill's phrase is what the operator says unless the file says otherwise.
        return super().phrase(raw, where, default_speaker=default_speaker)

    def skill(self, raw: Any, where: str) -> SkillSpec | None:
        if not isinstance(raw, dict):
            self.fail(where, _("навык должен быть объектом"))
            return None
        code = raw.get("code")
        if not isinstance(code, str) or not code.strip():
            self.fail(where, _("«code» должен быть непустой строкой"))
            return None
        code = code.strip()
        try:
            validate_slug(code)
        except ValidationError:
            self.fail(where, _("код %(code)r: только латинские буквы, цифры, «_» и «-»")
                      % {"code": code})
            return None
        if len(code) > CODE_MAX:
            self.fail(where, _("код длиннее %(limit)s")
                      % {"limit": plural(CODE_MAX, "символа,символов,символов")})
            return None
        where = f"{where} «{code}»"
        unknown = set(raw) - FIELDS
        if unknown:
            self.fail(where, _("неизвестные поля: %(fields)s")
                      % {"fields": ", ".join(sorted(map(str, unknown)))})
        name = " ".join(self.text(raw, "name", where, limit=NAME_MAX).split())
        description = self.text(raw, "description", where, limit=DESCRIPTION_MAX,
                                required=False)
        kind = raw.get("kind", Skill.Kind.PHRASES.value)
        if kind not in Skill.Kind.values:
            self.fail(where, _("«kind» должен быть %(allowed)s, а не %(value)r")
                      % {"allowed": ", ".join(Skill.Kind.values), "value": kind})
        active = raw.get("active", True)
        if not isinstance(active, bool):
            self.fail(where, _("«active» должно быть true или false"))
        target = raw.get("target", DEFAULT_TARGET)
        # bool is an int in Python; «true» is not a percentage.
        if isinstance(target, bool) or not isinstance(target, int) or not (
                0 <= target <= TARGET_MAX):
            self.fail(where, _("«target» должна быть целым числом от 0 до 100, а не %(value)r")
                      % {"value": target})
            target = DEFAULT_TARGET
        raw_phrases = raw.get("phrases", [])
        if kind == Skill.Kind.OBJECTION_HANDLING and raw_phrases:
            self.fail(where, _("навык вида objections находится по возражениям, без фраз"))
            raw_phrases = []
        phrases = self.phrase_list(raw_phrases, where)
        return SkillSpec(code=code, name=name, description=description, kind=str(kind),
                         active=bool(active), target=target, phrases=phrases)


def skills_parse(data: Any) -> list[SkillSpec]:
    """Check a whole skills document; SkillsFileInvalid lists every problem with its place."""
    if not isinstance(data, dict) or not isinstance(data.get("skills"), list):
        raise SkillsFileInvalid(_('Ожидается объект {"skills": [...]}.'))
    check_record_count(len(data["skills"]), forms="навык,навыка,навыков",
                       invalid=SkillsFileInvalid)
    checker = _Checker()
    skills: list[SkillSpec] = []
    codes: set[str] = set()
    for index, raw in enumerate(data["skills"], start=1):
        spec = checker.skill(raw, _("навык %(n)d") % {"n": index})
        if spec is None:
            continue
        if spec.code in codes:
            checker.fail(_("навык %(n)d «%(code)s»") % {"n": index, "code": spec.code},
                         _("код повторяется"))
            continue
        codes.add(spec.code)
        skills.append(spec)
    if checker.errors:
        shown = checker.errors[:MAX_REPORTED_ERRORS]
        lines = [_("Навыки не импортированы, ошибок: %(n)d") % {"n": len(checker.errors)}]
        lines += [f"  - {error}" for error in shown]
        if len(checker.errors) > len(shown):
            lines.append(_("  … и ещё %(n)d") % {"n": len(checker.errors) - len(shown)})
        raise SkillsFileInvalid("\n".join(lines))
    return skills


def _import_phrases(skill: Skill, specs: tuple[PhraseSpec, ...], report: ImportReport) -> None:
    existing = {(phrase.text, phrase.speaker): phrase for phrase in skill.phrases.all()}
    for spec in specs:
        phrase = existing.pop((spec.text, spec.speaker), None)
        fields: dict[str, Any] = {"max_gap": spec.max_gap, "window_kind": spec.window_kind,
                                  "window_seconds": spec.window_seconds, "is_active": True}
        label = f"{skill.code}: «{spec.text}» ({spec.speaker})"
        if phrase is None:
            SkillPhrase.objects.create(skill=skill, text=spec.text, speaker=spec.speaker,
                                       **fields)
            report.changes.append(_("фраза добавлена: %(p)s") % {"p": label})
            report.created += 1
        elif any(getattr(phrase, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(phrase, key, value)
            phrase.save()
            report.changes.append(_("фраза изменена: %(p)s") % {"p": label})
            report.updated += 1
        else:
            report.unchanged += 1
    # Inactive phrases are not in the format (an export leaves them out): a file that lacks
    # them leaves them be, so importing an export changes nothing.
    existing = {key: phrase for key, phrase in existing.items() if phrase.is_active}
    for phrase in existing.values():
        phrase.delete()
        report.changes.append(_("фраза удалена: %(p)s")
                              % {"p": f"{skill.code}: «{phrase.text}» ({phrase.speaker})"})
        report.removed += 1
    if existing:
        # A deleted phrase leaves no updated_at behind: touching the skill makes the compiled
        # phrase set stale (its stamp counts and dates phrases and skills).
        skill.save(update_fields=["updated_at"])


def skills_import(*, data: Any, dry_run: bool = False) -> ImportReport:
    """Bring the database in line with a skills document (see the module's docstring). With
    dry_run the changes are made, reported and rolled back."""
    specs = skills_parse(data)
    report = ImportReport()
    with transaction.atomic():
        next_order = (Skill.objects.order_by("-order").values_list("order", flat=True).first()
                      or 0)
        for spec in specs:
            values = {"name": spec.name, "description": spec.description, "kind": spec.kind,
                      "active": spec.active, "target": spec.target}
            skill = Skill.objects.filter(code=spec.code).first()
            if skill is None:
                next_order += 1
                skill = Skill.objects.create(code=spec.code, order=next_order, **values)
                report.changes.append(_("навык добавлен: %(code)s") % {"code": spec.code})
                report.created += 1
            else:
                changed = [key for key, value in values.items() if getattr(skill, key) != value]
                if changed:
                    for key in changed:
                        setattr(skill, key, values[key])
                    skill.save()
                    report.changes.append(_("навык изменён: %(code)s (%(fields)s)")
                                          % {"code": spec.code, "fields": ", ".join(changed)})
                    report.updated += 1
                else:
                    report.unchanged += 1
            _import_phrases(skill, spec.phrases, report)
        if dry_run:
            transaction.set_rollback(True)
    return report
