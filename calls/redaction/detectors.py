"""Finding spoken personal data in a call's segments: where each entity is, and of what kind.

Rules (docs/redaction.md has them for people):

* Numbers. Digits and Russian number words are read into digit groups (`calls.phrases.numbers`,
  read as dictated); groups joined only by punctuation, fillers («э», «так», «номер») or a segment
  boundary form a *run*; inside a run the entities are the split into consecutive groups that
  covers the most digits, each piece classified by length, check digits, grouping and the nearest
  context word («карта», «паспорт», «снилс», «инн», «счёт», «телефон») within `CONTEXT_WORDS`
  words before it (or a few after).
* Across segments. A speaker's segment continues their previous one when it starts at most
  `MAX_GAP` seconds after it ended and at most `MAX_BETWEEN` other speakers' segments lie between
  them, each a short backchannel (≤ `BACKCHANNEL_WORDS` words, no number, no context word):
  someone saying «да», «так, записываю» between two halves does not break a number, nor does
  an operator repeating the groups just said («четыре два семь шесть, так»); someone saying
  other digits or asking «а ваш ИНН?» does. Other speakers are never joined into a number.
* Read-backs. Digits repeating whole groups of an entity said up to `ECHO_SEGMENTS` segments
  away (at least `ECHO_DIGITS`) are hidden as that entity: a card read back four digits at a
  time gives it away piece by piece, and no piece is a number of its own.
* E-mails: written ones by pattern; spoken ones as «ivan собака mail точка ru» (or «собака
  мейл ру» for a known provider), local part pieces joined by «точка», «подчёркивание»,
  «дефис», the domain ending in a known top-level domain, all within one segment.

Entities never overlap, and placeholders («[карта]») are opaque: redacting again finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from calls.phrases.numbers import fold, is_number_word, read_numbers
from calls.redaction.checksums import inn_valid, luhn_valid, snils_valid
from calls.redaction.entities import PLACEHOLDERS, EntityKind, SegmentText

MAX_GAP = 3.0  # seconds between a speaker's segments that still continue one number
MAX_BETWEEN = 2  # other speakers' segments that may lie in between…
BACKCHANNEL_WORDS = 4  # …when each is this short, without numbers or context words
CONTEXT_WORDS = 12  # how far back a context word counts
CONTEXT_AFTER = 4  # «…, это мой СНИЛС»
CONTEXT_SEGMENTS_BACK = 2  # the operator's «продиктуйте номер карты» counts for the answer
CONTEXT_TOKENS = 100  # tokens (digits, punctuation included) looked through at most
ECHO_SEGMENTS = 2  # an entity's digits repeated this many segments before or after…
ECHO_DIGITS = 3  # …at least this many of them, are hidden as the entity
SECURITY_CODE_WORDS = 5  # «CVC», «на обороте» counts for a 3–4 digit number this close after


@dataclass(frozen=True)
class Piece:
    """Characters `start`..`end` of the text of segment `segment`."""

    segment: int
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    kind: EntityKind
    pieces: tuple[Piece, ...]


_PLACEHOLDER_RE = "|".join(re.escape(p) for p in PLACEHOLDERS.values())
_TOKEN_RE = re.compile(
    rf"(?P<placeholder>{_PLACEHOLDER_RE})|(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<punct>[^\w\s]|_)"
)
_EMAIL_RE = re.compile(r"[\w.+-]*\w@\w[\w-]*(?:\.[\w-]+)*\.[^\W\d_]{2,}")


@dataclass
class Token:
    segment: int
    start: int
    end: int
    text: str
    kind: str  # placeholder | num | word | punct
    folded: str
    position: int  # index among its segment's tokens
    consumed: bool = field(default=False)  # already part of an entity

    @property
    def numeric(self) -> bool:
        return self.kind == "num" or (self.kind == "word" and is_number_word(self.folded))


def tokenize(text: str, segment: int) -> list[Token]:
    return [
        Token(segment, m.start(), m.end(), m.group(), m.lastgroup or "", fold(m.group()), position)
        for position, m in enumerate(_TOKEN_RE.finditer(text))
    ]


# --- context -------------------------------------------------------------------------------

_CONTEXT_PREFIXES: tuple[tuple[str, EntityKind], ...] = (
    ("карт", EntityKind.CARD),
    ("кредитк", EntityKind.CARD),
    ("visa", EntityKind.CARD),
    ("виза", EntityKind.CARD),
    ("визы", EntityKind.CARD),
    ("мастеркард", EntityKind.CARD),
    ("mastercard", EntityKind.CARD),
    ("телефон", EntityKind.PHONE),
    ("мобильн", EntityKind.PHONE),
    ("сотов", EntityKind.PHONE),
    ("позвон", EntityKind.PHONE),
    ("перезвон", EntityKind.PHONE),
    ("звонит", EntityKind.PHONE),
    ("whatsapp", EntityKind.PHONE),
    ("ватсап", EntityKind.PHONE),
    ("вотсап", EntityKind.PHONE),
    ("паспорт", EntityKind.PASSPORT),
    ("серия", EntityKind.PASSPORT),
    ("серии", EntityKind.PASSPORT),
    ("серию", EntityKind.PASSPORT),
    ("снилс", EntityKind.SNILS),
    ("страхов", EntityKind.SNILS),
    ("пенсионн", EntityKind.SNILS),
    ("инн", EntityKind.INN),
    ("налогоплательщик", EntityKind.INN),
    ("счет", EntityKind.ACCOUNT),
    ("расчетн", EntityKind.ACCOUNT),
    ("лицев", EntityKind.ACCOUNT),
    ("корреспондентск", EntityKind.ACCOUNT),
)
# Words that look like a prefix above but are not about the entity.
_NOT_CONTEXT = frozenset({"картина", "картину", "картинка", "картошка", "картофель", "сериал",
                           "иннокентий", "считать", "счетчик", "счетчика"})


# Words that name some other number: the nearest one wins, so «номер заказа 9910468» after
# «телефон» earlier is an order number.
_OTHER_NUMBER_PREFIXES = ("заказ", "заявк", "трек", "договор", "квитанц", "накладн", "артикул",
                          "код", "ошибк", "обращени", "квартир", "дом", "подъезд", "этаж")


def names_other_number(folded: str) -> bool:
    return folded.startswith(_OTHER_NUMBER_PREFIXES)


def context_kind(folded: str) -> EntityKind | None:
    if folded in _NOT_CONTEXT:
        return None
    for prefix, kind in _CONTEXT_PREFIXES:
        if folded.startswith(prefix):
            return kind
    return None


# --- runs of digits --------------------------------------------------------------------------

# Said between the groups of a dictated number without ending it.
_FILLERS = frozenset({
    "э", "ээ", "эээ", "эм", "эмм", "м", "мм", "ммм", "а", "так", "значит", "ну", "вот", "еще",
    "дальше", "далее", "номер", "номера", "плюс", "тире", "дефис", "пробел", "скобка",
})
_RUN_BREAKING_PUNCT = frozenset("?!;")
_LEADING = frozenset("+(")


def _card_with_expiry(digits: str) -> bool:
    """«4890 6828 8909 3100 12/26»: a card and its expiry month/year, said in one go."""
    return (len(digits) == 20 and digits[0] in "23456" and luhn_valid(digits[:16])
            and 1 <= int(digits[16:18]) <= 12)


def _years_and_dates(digits: str, shape: tuple[int, ...]) -> bool:
    """«в 1998 1999 2001 годах», «12.03.2025 14.03.2025»: years (1900–2099) and day/month numbers
    only, a third of the digits or more in years. Such a list holds every length from 12 up."""
    position = 0
    year_digits = 0
    for size in shape:
        group = int(digits[position:position + size])
        position += size
        if size == 4 and 1900 <= group <= 2099:
            year_digits += 4
        elif size > 2 or not 1 <= group <= 31:
            return False
    return year_digits > 0 and year_digits * 3 >= len(digits)


def _cuts(digits: str, shape: tuple[int, ...]) -> tuple[frozenset[int], frozenset[int]]:
    """Where the groups end (digit counts from the start), as said and with every «ноль» group
    joined to the group after it («ноль сорок пять» is one chunk, 045)."""
    said: set[int] = set()
    joined: set[int] = set()
    position = 0
    for size in shape:
        group = digits[position:position + size]
        position += size
        said.add(position)
        if group.strip("0") or position == len(digits):
            joined.add(position)
    return frozenset(said), frozenset(joined)


def _grouped_at(cuts: tuple[frozenset[int], frozenset[int]], *points: int) -> bool:
    return any(set(points) <= found for found in cuts)


def classify(
    digits: str, shape: tuple[int, ...], context: EntityKind | None, alone: bool = True
) -> EntityKind | None:
    """What a number is, from its digits, how it was grouped and the nearest context word.

    A context word naming the kind is enough with the right digit count. Without one, the check
    digits *and* a grouping people use for that kind are needed (a card in fours, pairs or single
    digits; a phone with its code apart, «8 916 …»; a СНИЛС in threes): a list of small numbers
    («было 33, 95, 46, 89, 95, 84») passes a check digit by chance one time in ten, but is not
    grouped like any of them. `alone` when nothing else of the run is left over: only then does a
    grouping alone make a passport or a landline («2024-05-15-001234» holds a 2-2-6).
    """
    n = len(digits)
    first = digits[0]
    single = len(shape) == 1

    if context is EntityKind.ACCOUNT and 18 <= n <= 22:
        return EntityKind.ACCOUNT
    if context is EntityKind.CARD and n in (15, 16, 19):
        # Card lengths, whatever the check digit: a misheard digit must not leave the rest of a
        # card readable («карта 42 76 … 78, 2 раза» stays 16 digits).
        return EntityKind.CARD
    if context is EntityKind.SNILS and n == 11:
        return EntityKind.SNILS
    if context is EntityKind.INN and n in (10, 12):
        return EntityKind.INN
    if context is EntityKind.PASSPORT and (n == 10 or (n == 6 and shape in ((6,), (3, 3)))):
        return EntityKind.PASSPORT
    if context is EntityKind.PHONE and (
            (n == 11 and first in "78") or n == 10 or (n == 7 and shape == (3, 2, 2))):
        return EntityKind.PHONE
    if context is None and n >= 12 and _years_and_dates(digits, shape):
        return None
    kind = _by_evidence(digits, shape, alone)
    # Pairs, single digits or uneven groups are how people dictate, but also how a list of
    # numbers reads; inside a longer run only the usual written shapes count.
    if kind is not None and not alone and not single and shape not in _WRITTEN[kind]:
        return None
    return kind


# How Whisper writes each kind (and how it is most often said), groups of digits.
_WRITTEN: dict[EntityKind, frozenset[tuple[int, ...]]] = {
    EntityKind.CARD: frozenset({(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4),
                                (4, 4, 4, 4, 2, 2), (4, 4, 4, 4, 4)}),
    EntityKind.PHONE: frozenset({(1, 3, 3, 2, 2), (1, 3, 7), (1, 10), (1, 3, 3, 4), (3, 3, 2, 2),
                                 (3, 7), (3, 3, 4)}),
    EntityKind.SNILS: frozenset({(3, 3, 3, 2), (9, 2)}),
    EntityKind.INN: frozenset(),
    EntityKind.ACCOUNT: frozenset({(5, 3, 1, 4, 7), (5, 3, 1, 11), (4, 4, 4, 4, 4), (5, 15)}),
    EntityKind.PASSPORT: frozenset(),
}


_ACCOUNT_STARTS = frozenset({"30", "40", "42", "45", "47"})


def _by_evidence(digits: str, shape: tuple[int, ...], alone: bool) -> EntityKind | None:
    """The kind that check digits and grouping make a number without a context word."""
    n = len(digits)
    first = digits[0]
    single = len(shape) == 1
    cuts = _cuts(digits, shape)
    in_fours = single or _grouped_at(cuts, *range(4, n, 4))
    if n == 20:
        if _card_with_expiry(digits) and _grouped_at(cuts, 4, 8, 12, 16):
            return EntityKind.CARD  # the expiry is card data too: one placeholder
        # A customer's account opens with its balance account: 40… (settlement, personal),
        # 42… (deposits), 30… (correspondent), 45…/47… (loans, settlements); «40817 810 …».
        if digits[:2] in _ACCOUNT_STARTS and (in_fours or _grouped_at(cuts, 5, 8)):
            return EntityKind.ACCOUNT
        return None
    if 13 <= n <= 19:
        # Grouped in fours, pairs or single digits: 16 or 19 digits (a list of seven numbers
        # makes 14); other lengths only written as one number or Amex 4-6-5 / Diners 4-6-4.
        card_grouped = single or (in_fours and n in (16, 19)) or shape in ((4, 6, 5), (4, 6, 4))
        if first in "23456" and luhn_valid(digits) and card_grouped:
            return EntityKind.CARD
        return None
    if n == 12:
        return EntityKind.INN if single and inn_valid(digits) else None
    if n == 11:
        phone_grouped = single or _grouped_at(cuts, 1, 4) or shape == (1, 10)
        if _grouped_at(cuts, 3, 6, 9) and snils_valid(digits):
            return EntityKind.SNILS
        if first in "78" and digits[1] in "3489" and phone_grouped:
            return EntityKind.PHONE
        if single and snils_valid(digits):
            return EntityKind.SNILS
        if first in "78" and phone_grouped:
            return EntityKind.PHONE
        return None
    if n == 10:
        if alone and shape in ((4, 6), (2, 2, 6)):
            return EntityKind.PASSPORT
        # A mobile number with its code apart: «916 123 45 67», or, as the whole run, any
        # grouping after the code («девятьсот шестнадцать, двенадцать, тридцать четыре, …»).
        if first == "9" and (single or _grouped_at(cuts, 3, 6) or shape == (3, 7)
                             or (alone and shape[0] == 3)):
            return EntityKind.PHONE
        if single and inn_valid(digits):
            return EntityKind.INN
        if alone and first in "348" and shape in ((3, 3, 2, 2), (3, 3, 4), (3, 7)):
            return EntityKind.PHONE
    return None


@dataclass(frozen=True)
class _Group:
    digits: str
    first: int  # token indexes into the chain
    last: int
    amount: bool = False  # «857 000», «сто пятьдесят шесть тысяч»: part of an entity only by name
    thousands: bool = False  # said with «тысяч»: only a card («четыре тысячи двести…») or account


_GLUED = frozenset("+-()/")


def _is_amount_shape(sizes: list[int]) -> bool:
    """«1 500», «857 000», «1 234 567»: thousands separated by spaces, as Whisper writes amounts."""
    return len(sizes) >= 2 and 1 <= sizes[0] <= 3 and all(size == 3 for size in sizes[1:])


def _mark_amounts(chain: list[Token], groups: list[_Group]) -> list[_Group]:
    """Digit groups written as an amount become one amount group; so do number words that make
    a round or five-digit-plus amount («пять тысяч», «сто пятьдесят шесть тысяч»). A phone or a
    card never looks like that («8 916 123 45 67» ends in pairs, «+7 916 123-45-67» has dashes)."""
    marked: list[_Group] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        token = chain[group.first]
        if token.kind == "num" and group.first == group.last:
            end = index  # the maximal chain of digit tokens one space apart
            while (end + 1 < len(groups) and groups[end + 1].first == groups[end + 1].last
                   and chain[groups[end + 1].first].kind == "num"
                   and chain[groups[end + 1].first].segment == token.segment
                   and chain[groups[end + 1].first].start - chain[groups[end].last].end == 1):
                end += 1
            before = chain[group.first - 1] if group.first > 0 else None
            last = chain[groups[end].last]
            after = chain[groups[end].last + 1] if groups[end].last + 1 < len(chain) else None
            glued = (before is not None and before.segment == token.segment
                     and before.end == token.start and before.text in _GLUED) or (
                after is not None and after.segment == last.segment
                and after.start == last.end and after.text in _GLUED)
            sizes = [len(g.digits) for g in groups[index:end + 1]]
            if not glued and _is_amount_shape(sizes):
                digits = "".join(g.digits for g in groups[index:end + 1])
                marked.append(_Group(digits, group.first, groups[end].last, amount=True))
            else:
                marked.extend(groups[index:end + 1])  # the chain is not an amount, nor part of it
            index = end + 1
            continue
        elif chain[group.last].kind == "word" and int(group.digits) >= 1000:
            value = int(group.digits)
            amount = value >= 10000 or value % 1000 == 0
            group = _Group(group.digits, group.first, group.last, amount=amount, thousands=True)
        marked.append(group)
        index += 1
    return marked


def _is_time_or_date_mark(chain: list[Token], index: int) -> bool:
    """«14:30», «25.05»: a colon, or a dot with digits glued on both sides, is a time or a date,
    never inside a dictated number."""
    token = chain[index]
    if token.text == ":":
        return True
    if token.text != "." or index == 0 or index + 1 >= len(chain):
        return False
    before, after = chain[index - 1], chain[index + 1]
    return (before.kind == "num" and after.kind == "num" and before.end == token.start
            and after.start == token.end and before.segment == after.segment)


def _runs(chain: list[Token]) -> list[list[_Group]]:
    return [groups for groups, _ in _runs_beside_entities(chain)]


def _runs_beside_entities(chain: list[Token]) -> list[tuple[list[_Group], bool]]:
    """Digit groups of a chain, cut into runs where a word, a placeholder or an e-mail ends a
    number; each with whether a placeholder or an e-mail is right beside it (so that the rest of
    a run holding an entity is read the same way before and after the entity is replaced)."""
    runs: list[tuple[list[_Group], bool]] = []
    current: list[_Group] = []
    numeric: list[int] = []  # token indexes of the contiguous number words/digits being read
    beside = False

    def read_numeric() -> None:
        if numeric:
            words = [chain[i].folded if chain[i].kind == "word" else chain[i].text for i in numeric]
            groups = [_Group(group.digits, numeric[group.first], numeric[group.last])
                      for group in read_numbers(words, dictated=True)]
            current.extend(_mark_amounts(chain, groups))
            numeric.clear()

    def end_run(at_entity: bool = False) -> None:
        nonlocal current, beside
        read_numeric()
        if current:
            runs.append((current, beside or at_entity))
        current = []
        beside = at_entity

    previous: Token | None = None
    for index, token in enumerate(chain):
        if previous is not None and previous.segment != token.segment:
            read_numeric()  # a group never spans segments, the run may
        previous = token
        if token.consumed or token.kind == "placeholder":
            end_run(at_entity=True)
        elif token.numeric:
            numeric.append(index)
        elif token.kind == "punct":
            read_numeric()
            if token.text in _RUN_BREAKING_PUNCT or _is_time_or_date_mark(chain, index):
                end_run()
        elif token.kind == "word" and token.folded in _FILLERS:
            read_numeric()
        else:
            end_run()
    end_run()
    return runs


def _best_split(
    run: list[_Group], contexts: list[EntityKind | None], beside_entity: bool = False
) -> list[tuple[int, int, EntityKind]]:
    """Consecutive groups → entities, covering as many digits as possible (dynamic programming);
    `contexts[i]` is the context of an entity starting at group i."""
    size = len(run)
    best: list[tuple[int, list[tuple[int, int, EntityKind]]]] = [(0, [])] * (size + 1)
    for start in range(size - 1, -1, -1):
        best[start] = best[start + 1]
        digits = ""
        shape: tuple[int, ...] = ()
        thousands = False
        for end in range(start, size):
            if run[end].amount and contexts[start] is None:
                break  # an amount is a price unless something names the number
            thousands = thousands or run[end].thousands
            digits += run[end].digits
            shape += (len(run[end].digits),)
            if len(digits) > 22:
                break
            alone = start == 0 and end == size - 1 and not beside_entity
            kind = classify(digits, shape, contexts[start], alone=alone)
            if thousands and contexts[start] is None and kind not in (
                    EntityKind.CARD, EntityKind.ACCOUNT):
                kind = None  # nobody says a phone or an ИНН in thousands; prices are
            if kind is not None:
                covered = len(digits) + best[end + 1][0]
                if covered > best[start][0]:
                    best[start] = (covered, [(start, end, kind), *best[end + 1][1]])
    return best[0][1]


# --- e-mails ---------------------------------------------------------------------------------

_AT = frozenset({"собака", "собачка", "@"})
_DOT = frozenset({"точка", "дот", "dot", "."})
_JOINERS = frozenset({"точка", ".", "_", "-", "подчеркивание", "нижнее", "дефис", "тире"})
_TLDS = frozenset({
    "ru", "ру", "рф", "su", "com", "ком", "net", "нет", "org", "орг", "info", "инфо", "io", "me",
    "biz", "online", "ua", "by", "kz", "uz", "de", "uk", "us", "eu", "pro", "site", "xyz", "tech",
})
# Said without «точка» before the top-level domain: «собака мейл ру».
_PROVIDERS = frozenset({
    "mail", "мейл", "мэйл", "маил", "yandex", "яндекс", "ya", "gmail", "джимейл", "гмейл", "bk",
    "inbox", "list", "rambler", "рамблер", "outlook", "hotmail", "icloud",
})
# Words before «собака» that say what follows rather than being part of the address.
_NOT_LOCAL = frozenset({
    "адрес", "почта", "почты", "почту", "мой", "моя", "мою", "это", "вот", "электронная",
    "электронной", "электронку", "емейл", "имейл", "мейл", "email", "e", "mail", "на", "в", "и",
    "у", "меня", "пишите", "запишите", "такой", "такая", "там", "ящик", "ящика", "адресу",
    "адреса", "электронка", "электронки", "почтовый", "логин", "записывайте",
    "отправьте", "пришлите", "присылайте", "напишите", "отправляйте", "так", "да", "нет", "ну",
    "а", "или", "он", "она", "мне", "нам", "ваш", "ваша", "наш", "наша", "рабочая",
    "рабочий", "личная", "личный", "почте", "почтой", "ответ", "туда", "сюда",
})


def _is_piece(token: Token) -> bool:
    return token.kind in ("word", "num") and not token.consumed


def _is_latin(token: Token) -> bool:
    return token.kind == "word" and token.text.isascii()


def _spoken_emails(chain: list[Token]) -> list[tuple[int, int]]:
    """Token ranges (first, last) of e-mails spelled out around «собака»."""
    found: list[tuple[int, int]] = []
    for at, token in enumerate(chain):
        if token.consumed or token.folded not in _AT or at == 0:
            continue
        # Domain: piece (dot piece)+, ending in a known top-level domain.
        end = None
        cursor = at + 1
        segment = token.segment  # an address is said in one breath: one segment
        if cursor < len(chain) and _is_piece(chain[cursor]) and chain[cursor].segment == segment:
            while (cursor + 2 < len(chain) and chain[cursor + 1].folded in _DOT
                   and _is_piece(chain[cursor + 2]) and chain[cursor + 2].segment == segment):
                cursor += 2
                if chain[cursor].folded in _TLDS:
                    end = cursor
            after = at + 2
            if (end is None and chain[at + 1].folded in _PROVIDERS and after < len(chain)
                    and chain[after].folded in _TLDS and chain[after].segment == segment):
                end = after
        if end is None:
            continue
        # Local part, backwards: pieces joined by joiners, digits and Latin words run on.
        start = at - 1
        if (not _is_piece(chain[start]) or chain[start].folded in _NOT_LOCAL
                or chain[start].segment != segment):
            continue
        second_word = False  # «Иван Петров собака…»: Whisper splits «ivanpetrov» in two
        while start > 0 and chain[start - 1].segment == segment:
            before = chain[start - 1]
            if before.folded in _JOINERS and not before.consumed:
                joined = start - 1
                while (joined > 0 and chain[joined - 1].folded in _JOINERS
                       and chain[joined - 1].segment == segment):
                    joined -= 1
                if joined > 0 and _is_piece(chain[joined - 1]) and (
                        chain[joined - 1].folded not in _NOT_LOCAL
                        and chain[joined - 1].segment == segment):
                    start = joined - 1
                    continue
                break
            if _is_piece(before) and before.folded not in _NOT_LOCAL and (
                    _is_latin(before) or before.numeric or chain[start].numeric):
                start -= 1
                continue
            if (not second_word and before.kind == "word" and not before.consumed
                    and before.folded not in _NOT_LOCAL and not before.numeric):
                start -= 1
                second_word = True
                continue
            break
        found.append((start, end))
        for index in range(start, end + 1):
            chain[index].consumed = True
    return found


# --- segments → chains → entities -------------------------------------------------------------

def chains_of(segments: Sequence[SegmentText], tokens: list[list[Token]]) -> list[list[int]]:
    """Segment indexes grouped into one speaker's continuous speech (see module docstring)."""
    chains: list[list[int]] = []
    open_chain: dict[str, int] = {}  # speaker → index into chains
    # Another speaker's «да», «так, записываю» lets a number go on; digits or a new question
    # («а ваш ИНН?») end it.
    backchannel = [
        sum(t.kind == "word" for t in segment_tokens) <= BACKCHANNEL_WORDS
        and not any(t.numeric or t.kind == "placeholder" or context_kind(t.folded)
                    for t in segment_tokens)
        for segment_tokens in tokens
    ]
    for index, segment in enumerate(segments):
        joined = False
        at = open_chain.get(segment.speaker)
        if at is not None:
            last = chains[at][-1]
            between = range(last + 1, index)
            if (segment.start - segments[last].end <= MAX_GAP and len(between) <= MAX_BETWEEN
                    and all(backchannel[i] or _echoes_segment(tokens[i], tokens[last])
                            for i in between)):
                chains[at].append(index)
                joined = True
        if not joined:
            open_chain[segment.speaker] = len(chains)
            chains.append([index])
    return chains


