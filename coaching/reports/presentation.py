"""A report's stored content as the page and the PDF show it, for one reader.

The content keeps relative addresses; the PDF makes them absolute with SITE_URL so its numbers
still open the calls. A colleague's exemplar moment links to its call only for a reader who may
open that call (an operator may not open a colleague's call, so they read the moment's words);
only that reader is told the call's title too (a file name often names whose call it was).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString

from calls.models import Call
from coaching.competency.chart import competency_svg
from coaching.competency.queries import APPLICABLE, SkillScore
from coaching.models import PersonalReport, Skill
from project.roles import AnyUser


def _chart(skills: list[dict[str, Any]]) -> SafeString:
    # The chart is drawn from the stored counts (the interval follows from them), not from today's.
    scores = [SkillScore(skill=Skill(code=s["code"], name=s["name"]), shown=s["shown"],
                         not_shown=s["not_shown"], team_median=s["team_median"])
              for s in skills]
    return competency_svg(scores)


def moment_href(call_id: int, start: float | None) -> str:
    url = reverse("calls:detail", args=[call_id])
    return f"{url}#t={start:.1f}" if start is not None else url


def _applicable(href: str) -> str:
    """A report stored before its «calls» counts had an address of their own: the same calls
    page (coaching.competency.links.calls_url) with the calls the score rests on."""
    path, _, query = href.partition("?")
    if not path:
        return ""
    params = [p for p in query.split("&") if p and not p.startswith("status=")]
    return f"{path}?" + "&".join([f"status={APPLICABLE}", *params])


def report_view(report: PersonalReport, user: AnyUser, *, absolute: bool = False
                ) -> dict[str, Any]:
    """The context both templates read: sentence, skills, chart, growth points with moments."""
    content = report.content or {}
    prefix = settings.SITE_URL if absolute else ""

    def href(path: str) -> str:
        return prefix + path if path else ""

    skills = [{**s, "shown_href": href(s.get("shown_href", "")),
               "skipped_href": href(s.get("skipped_href", "")),
               "calls_href": href(s.get("calls_href") or _applicable(s.get("shown_href", "")))}
              for s in content.get("skills", [])]
    growth = content.get("growth", [])
    call_ids = {m["call"] for point in growth for m in point.get("exemplars", [])}
    titles = {call.pk: call.title for call in Call.objects.visible_to(user).filter(
        pk__in=call_ids).only("pk", "original_name", "external_id")}
    return {
        "sentence": [{"text": f["text"], "href": href(f.get("href", ""))}
                     for f in content.get("sentence", [])],
        "skills": skills,
        "chart": _chart(skills) if skills else "",
        "growth": [{**point, "href": href(point.get("href", "")),
                    "calls_href": href(point.get("calls_href")
                                       or _applicable(point.get("href", ""))),
                    "exemplars": [{**m, "href": href(moment_href(m["call"], m.get("start")))
                                   if m["call"] in titles else "",
                                   "call_title": titles.get(m["call"], "")}
                                  for m in point.get("exemplars", [])]}
                   for point in growth],
    }
