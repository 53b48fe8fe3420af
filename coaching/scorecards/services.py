"""Writing a scorecard and its criteria in one step.

A criterion already scored in an evaluation is kept: deleting it would delete or orphan those
scores (Criterion.scores is PROTECT), so its removal is refused with the number of evaluations;
renaming it or changing its weight is allowed (the evaluations keep their answers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coaching.models import Criterion, ScorecardTemplate, Skill
from project.errors import DomainError
from project.russian import plural

WEIGHT_MAX = 100


@dataclass(frozen=True)
class CriterionFields:
    """One criterion as the form gives it; `pk` None for a new one."""

    pk: int | None
    name: str
    weight: int
    skill: Skill | None


def _check(name: str, criteria: Sequence[CriterionFields]) -> None:
    if not name.strip():
        raise DomainError(_("Укажите название оценочного листа."), code="name")
    if not criteria:
        raise DomainError(_("В оценочном листе нужен хотя бы один критерий."), code="criteria")
    names = [c.name.strip().casefold() for c in criteria]
    if len(set(names)) != len(names):
        raise DomainError(_("Названия критериев в одном листе не должны повторяться."),
                          code="criterion_name")
    skills = [c.skill.pk for c in criteria if c.skill is not None]
    if len(set(skills)) != len(skills):
        raise DomainError(_("Один навык — один критерий: навык уже есть в другом критерии "
                            "этого листа."), code="criterion_skill")
    for criterion in criteria:
        if not 1 <= criterion.weight <= WEIGHT_MAX:
            raise DomainError(_("Вес критерия — целое число от 1 до %(max)d.")
                              % {"max": WEIGHT_MAX}, code="weight")


@transaction.atomic
def scorecard_save(*, scorecard: ScorecardTemplate | None, name: str, active: bool,
                   criteria: Sequence[CriterionFields]) -> ScorecardTemplate:
    """Create (scorecard None) or change a scorecard: its criteria become `criteria`, in that
    order; a criterion left out is deleted unless it has been scored."""
    _check(name, criteria)
    if scorecard is None:
        scorecard = ScorecardTemplate(name=name.strip(), active=active)
    else:
        scorecard = ScorecardTemplate.objects.select_for_update().get(pk=scorecard.pk)
        scorecard.name, scorecard.active = name.strip(), active
    try:
        with transaction.atomic():
            scorecard.save()
    except IntegrityError as error:
        raise DomainError(_("Оценочный лист «%(name)s» уже есть.") % {"name": name.strip()},
                          code="name_taken") from error
    existing = {c.pk: c for c in scorecard.criteria.all()} if scorecard.pk else {}
    kept = {c.pk for c in criteria if c.pk is not None}
    if not kept <= set(existing):
        raise DomainError(_("Критерий не из этого оценочного листа."), code="criterion")
    for criterion in existing.values():
        if criterion.pk in kept:
            continue
        scored = criterion.scores.values("evaluation").distinct().count()
        if scored:
            raise DomainError(
                _("Критерий «%(name)s» уже использован в %(count)s: его нельзя удалить. "
                  "Измените его или сделайте лист недействующим и создайте новый.")
                % {"name": criterion.name, "count": plural(scored, "оценке,оценках,оценках")},
                code="criterion_scored")
        criterion.delete()
    for order, fields in enumerate(criteria, start=1):
        criterion = existing[fields.pk] if fields.pk is not None else Criterion(
            template=scorecard)
        criterion.name, criterion.weight = fields.name.strip(), fields.weight
        criterion.skill, criterion.order = fields.skill, order
        criterion.save()
    return scorecard