def _echoes_segment(echo: list[Token], said: list[Token]) -> bool:
    """«Четыре два семь шесть, так.» after «четыре два семь шесть»: the other speaker repeating
    groups just said, with a few words and no context word, lets the number go on."""
    if sum(t.kind == "word" and not t.numeric for t in echo) > BACKCHANNEL_WORDS or any(
            t.kind == "placeholder" or context_kind(t.folded) for t in echo):
        return False
    runs = _runs(echo)
    if not runs:
        return False
    chunks = _chunks(_said_groups(said))
    return all("".join(group.digits for group in run) in chunks for run in runs)


def _context_before(tokens: list[list[Token]], first: Token) -> EntityKind | None:
    """The kind named by the nearest context word before `first`, any speaker, a few segments
    back; None when a word naming another number comes first, or nothing within reach."""
    seen = examined = 0
    segment, position = first.segment, first.position
    while segment >= 0 and first.segment - segment <= CONTEXT_SEGMENTS_BACK:
        for index in range(position - 1, -1, -1):
            token = tokens[segment][index]
            if token.consumed or token.kind == "placeholder":
                continue  # what was found (or replaced) counts like the number it was
            examined += 1
            if examined > CONTEXT_TOKENS:
                return None  # a long stretch of digits: what named them is too far back
            if token.kind != "word" or token.numeric:
                continue
            if (token.folded == "с" and index >= 2 and tokens[segment][index - 1].text == "/"
                    and tokens[segment][index - 2].folded in ("р", "к", "л")):
                return EntityKind.ACCOUNT  # «р/с», «к/с», «л/с»
            kind = context_kind(token.folded)
            if kind is not None:
                return kind
            if names_other_number(token.folded):
                return None
            seen += 1
            if seen >= CONTEXT_WORDS:
                return None
        segment -= 1
        position = len(tokens[segment]) if segment >= 0 else 0
    return None


