"""Which ranking puts real phrasings first: raw counts, PMI or the likelihood ratio.

Run: ``SLYSHU_SHARED_DATA=/path/to/shared/data .venv/bin/python tests/benchmarks/bench_mining.py``

The review mines lemma bigrams and trigrams of content words (calls/mining/) and shows the
best-ranked first. A good ranking puts word groups that belong together (a noun and its
adjective, a verb and its object: «доставка долгий», «вернуть деньги») above words that are
merely neighbours once the stop words are gone. UD Russian-Taiga (blogs, social media, reviews:
the register closest to customer speech among the shared corpora) says which is which: a
mined n-gram is a phrasing when its words are linked by the treebank's dependency tree (every
word of it but one has its head inside it) in most of the sentences it occurs in.

Each sentence is one «call»; the n-grams said in at least 2 (then 3) sentences are ranked by
`recurring_phrasings` itself under each Measure, and the table gives the share of phrasings
among the top k (precision@k) and the average precision over the whole list.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TAIGA = Path("ud_russian_taiga") / "ru_taiga-ud-test.conllu"
MIN_SUPPORTS = (2, 3)
TOPS = (10, 25, 50)


def sentences(path: Path) -> list[list[tuple[int, str, int]]]:
    """(id, form, head) of the non-punctuation words of each sentence."""
    found, current = [], []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                if current:
                    found.append(current)
                current = []
                continue
            if line.startswith("#"):
                continue
            columns = line.rstrip("\n").split("\t")
            if "-" in columns[0] or "." in columns[0] or columns[3] == "PUNCT":
                continue
            current.append((int(columns[0]), columns[1], int(columns[6])))
    if current:
        found.append(current)
    return found


def linked_grams(sentence: list[tuple[int, str, int]]) -> list[tuple[tuple[str, ...], bool]]:
    """The n-grams mining sees in the sentence, each with whether the tree links its words."""
    from calls.mining.words import content_words

    words = []
    for word_id, form, head in sentence:
        kept = content_words(form)
        if len(kept) == 1:
            words.append((kept[0][0], word_id, head))
    grams = []
    for size in (2, 3):
        for offset in range(len(words) - size + 1):
            part = words[offset : offset + size]
            lemmas = tuple(lemma for lemma, _id, _head in part)
            if len(set(lemmas)) < size:
                continue
            ids = {word_id for _lemma, word_id, _head in part}
            inside = sum(head in ids for _lemma, _id, head in part)
            grams.append((lemmas, inside == size - 1))
    return grams


def main() -> None:
    import django

    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from shared_data import shared_data_dir

    folder = Path(sys.argv[1]).parent if len(sys.argv) > 1 else shared_data_dir("bench_mining")
    if folder is None:
        return
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else folder / TAIGA
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.test")
    django.setup()
    from calls.mining.phrasings import Measure, recurring_phrasings

    parsed = sentences(path)
    votes: dict[tuple[str, ...], list[bool]] = defaultdict(list)
    rows = []
    for number, sentence in enumerate(parsed):
        for lemmas, linked in linked_grams(sentence):
            votes[lemmas].append(linked)
        rows.append((number, 0.0, " ".join(form for _id, form, _head in sentence)))
    gold = {lemmas for lemmas, linked in votes.items() if sum(linked) * 2 > len(linked)}

    header = " ".join(f"P@{k:<3}" for k in TOPS)
    print(f"UD Russian-Taiga test: {len(parsed)} sentences.")
    print(f"{'support':<8} {'measure':<18} {'n-grams':>7} {'phrasings':>9}  {header}  AP")
    for min_calls, measure in [(s, m) for s in MIN_SUPPORTS for m in Measure]:
        ranked = [g.lemmas for g in recurring_phrasings(rows, min_calls=min_calls, measure=measure)]
        hits = [lemmas in gold for lemmas in ranked]
        precision = [sum(hits[:k]) / min(k, len(hits)) for k in TOPS]
        found, average = 0, 0.0
        for rank, hit in enumerate(hits, 1):
            if hit:
                found += 1
                average += found / rank
        average /= max(found, 1)
        cells = " ".join(f"{p:.2f} " for p in precision)
        print(
            f"≥{min_calls:<7} {measure.value:<18} {len(ranked):>7} {sum(hits):>9}  {cells}",
            f" {average:.3f}",
        )


if __name__ == "__main__":
    main()
