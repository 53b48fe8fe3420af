"""The weekly top-problems e-mail: last week's top problems (Monday to Sunday) against the
week before, with the strong co-occurring pairs, as plain text and HTML, every number a link to
the page or the calls behind it (absolute addresses from SITE_URL).

Recipients: the addresses of TOP_PROBLEMS_RECIPIENTS, each over every call; when that setting is
empty, every active manager and admin with an e-mail address, each over the calls they may see
(a manager's teams), so nobody reads numbers of calls they could not open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.taxonomy.cooccurrence.queries import cooccurrence_in_scope, strong_pairs_in
from calls.taxonomy.cooccurrence.sentences import pair_sentence
from calls.taxonomy.problems.links import calls_url, moments_url
from calls.taxonomy.problems.queries import TopProblems, top_problems
from calls.taxonomy.problems.scope import Period, Scope
from project.roles import AnyUser, Role
from project.russian import plural

logger = logging.getLogger(__name__)

# Strong pairs quoted in the e-mail; the page has them all.
EMAIL_PAIRS = 3


def last_week(today: date) -> Period:
    """Monday to Sunday of the week before `today`'s."""
    monday = today - timedelta(days=today.weekday())
    return Period(date_from=monday - timedelta(days=7), date_to=monday - timedelta(days=1))


@dataclass(frozen=True)
class Recipient:
    address: str
    user: AnyUser | None


def weekly_recipients() -> list[Recipient]:
    if settings.TOP_PROBLEMS_RECIPIENTS:
        return [
            Recipient(address=address, user=None) for address in settings.TOP_PROBLEMS_RECIPIENTS
        ]
    people = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__name__in=[Role.MANAGER.value, Role.ADMIN.value]) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )
    return [Recipient(address=user.email, user=user) for user in people]


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def weekly_message(result: TopProblems, pairs: list[dict[str, str]]) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the e-mail for one recipient's numbers."""
    period = result.scope.period
    dates = f"{period.date_from:%d.%m}–{period.date_to:%d.%m.%Y}"
    subject = _("Главные проблемы за неделю %(dates)s") % {"dates": dates}
    page = _absolute(reverse("taxonomy:problems") + "?" + result.scope.page_query())
    cooccurrence = _absolute(reverse("taxonomy:cooccurrence") + "?" + result.scope.page_query())
    rows = [
        {
            "problem": problem,
            "share": round(problem.share * 100),
            "category_share": round(problem.category_share * 100),
            "share_in_category": round(problem.share_in_category * 100),
            "calls_text": plural(problem.calls, "звонок,звонка,звонков"),
            "calls_url": _absolute(calls_url(result.scope, tag=problem.tag)),
            "moments_url": _absolute(moments_url(result.scope, problem.tag)),
            "category_url": _absolute(calls_url(result.scope, category=problem.category)),
        }
        for problem in result.problems
    ]
    context = {
        "result": result,
        "rows": rows,
        "pairs": pairs,
        "dates": dates,
        "page_url": page,
        "cooccurrence_url": cooccurrence,
        "analysed_text": plural(
            result.analysed,
            "проанализированный звонок,проанализированных звонка,проанализированных звонков",
        ),
        "analysed_url": _absolute(calls_url(result.scope)),
    }
    text = render_to_string("taxonomy/problems/weekly_email.txt", context)
    html = render_to_string("taxonomy/problems/weekly_email.html", context)
    return subject, text, html


def weekly_problems_send(*, today: date | None = None) -> int:
    """E-mail last week's top problems to every recipient; the number of e-mails sent. A
    recipient whose calls hold no analysed call that week gets nothing (nothing to say)."""
    period = last_week(today or timezone.localdate())
    sent = 0
    for recipient in weekly_recipients():
        scope = Scope(period=period, user=recipient.user)
        result = top_problems(scope=scope)
        if not result.analysed:
            logger.info(
                "No analysed calls last week for %s: no top-problems e-mail.", recipient.address
            )
            continue
        strong = strong_pairs_in(cooccurrence_in_scope(scope=scope))[:EMAIL_PAIRS]
        pairs = [
            {
                "sentence": pair_sentence(pair),
                "url": _absolute(calls_url(scope, tag=pair.tag_a, also=pair.tag_b)),
                "calls_text": plural(pair.both, "звонок,звонка,звонков"),
            }
            for pair in strong
        ]
        subject, text, html = weekly_message(result, pairs)
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [recipient.address]
        )
        message.attach_alternative(html, "text/html")
        message.send()
        sent += 1
    return sent