def _context_after(chain: list[Token], last_index: int) -> EntityKind | None:
    """The kind named by one of the next `CONTEXT_AFTER` words of the chain («…, это мой СНИЛС»)."""
    words_after = 0
    for index in range(last_index + 1, min(len(chain), last_index + 1 + CONTEXT_TOKENS)):
        token = chain[index]
        if token.consumed:
            continue
        if token.kind == "word" and not is_number_word(token.folded):
            kind = context_kind(token.folded)
            if kind is not None:
                return kind
            if names_other_number(token.folded):
                return None
            words_after += 1
            if words_after >= CONTEXT_AFTER:
                break
    return None


# The card's security code: PCI DSS forbids keeping it at all, so it goes under «[карта]».
_SECURITY_CODE_WORDS = frozenset({"cvc", "cvv", "свс", "свв", "сивиси", "сиви", "сививи", "цвц"})
_SECURITY_CODE_PREFIXES = ("оборот",)  # «три цифры на обороте», «с оборотной стороны»


def _names_security_code(folded: str) -> bool:
    return folded in _SECURITY_CODE_WORDS or folded.startswith(_SECURITY_CODE_PREFIXES)


def _is_security_code(tokens: list[list[Token]], chain: list[Token], run: list[_Group]) -> bool:
    """A run of 3 or 4 digits within a few words after «CVC», «CVV», «на обороте»."""
    if len("".join(group.digits for group in run)) not in (3, 4):
        return False
    first = chain[run[0].first]
    words = 0
    segment, position = first.segment, first.position
    while segment >= 0 and first.segment - segment <= 1:
        for index in range(position - 1, -1, -1):
            token = tokens[segment][index]
            if token.kind == "word":
                if _names_security_code(token.folded):
                    return True
                if names_other_number(token.folded):
                    return False
                words += 1
                if words >= SECURITY_CODE_WORDS:
                    return False
        segment -= 1
        position = len(tokens[segment]) if segment >= 0 else 0
    return False


