"""Throughput of the phrase engine vs a naive baseline, plus the tokenizer comparison.

Run: ``.venv/bin/python tests/benchmarks/bench_phrases.py [--tokens 1000000] [--seed 7]``

Corpus: transcript-like contact-center Russian generated from a fixed seed — utterance
templates with slot fillers and free "word salad" built from ~300 contact-center lemmas in all
their pymorphy3 inflections (plus words from shared/data/*/transcripts.tsv when present),
segments of 2-30 tokens alternating operator/customer. Rules: 1,000 phrases of 1-4 words drawn
from the same material (n-grams of the templates and random combinations; some quoted, some
prefixes, some with «не», all speakers, some windows, max_gap 0-2).

Measured (one core, one call per 40 segments):
* ours, cold — one pass from an empty token table (pymorphy3 runs on first sight of a word);
* ours, warm — a second pass (the steady state of a long-running worker);
* naive baseline — pymorphy3 on every token with no cache, then one compiled regex per phrase
  over the segment's space-joined top lemmas; measured on a subsample and extrapolated.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from calls.phrases import PhraseMatcher, PhraseRule, SegmentText

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Inside the shared data folder (tests/benchmarks/shared_data.py).
TAIGA = Path("ud_russian_taiga") / "ru_taiga-ud-test.conllu"

LEMMAS = """
ждать линия оператор звонок звонить позвонить дозвониться минута час полчаса день неделя
заказ доставка курьер посылка привезти доставить опоздать задержка срок адрес пункт выдача
деньги возврат вернуть списать списание карта счет оплата оплатить платеж дважды двойной
сумма рубль тысяча промокод скидка акция купон применить действовать работать приложение
сайт личный кабинет ошибка страница войти пароль код смс обновление телефон номер заявка
отменить отмена подписка тариф услуга подключить отключить расторгнуть договор перейти
конкурент дорого дешево цена стоимость повысить переплачивать грубый хамство хамить
разговаривать тон жалоба претензия руководитель начальник спасибо благодарить помочь помощь
вопрос решить проблема ситуация подождать уточнить проверить посмотреть сообщить понять
извинить прощение неудобство клиент компания магазин товар брак качество сломаться сломанный
менять обменять гарантия чек документ паспорт фамилия имя отчество почта письмо ответить
ответ отвечать уведомление статус трек отслеживать склад отправить получить забрать ждали
хороший плохой быстрый медленный нормальный вежливый долгий новый старый последний первый
сегодня вчера завтра опять снова уже ещё вообще совсем очень слишком долго быстро сразу
банк перевод кредит лимит баланс пополнить комиссия вычесть начислить бонус балл кэшбэк
интернет связь роутер мастер выезд починить подключение скорость пропасть зависать висеть
хотеть мочь нужно надо сказать говорить знать думать давать дать сделать делать прийти
человек время год дом работа семья ребенок муж жена мама друг город улица квартира машина
дорога утро вечер ночь выходной праздник отпуск погода магазин продукт молоко хлеб вода
подарок коробка упаковка размер цвет модель вещь одежда обувь куртка платье телевизор
холодильник ноутбук наушники зарядка батарея экран кнопка провод фото видео сообщение
история причина результат вариант случай момент место сторона часть конец начало раз
большой маленький нужный важный простой сложный удобный странный обычный лишний целый
идти ехать сидеть стоять лежать жить видеть слышать смотреть читать писать спросить
попросить объяснить обещать забыть помнить начать закончить пытаться стараться успеть
случиться произойти оказаться остаться появиться исчезнуть найти потерять купить продать
заплатить платить стоить искать выбрать решить согласиться отказаться понравиться нравиться
""".split()

FUNCTION_WORDS = """
я вы мы он она они это то что как так и а но или не ни на в с к по за у о от до из для
же ли бы вот ну да нет уже еще там тут здесь мне меня вас вам нам нас мой ваш свой
""".split()

TEMPLATES = [
    "я {wait} на линии уже {num} минут",
    "{wait} на линии почти час и никто не ответил",
    "сколько можно {wait} на линии",
    "мой заказ до сих пор не {deliver}",
    "курьер опоздал на {num} часа",
    "доставка задерживается уже {num} дней",
    "верните мне деньги за заказ",
    "хочу оформить возврат денег",
    "у меня {charge} списали деньги",
    "деньги списали дважды за один заказ",
    "промокод не работает",
    "не применяется промокод при оплате",
    "скидка по промокоду не действует",
    "приложение не открывается опять",
    "в приложении ошибка при оплате",
    "приложение зависает после обновления",
    "оператор разговаривал очень грубо",
    "ваш сотрудник мне нахамил",
    "хочу отменить подписку",
    "буду расторгать договор и уходить к конкурентам",
    "это слишком дорого для меня",
    "у конкурентов цена ниже",
    "спасибо большое за помощь",
    "благодарю вас вы мне очень помогли",
    "здравствуйте компания слушаю вас",
    "оставайтесь на линии я уточню информацию",
    "спасибо за ожидание",
    "подскажите пожалуйста номер заказа",
    "назовите фамилию имя и отчество",
    "я проверю статус вашей посылки",
    "приношу извинения за неудобства",
    "могу ли я еще чем-то помочь",
    "всего доброго до свидания",
    "не ждал долго спасибо",
    "если бы я ждал на линии я бы разозлился",
    "перезвоните мне завтра после {num}",
    "трек номер не отслеживается",
    "пункт выдачи не работает",
    "в смс пришел неверный код",
    "не могу войти в личный кабинет",
]
FILLERS = {
    "wait": ["жду", "ждал", "ждала", "ждали", "ждём", "вишу"],
    "deliver": ["привезли", "доставили", "пришел", "приехал"],
    "charge": ["дважды", "два раза", "повторно", "лишние"],
    "num": ["5", "10", "15", "20", "40", "два", "три", "пять", "сорок"],
}


def build_vocabulary(rng: random.Random) -> list[str]:
    from calls.phrases.lemmas import analyzer
    from tests.benchmarks.shared_data import shared_data_dir

    morph = analyzer()
    forms: set[str] = set(FUNCTION_WORDS)
    for lemma in LEMMAS:
        for form in morph.parse(lemma)[0].lexeme:
            forms.add(form.word.replace("ё", "е") if rng.random() < 0.5 else form.word)
    shared = shared_data_dir("words of the shared transcripts in the vocabulary")
    for path in sorted(shared.glob("*/transcripts.tsv")) if shared else []:
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            forms.update(line.split("\t")[-1].lower().split())
    return sorted(forms)


def utterances(rng: random.Random, vocabulary: list[str]) -> Iterator[str]:
    # Zipf-like: a few words are very common, most are rare — as in speech.
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(vocabulary))]
    shuffled = vocabulary[:]
    rng.shuffle(shuffled)
    function_weights = [4.0] * len(FUNCTION_WORDS)
    pool = FUNCTION_WORDS + shuffled
    pool_weights = function_weights + weights
    while True:
        if rng.random() < 0.12:
            text = rng.choice(TEMPLATES)
            for slot, options in FILLERS.items():
                while "{" + slot + "}" in text:
                    text = text.replace("{" + slot + "}", rng.choice(options), 1)
            words = text.split()
            for _ in range(rng.randint(0, 6)):
                words.insert(rng.randint(0, len(words)), rng.choices(pool, pool_weights)[0])
        else:
            words = rng.choices(pool, pool_weights, k=rng.randint(2, 30))
        text = " ".join(words)
        if rng.random() < 0.5:
            text = text[:1].upper() + text[1:]
        yield text + rng.choice([".", "?", "!", ",", "...", ""])


def build_calls(token_target: int, seed: int) -> tuple[list[list[SegmentText]], list[str], int]:
    """Calls of ~40 segments each, the vocabulary, and the exact token count."""
    from calls.phrases import SegmentText
    from calls.phrases.tokens import TOKEN_RE

    rng = random.Random(seed)
    vocabulary = build_vocabulary(rng)
    source = utterances(rng, vocabulary)
    calls: list[list[SegmentText]] = []
    tokens = 0
    while tokens < token_target:
        clock = 0.0
        call: list[SegmentText] = []
        for index in range(40):
            text = next(source)
            duration = 0.35 * len(text.split()) + rng.random()
            speaker = "operator" if index % 2 == 0 else "customer"
            call.append(SegmentText(speaker, clock, clock + duration, text))
            clock += duration + rng.random()
            tokens += len(TOKEN_RE.findall(text.lower()))
        calls.append(call)
    return calls, vocabulary, tokens


def build_rules(count: int, seed: int, vocabulary: list[str]) -> list[PhraseRule]:
    from calls.phrases import PhraseRule, compile_rules

    rng = random.Random(seed + 1)
    rules: list[PhraseRule] = []
    content = [w for w in vocabulary if len(w) > 3 and w.isalpha()]
    function_words = set(FUNCTION_WORDS)
    while len(rules) < count:
        # Trainers write specific phrases: n-grams of real utterances or combinations of
        # content words, never a bare function word.
        if rng.random() < 0.3:
            words = rng.choice(TEMPLATES).split()
            length = rng.randint(2, min(4, len(words)))
            at = rng.randint(0, len(words) - length)
            words = [w for w in words[at : at + length] if "{" not in w]
        else:
            words = rng.sample(content, rng.randint(1, 3))
        if not any(w not in function_words and len(w) > 3 for w in words):
            continue
        style = rng.random()
        if style < 0.1:
            words[0] = f"«{words[0]}»"
        elif style < 0.2 and len(words[-1]) > 5:
            words[-1] = words[-1][:5] + "*"
        elif style < 0.3:
            words.insert(0, "не")
        window = None
        if rng.random() < 0.1:
            window = (rng.choice(["first", "last"]), float(rng.choice([30, 60, 120])))
        rule = PhraseRule(
            key=("rule", len(rules)),
            text=" ".join(words),
            speaker=rng.choice(["customer", "operator", "any"]),
            max_gap=rng.choice([0, 1, 1, 1, 2]),
            window=window,
        )
        try:
            compile_rules([rule])
        except ValueError:
            continue
        rules.append(rule)
    return rules


class NaiveBaseline:
    """pymorphy3 top lemma for every token, no cache; one compiled regex per phrase."""

    def __init__(self, rules: list[PhraseRule], cached: bool = False) -> None:
        from calls.phrases.lemmas import analyzer, top_lemma
        from calls.phrases.tokens import fold_word

        self._morph = analyzer()
        self._fold = fold_word
        self._cache: dict[str, str] | None = {} if cached else None
        self._patterns = []
        for rule in rules:
            pieces = []
            for word in re.findall(r"[«\"]?[\w-]+\*?[»\"]?", rule.text.lower()):
                bare = word.strip('«»"*')
                pieces.append(
                    re.escape(bare) + r"\S*" if word.endswith("*") else re.escape(top_lemma(bare))
                )
            gap = rf" (?:\S+ ){{0,{rule.max_gap}}}"
            negation = "" if pieces[0] == "не" else r"(?<!\bне )"
            self._patterns.append((rule, re.compile(negation + r"\b" + gap.join(pieces) + r"\b")))

    def _lemma(self, word: str) -> str:
        if self._cache is None:
            return self._fold(self._morph.parse(word)[0].normal_form)
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._fold(self._morph.parse(word)[0].normal_form)
        return found

    def match(self, segments: list[SegmentText]) -> int:
        from calls.phrases.tokens import TOKEN_RE

        found = 0
        for segment in segments:
            words = TOKEN_RE.findall(segment.text.lower().replace("ё", "е"))
            lemmas = " ".join(self._lemma(word) for word in words)
            for rule, pattern in self._patterns:
                if rule.speaker != "any" and rule.speaker != segment.speaker:
                    continue
                found += len(pattern.findall(lemmas))
        return found


def timed(run: Callable[[], int]) -> tuple[float, int]:
    began = time.perf_counter()
    result = run()
    return time.perf_counter() - began, result


def word_core(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Span without leading/trailing non-word characters («т.» → «т», «@name» → «name»);
    None for tokens with no letter or digit (emoticons, symbols).

    The matcher ignores punctuation, so tokenizers are compared on what they say about words.
    """
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if start < end else None


