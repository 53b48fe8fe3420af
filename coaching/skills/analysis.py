"""The `skills` analyser: per call and active skill, shown (with evidence) / not shown / not
applicable.

A phrase skill is shown when one of its active phrases matches, windows and speakers respected
(the shared phrase runtime, as objections and tags: one compiled set per process, rebuilt when a
skill or a phrase changes). Otherwise it is not shown.

The objection-handling skill reads the `objections` analyser's hits (so the registry runs that
one first). The rule, kept simple and honest: not applicable when no objection was found in the
call; shown when the operator's reply to at least one objection acknowledged it (a marker such as
«понимаю», «согласен», «вы правы», «конечно», «мне очень жаль») or asked a question (a «?»);
otherwise not shown. An argument alone is not enough to tell from any other sentence, so it is
not looked for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from calls.phrase_runtime.phrase_sets import Found, PhraseSet, owners_and_phrases_stamp
from calls.phrase_runtime.transcripts import CallTranscript, load_transcripts
from coaching.models import Skill, SkillPhrase, SkillResult
from scripts_library.models import ObjectionHit
from scripts_library.objections.analysis import OBJECTIONS_ANALYSER

SKILLS_ANALYSER = "skills"
READS = (OBJECTIONS_ANALYSER,)

SKILL_PHRASES = PhraseSet(
    name="skills",
    phrases=lambda: SkillPhrase.objects.filter(
        is_active=True, skill__active=True, skill__kind=Skill.Kind.PHRASES
    ).order_by("id"),
    owner_field="skill_id",
    stamp=lambda: owners_and_phrases_stamp(Skill.objects.all(), "phrases"),
)

# Acknowledgement markers, as lowercase word stems (any ending: понимаю, понимаем, понятно);
# a question mark marks a question.
ACKNOWLEDGEMENT = re.compile(
    r"(?<!\w)(понима\w*|понятн\w*|соглас\w*|вы правы|конечно|разумеется|"
    r"мне (очень )?жаль|извините|сочувств\w*)(?!\w)|\?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SkillsReport:
    calls: int
    shown: int
    not_shown: int
    not_applicable: int


def _from_phrase(call_id: int, skill: Skill, found: Found) -> SkillResult:
    match = found.match
    return SkillResult(
        call_id=call_id, skill=skill, status=SkillResult.Status.SHOWN,
        segment_id=found.segment_id, char_start=match.char_start, char_end=match.char_end,
        start=round(match.start, 3), end=round(match.end, 3), text=found.text,
    )


def _objection_handling(transcript: CallTranscript, skill: Skill,
                        hits: list[ObjectionHit]) -> SkillResult:
    if not hits:
        return SkillResult(call_id=transcript.call_id, skill=skill,
                           status=SkillResult.Status.NOT_APPLICABLE)
    for hit in hits:
        if not hit.reply_text or hit.reply_start is None:
            continue
        # The evidence is the marker in the reply's operator segment that holds it.
        for index, segment in enumerate(transcript.segments):
            if segment.start < hit.reply_start or (hit.reply_end is not None
                                                   and segment.start >= hit.reply_end):
                continue
            if segment.speaker != "operator":
                continue
            marker = ACKNOWLEDGEMENT.search(segment.text)
            if marker is None:
                continue
            return SkillResult(
                call_id=transcript.call_id, skill=skill, status=SkillResult.Status.SHOWN,
                segment_id=transcript.segment_ids[index], char_start=marker.start(),
                char_end=marker.end(), start=segment.start, end=segment.end,
                text=segment.text[:500],
            )
    return SkillResult(call_id=transcript.call_id, skill=skill,
                       status=SkillResult.Status.NOT_SHOWN)


def calls_find_skills(*, call_ids: Sequence[int], now: datetime | None = None) -> SkillsReport:
    """Replace the skill results of these calls with what the active skills find now, in the
    caller's transaction (calls/analysis.py)."""
    skills = list(Skill.objects.active().order_by("order", "pk"))
    compiled = SKILL_PHRASES.compiled()
    transcripts = load_transcripts(call_ids)
    hits_by_call: dict[int, list[ObjectionHit]] = {}
    if any(skill.kind == Skill.Kind.OBJECTION_HANDLING for skill in skills):
        for hit in ObjectionHit.objects.filter(call_id__in=call_ids).order_by("start", "id"):
            hits_by_call.setdefault(hit.call_id, []).append(hit)
    rows: list[SkillResult] = []
    for transcript in transcripts:
        found = compiled.find(transcript)
        for skill in skills:
            if skill.kind == Skill.Kind.OBJECTION_HANDLING:
                rows.append(_objection_handling(
                    transcript, skill, hits_by_call.get(transcript.call_id, [])))
            elif found.get(skill.pk):
                rows.append(_from_phrase(transcript.call_id, skill, found[skill.pk][0]))
            else:
                rows.append(SkillResult(call_id=transcript.call_id, skill=skill,
                                        status=SkillResult.Status.NOT_SHOWN))
    with transaction.atomic():
        SkillResult.objects.filter(call_id__in=call_ids).delete()
        SkillResult.objects.bulk_create(rows, batch_size=500)
    counts = {status: sum(row.status == status for row in rows)
              for status in SkillResult.Status.values}
    return SkillsReport(calls=len(transcripts), shown=counts["shown"],
                        not_shown=counts["not_shown"],
                        not_applicable=counts["not_applicable"])
