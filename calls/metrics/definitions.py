"""What each figure is, call by call.

A share is the mean of a 0/1 value (a hot call, a repeat), a mean the mean of a measure (seconds
of handling, the share of silence). A call without the measure (no voice analysis yet, no moment
of resolution, a call whose repeat window is still open) has NULL and is left out of both the
numerator and the denominator, and `measured` says how many calls counted.

`calls_params` is the call list's filter (calls/filters.py) that opens the calls behind the
figure: for a share, the calls counted «yes»; for a mean, the calls measured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Value, When
from django.db.models.expressions import Combinable
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from calls.models import CallTag, ContactLink, Tag


class Kind(StrEnum):
    SHARE = "share"
    MEAN = "mean"


@dataclass(frozen=True)
class Metric:
    code: str
    label: str | Promise
    kind: Kind
    # Whether a fall is good news (repeats, hot calls, silence) or bad (first-contact resolution).
    lower_is_better: bool
    # The per-call value as an expression over Call, given the moment "now" (a repeat window
    # still open at `now` is not known yet).
    value: Callable[[datetime], Combinable]
    unit: str | Promise = ""
    calls_params: dict[str, str] = field(default_factory=dict)


def _share(condition: Q, measured: Q) -> Combinable:
    return Case(
        When(condition & measured, then=Value(1.0)),
        When(measured, then=Value(0.0)),
        default=None,
        output_field=FloatField(),
    )


def _not_transfer() -> Q:
    return Q(contact__kind__in=[ContactLink.Kind.FIRST, ContactLink.Kind.REPEAT])


def _window_closed(now: datetime) -> Q:
    return Q(started_at__lte=now - timedelta(days=settings.REPEAT_WINDOW_DAYS))


REPEAT_SHARE = Metric(
    code="repeat_share",
    label=_("повторные обращения"),
    kind=Kind.SHARE,
    lower_is_better=True,
    value=lambda now: _share(Q(contact__kind=ContactLink.Kind.REPEAT), _not_transfer()),
    calls_params={"contact": ContactLink.Kind.REPEAT},
)
FCR = Metric(
    code="fcr",
    label=_("решено с первого обращения"),
    kind=Kind.SHARE,
    lower_is_better=False,
    # Only calls whose repeat window has closed: a recent call may still bring the customer back.
    value=lambda now: _share(Q(contact__came_back=False), _not_transfer() & _window_closed(now)),
    calls_params={"came_back": "false"},
)
HOT_SHARE = Metric(
    code="hot_share",
    label=_("горячие звонки"),
    kind=Kind.SHARE,
    lower_is_better=True,
    value=lambda now: _share(Q(emotion__hot=True), Q(emotion__isnull=False)),
    calls_params={"hot": "true"},
)
RESOLVED_SHARE = Metric(
    code="resolved_share",
    label=_("звонки с решением"),
    kind=Kind.SHARE,
    lower_is_better=False,
    value=lambda now: _share(Q(resolution__resolved=True), Q(resolution__isnull=False)),
    calls_params={"resolved": "true"},
)
RESOLUTION_TIME = Metric(
    code="resolution_time",
    label=_("время до решения"),
    kind=Kind.MEAN,
    lower_is_better=True,
    value=lambda now: F("resolution__resolved_at"),
    unit=_("с"),
    calls_params={"resolved": "true"},
)
HANDLING_TIME = Metric(
    code="handling_time",
    label=_("длительность разговора"),
    kind=Kind.MEAN,
    lower_is_better=True,
    value=lambda now: F("duration"),
    unit=_("с"),
)
SILENCE_SHARE = Metric(
    code="silence_share",
    label=_("доля тишины"),
    kind=Kind.MEAN,
    lower_is_better=True,
    value=lambda now: F("voice__silence_share"),
)

METRICS: dict[str, Metric] = {
    metric.code: metric
    for metric in (
        FCR, REPEAT_SHARE, HOT_SHARE, RESOLVED_SHARE, RESOLUTION_TIME, HANDLING_TIME,
        SILENCE_SHARE,
    )
}


def tag_rate(tag: Tag) -> Metric:
    """The share of calls with this tag (whatever put it there)."""
    has_tag = Exists(CallTag.objects.filter(call_id=OuterRef("pk"), tag_id=tag.pk))
    return Metric(
        code=f"tag:{tag.code}",
        label=_("доля звонков с тегом «%(tag)s»") % {"tag": tag.name},
        kind=Kind.SHARE,
        lower_is_better=tag.category.is_problem,
        value=lambda now: Case(
            When(has_tag, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
        ),
        calls_params={"tag": tag.code},
    )
