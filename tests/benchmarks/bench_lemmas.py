"""Lemma accuracy of candidate-lemma policies against UD Russian-Taiga gold lemmas.

Run: ``.venv/bin/python tests/benchmarks/bench_lemmas.py [path/to/ru_taiga-ud-test.conllu]``

Tokens: every non-punctuation word of the test split (UPOS != PUNCT, multiword ranges
skipped), lowercased, ё → е on both the form and the gold lemma.

Columns:
* ``gold in set`` — share of tokens whose gold lemma is among the policy's candidates (for the
  top-parse policy this is plain lemma accuracy);
* ``size`` — average number of candidates per token;
* ``link P`` / ``link R`` — over pairs of distinct word forms of the test set: the matcher
  treats two forms as the same word when their candidate sets intersect. Precision = share of
  such linked pairs that have the same gold lemma; recall = share of same-gold-lemma pairs that
  are linked. This is what a phrase word vs a transcript token actually experiences.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

# Runnable as a plain script: make the project importable.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Inside the shared data folder (tests/benchmarks/shared_data.py).
TAIGA = Path("ud_russian_taiga") / "ru_taiga-ud-test.conllu"

Policy = Callable[[str], frozenset[str]]


def read_tokens(path: Path) -> list[tuple[str, str]]:
    """(form, gold lemma) of non-punctuation tokens, lowercased and ё-folded."""
    from calls.phrases.tokens import fold_word

    tokens = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            columns = line.rstrip("\n").split("\t")
            if "-" in columns[0] or "." in columns[0] or columns[3] == "PUNCT":
                continue
            tokens.append((fold_word(columns[1]), fold_word(columns[2])))
    return tokens


def policies() -> dict[str, Policy]:
    from calls.phrases.lemmas import analyse, analyzer
    from calls.phrases.tokens import TOKEN_RE, fold_word

    morph = analyzer()
    parses: dict[str, list] = {}

    def parsed(word: str) -> list:
        if word not in parses:
            parses[word] = morph.parse(word)
        return parses[word]

    def top(word: str) -> frozenset[str]:
        return frozenset((fold_word(parsed(word)[0].normal_form),))

    def above(threshold: float) -> Policy:
        def policy(word: str) -> frozenset[str]:
            found = parsed(word)
            best = found[0].score
            return frozenset(fold_word(p.normal_form) for p in found if p.score >= threshold * best)

        return policy

    def as_matcher_sees(word: str) -> frozenset[str]:
        # The matcher never sees UD tokens like «а.» or «т.»: its tokenizer drops punctuation.
        pieces = TOKEN_RE.findall(word)
        return analyse(pieces[0] if len(pieces) == 1 else word)

    return {
        "top parse": top,
        "parses tied with top score": above(1.0),
        "parses with score >= 0.5 x top": above(0.5),
        "parses with score >= 0.1 x top": above(0.1),
        "all parses (best-of-parses oracle)": above(0.0),
        "MATCHER: all parses + participle + unknown": analyse,
        "MATCHER as it tokenizes (strips «а.» → «а»)": as_matcher_sees,
    }


def link_scores(tokens: list[tuple[str, str]], policy: Policy) -> tuple[float, float]:
    forms: dict[str, set[str]] = defaultdict(set)
    for form, gold in tokens:
        forms[form].add(gold)
    names = sorted(forms)
    index = {name: i for i, name in enumerate(names)}
    by_candidate: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for name in names:
        for lemma in policy(name):
            by_candidate[lemma].append(index[name])
        for gold in forms[name]:
            by_gold[gold].append(index[name])
    linked = _pairs(by_candidate.values())
    same = _pairs(by_gold.values())
    both = len(linked & same)
    return both / max(len(linked), 1), both / max(len(same), 1)


def _pairs(groups: object) -> set[tuple[int, int]]:
    pairs = set()
    for group in groups:  # type: ignore[attr-defined]
        members = sorted(set(group))
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                pairs.add((first, second))
    return pairs


def main(argv: list[str] | None = None) -> int:
    from tests.benchmarks.shared_data import shared_data_dir

    args = sys.argv[1:] if argv is None else argv
    if args:
        path = Path(args[0])
    else:
        shared = shared_data_dir("bench_lemmas (UD Russian-Taiga)")
        if shared is None:
            return 0
        path = shared / TAIGA
    if not path.exists():
        print(f"bench_lemmas: {path} not found, skipping.")
        return 0
    tokens = read_tokens(path)
    print(f"UD Russian-Taiga test: {len(tokens)} non-punctuation tokens ({path.name})\n")
    header = f"{'policy':46} {'gold in set':>11} {'size':>6} {'link P':>7} {'link R':>7} {'F1':>7}"
    print(header)
    print("-" * len(header))
    for name, policy in policies().items():
        hits = sizes = 0
        for form, gold in tokens:
            candidates = policy(form)
            hits += gold in candidates
            sizes += len(candidates)
        precision, recall = link_scores(tokens, policy)
        f1 = 2 * precision * recall / (precision + recall)
        print(
            f"{name:46} {hits / len(tokens):11.2%} {sizes / len(tokens):6.3f}"
            f" {precision:7.2%} {recall:7.2%} {f1:7.2%}"
        )
    print(
        "\nThe matcher uses the MATCHER policy (calls/phrases/lemmas.py): two words match when"
        "\ntheir candidate sets intersect, so 'gold in set' is the chance that a token can meet"
        "\nits phrase word at all; link P shows what the extra candidates cost in spurious links."
        "\nA missed link always loses the phrase, while a spurious link only matters when every"
        "\nother phrase word also lines up within the gap, so recall is favoured at equal F1;"
        "\nbench_tagging.py repeats the comparison end to end on the tagging dev set."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