def _pieces(chain: list[Token], first: int, last: int) -> tuple[Piece, ...]:
    """Character ranges per segment of chain tokens first..last."""
    pieces: list[Piece] = []
    for token in chain[first:last + 1]:
        if pieces and pieces[-1].segment == token.segment:
            pieces[-1] = Piece(token.segment, pieces[-1].start, token.end)
        else:
            pieces.append(Piece(token.segment, token.start, token.end))
    return tuple(pieces)


def find_entities(segments: Sequence[SegmentText]) -> list[Entity]:
    """Every entity in the segments, in order; texts are read as they are (see `transcript`)."""
    entities: list[Entity] = []
    tokens = [tokenize(segment.text, index) for index, segment in enumerate(segments)]

    # «CVV2», «CVC2»: the 2 is part of the name, not of the code.
    for segment_tokens in tokens:
        for before, token in zip(segment_tokens, segment_tokens[1:], strict=False):
            if (token.kind == "num" and before.end == token.start
                    and before.folded in _SECURITY_CODE_WORDS):
                token.consumed = True

    # Written e-mails first: their digits and dots are not numbers.
    for index, segment in enumerate(segments):
        for match in _EMAIL_RE.finditer(segment.text):
            entities.append(Entity(EntityKind.EMAIL, (Piece(index, match.start(), match.end()),)))
            for token in tokens[index]:
                if token.start < match.end() and token.end > match.start():
                    token.consumed = True

    for chain_segments in chains_of(segments, tokens):
        chain = [token for index in chain_segments for token in tokens[index]]
        for first, last in _spoken_emails(chain):
            entities.append(Entity(EntityKind.EMAIL, _pieces(chain, first, last)))
        for run, beside_entity in _runs_beside_entities(chain):
            if _is_security_code(tokens, chain, run):
                pieces = _pieces(chain, run[0].first, run[-1].last)
                entities.append(Entity(EntityKind.CARD, pieces))
                continue
            after = _context_after(chain, run[-1].last)
            contexts = [_context_before(tokens, chain[group.first]) or after for group in run]
            for start, end, kind in _best_split(run, contexts, beside_entity):
                first, last = run[start].first, run[end].last
                # «+7 (916)…», «плюс семь…»: the sign belongs to the number.
                while first > 0 and chain[first - 1].segment == chain[first].segment and (
                        not chain[first - 1].consumed) and (
                        chain[first - 1].text in _LEADING or chain[first - 1].folded == "плюс"):
                    first -= 1
                entities.append(Entity(kind, _pieces(chain, first, last)))
    entities += _echoes(tokens, entities)
    entities.sort(key=lambda e: (e.pieces[0].segment, e.pieces[0].start))
    return entities