def tokenizer_table(calls: list[list[SegmentText]]) -> None:
    import razdel
    from nltk.tokenize import ToktokTokenizer

    from calls.phrases import tokenize as ours
    from calls.phrases.tokens import TOKEN_RE

    texts = [segment.text for call in calls[:600] for segment in call]
    toktok = ToktokTokenizer()

    def cores(text: str, spans: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
        return [core for span in spans if (core := word_core(text, *span)) is not None]

    def fast_regex(text: str) -> list[str]:
        # What the matcher runs per segment: no span objects at all.
        return TOKEN_RE.findall(text.lower().replace("ё", "е"))

    def spans_regex(text: str) -> list[tuple[int, int]]:
        return [(t.start, t.end) for t in ours(text)]

    def spans_razdel(text: str) -> list[tuple[int, int]]:
        return cores(text, ((t.start, t.stop) for t in razdel.tokenize(text)))

    def spans_toktok(text: str) -> list[tuple[int, int]]:
        def located() -> Iterator[tuple[int, int]]:
            cursor = 0
            for piece in toktok.tokenize(text):
                at = text.find(piece, cursor)
                if at >= 0:
                    cursor = at + len(piece)
                    yield at, cursor

        return cores(text, located())

    candidates: dict[str, tuple[Callable[[str], list], Callable[[str], list]]] = {
        "regex findall (matcher)": (fast_regex, spans_regex),
        "regex with spans (ours)": (spans_regex, spans_regex),
        "razdel 0.5": (spans_razdel, spans_razdel),
        "nltk ToktokTokenizer": (spans_toktok, spans_toktok),
    }
    gold = read_taiga_sentences()
    print("\nTokenizers: speed on transcript-like text; F1 of word-token spans vs UD-Taiga gold")
    print("(word cores: punctuation stripped from token edges on both sides, see word_core)")
    print(f"{'tokenizer':26} {'tokens/s':>12} {'Taiga F1':>9}")
    for name, (fast, with_spans) in candidates.items():
        began = time.perf_counter()
        count = sum(len(fast(text)) for text in texts)
        speed = count / (time.perf_counter() - began)
        f1 = "n/a"
        if gold:
            hits = predicted = expected = 0
            for text, spans in gold:
                found = set(with_spans(text))
                hits += len(found & spans)
                predicted += len(found)
                expected += len(spans)
            f1 = f"{2 * hits / (predicted + expected):.3f}"
        print(f"{name:26} {speed:12,.0f} {f1:>9}")
    print("(nltk.word_tokenize needs the punkt_tab download and is unavailable offline)")


def read_taiga_sentences() -> list[tuple[str, set[tuple[int, int]]]]:
    """Sentence text and the word-core spans of its non-punctuation gold tokens."""
    from tests.benchmarks.shared_data import shared_data_dir

    shared = shared_data_dir("the tokenizer comparison on UD Russian-Taiga")
    if shared is None or not (shared / TAIGA).exists():
        return []
    sentences = []
    text: str | None = None
    cursor = 0
    spans: set[tuple[int, int]] = set()
    valid = True
    for line in (shared / TAIGA).read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("# text = "):
            text, cursor, spans, valid = line[9:], 0, set(), True
        elif not line.strip():
            if text is not None and valid:
                sentences.append((text, spans))
            text = None
        elif text is not None and not line.startswith("#"):
            columns = line.split("\t")
            if "-" in columns[0] or "." in columns[0]:
                continue
            at = text.find(columns[1], cursor)
            if at < 0:
                valid = False
                continue
            cursor = at + len(columns[1])
            core = word_core(text, at, cursor)
            if columns[3] != "PUNCT" and core is not None:
                spans.add(core)
    return sentences


def anchor_scan_table(matcher: PhraseMatcher, calls: list[list[SegmentText]]) -> None:
    import ahocorasick

    from calls.phrases.tokens import TOKEN_RE

    table = matcher._chars
    anchor_chars = matcher._anchor_chars
    strings = [
        "".join(map(table.__getitem__, TOKEN_RE.findall(s.text.lower().replace("ё", "е"))))
        for call in calls
        for s in call
    ]
    anchor_re = re.compile("[" + "".join(sorted(map(re.escape, anchor_chars))) + "]")
    automaton = ahocorasick.Automaton()
    for char in anchor_chars:
        automaton.add_word(char, char)
    automaton.make_automaton()

    def by_set() -> int:
        return sum(len(set(text) & anchor_chars) for text in strings)

    def by_regex() -> int:
        return sum(1 for text in strings for _ in anchor_re.finditer(text))

    def by_automaton() -> int:
        return sum(1 for text in strings for _ in automaton.iter(text))

    print("\nFinding anchors in the signature strings of all segments (warm tables)")
    scanners = (
        ("set intersection (ours)", by_set, "distinct anchor chars"),
        ("regex character class", by_regex, "hits"),
        ("pyahocorasick", by_automaton, "hits"),
    )
    for name, run, unit in scanners:
        seconds, count = timed(run)
        print(f"  {name:24} {seconds * 1000:8.1f} ms  {count:,} {unit}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-tokens", type=int, default=30_000)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    from calls.phrases import compile_rules
    from calls.phrases.lemmas import analyzer

    analyzer()  # dictionary loading is a one-off, not throughput
    calls, vocabulary, tokens = build_calls(args.tokens, args.seed)
    rules = build_rules(args.rules, args.seed, vocabulary)
    print(
        f"corpus: {tokens:,} tokens, {sum(map(len, calls)):,} segments in {len(calls):,} calls,"
        f" vocabulary {len(vocabulary):,} forms; {len(rules)} rules (seed {args.seed})"
    )

    began = time.perf_counter()
    matcher = compile_rules(rules)
    seconds = time.perf_counter() - began
    print(f"compile {len(rules)} rules: {seconds * 1000:.0f} ms")

    def run_ours() -> int:
        return sum(len(matcher.match(call)) for call in calls)

    cold_s, cold_matches = timed(run_ours)
    warm_s, warm_matches = timed(run_ours)
    assert cold_matches == warm_matches

    sample: list[list[SegmentText]] = []
    sample_tokens = 0
    from calls.phrases.tokens import TOKEN_RE

    for call in calls:
        if sample_tokens >= args.baseline_tokens:
            break
        sample.append(call)
        sample_tokens += sum(len(TOKEN_RE.findall(s.text.lower())) for s in call)
    naive = NaiveBaseline(rules)
    naive_s, _ = timed(lambda: sum(naive.match(call) for call in sample))
    cached = NaiveBaseline(rules, cached=True)
    cached_s, _ = timed(lambda: sum(cached.match(call) for call in sample))

    rows = [
        ("ours, cold (first pass)", tokens / cold_s, f"{cold_matches:,} matches"),
        ("ours, warm (second pass)", tokens / warm_s, f"{warm_matches:,} matches"),
        ("naive baseline", sample_tokens / naive_s, f"rate on a {sample_tokens:,}-token subsample"),
        ("naive + lemma cache", sample_tokens / cached_s, f"on {sample_tokens:,} tokens"),
    ]
    print(f"\n{'engine':28} {'tokens/s':>12}   note")
    for name, speed, note in rows:
        print(f"{name:28} {speed:12,.0f}   {note}")
    baseline = rows[2][1]
    print(
        f"\nratio vs naive baseline: cold {rows[0][1] / baseline:.0f}x,"
        f" warm {rows[1][1] / baseline:.0f}x (targets: >= 500,000 tokens/s and >= 30x)"
    )
    anchor_scan_table(matcher, calls)
    tokenizer_table(calls)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
