"""The cue lists compiled into one phrase matcher per process (the shared phrase runtime), and
rebuilt when a trainer edits a list: the stamp is the lists' and their cues' count and latest
`updated_at`, exactly as for the tags' phrases.

Negation follows the engine: a cue without its own «не» does not match right after «не». For
the polar kinds (the lexicon and satisfaction) each cue also compiles a negated twin «не …» with
one word allowed in between, keyed by the cue's id negated: «не доволен», «не очень доволен» match
the twin, and since the twin's match is wider than the plain one's, the runtime's widest-match
rule keeps only the twin. A negated positive word counts as negative, a negated negative as
nothing («не плохо» is not praise either).
"""

from __future__ import annotations

from calls.models import Cue, CueList
from calls.models.voice_words import POLAR_KINDS
from calls.phrase_runtime.phrase_sets import PhraseSet, owners_and_phrases_stamp
from calls.phrases.rules import PhraseSyntaxError, has_own_negation, lemmatize_phrase

# The words allowed between «не» and a negated word: «не очень доволен», «не так уж плохо» (2).
NEGATION_REACH = 2


def cue_stamp() -> tuple[object, ...]:
    return owners_and_phrases_stamp(CueList.objects.all(), "cues")


def _negated_twin(cue: Cue) -> Cue | None:
    if cue.cue_list.kind not in POLAR_KINDS:
        return None
    try:
        if has_own_negation(lemmatize_phrase(cue.text)):
            return None
    except PhraseSyntaxError:
        return None  # the plain cue is skipped and logged by the runtime
    return Cue(
        pk=-cue.pk, cue_list_id=cue.cue_list_id, text=f"не {cue.text}", speaker=cue.speaker,
        max_gap=max(cue.max_gap, NEGATION_REACH), window_kind=cue.window_kind,
        window_seconds=cue.window_seconds, weight=cue.weight,
    )


def _cues_with_twins() -> list[Cue]:
    cues = list(Cue.objects.active().select_related("cue_list").order_by("id"))
    twins = [twin for cue in cues if (twin := _negated_twin(cue)) is not None]
    return cues + twins


# Owner of a phrase = its cue list; a phrase id < 0 is the negated twin of cue -id.
CUE_PHRASES = PhraseSet(
    name="voice_cues", phrases=_cues_with_twins, owner_field="cue_list_id", stamp=cue_stamp,
)


def cue_table() -> dict[int, tuple[str, float, str]]:
    """Cue id → (kind, weight, text) of the active cues (one query; read beside the matcher)."""
    return {
        pk: (kind, weight, text)
        for pk, kind, weight, text in Cue.objects.active().values_list(
            "pk", "cue_list__kind", "weight", "text"
        )
    }