def _chunks(groups: list[str]) -> set[str]:
    """Every run of consecutive groups as said: «4276 7975» gives 4276, 7975 and 42767975."""
    return {"".join(groups[a:b]) for a in range(len(groups)) for b in range(a + 1, len(groups) + 1)}


def _said_groups(tokens: list[Token]) -> list[str]:
    return [group.digits for run in _runs(tokens) for group in run]


def _echoes(tokens: list[list[Token]], entities: list[Entity]) -> list[Entity]:
    """Groups repeating groups of an entity said in a nearby segment: an operator reading a card
    back four digits at a time («4276, так… 7975…») gives the number away piece by piece, and
    no piece is a number of its own."""
    said: dict[int, list[tuple[set[str], EntityKind]]] = {}
    for entity in entities:
        if entity.kind is EntityKind.EMAIL:
            continue
        for piece in entity.pieces:
            inside = [t for t in tokens[piece.segment]
                      if piece.start <= t.start and t.end <= piece.end]
            groups = _said_groups(inside)
            for token in inside:
                token.consumed = True
            if groups:
                said.setdefault(piece.segment, []).append((_chunks(groups), entity.kind))
    if not said:
        return []
    echoes: list[Entity] = []
    for index, segment_tokens in enumerate(tokens):
        nearby = [found for other in range(index - ECHO_SEGMENTS, index + ECHO_SEGMENTS + 1)
                  if other != index for found in said.get(other, [])]
        if not nearby:
            continue
        for run in _runs(segment_tokens):
            digits = "".join(group.digits for group in run)
            kind = next((kind for chunks, kind in nearby
                         if len(digits) >= ECHO_DIGITS and digits in chunks), None)
            if kind is not None:
                echoes.append(Entity(kind, _pieces(segment_tokens, run[0].first, run[-1].last)))
    return echoes
