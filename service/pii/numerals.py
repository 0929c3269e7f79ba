"""Numbers written in words or look-alike letters, rewritten as digits in the shadow.

A word is read as digits only among other digits: in a chain of groups (see
:mod:`service.pii.groups`) that holds at least :data:`MIN_DISGUISED_DIGITS` digits. So
a count in prose (일이 많다, 사이에, one of two) stays a word, while ``공일공 쉬고
일이삼사 쉬고 오육칠팔`` becomes ``010 쉬고 1234 쉬고 5678`` and the assembly of groups
(:mod:`service.pii.assembly`) can read it as one number.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from service.pii.digits import (
    ENGLISH_COMPOUND,
    ENGLISH_DIGITS,
    ENGLISH_PIECE,
    ENGLISH_REPEATS,
    ENGLISH_TEENS,
    ENGLISH_TENS,
    ENGLISH_WORDS,
    IDEOGRAPHIC_DIGITS,
    KOREAN_NUMBER_SYLLABLES,
    LOOKALIKES,
    LOOKALIKES_BETWEEN_DIGITS,
    NATIVE_KOREAN,
    SINO_KOREAN,
    read_english,
    read_korean,
)
from service.pii.groups import Gap, Spanned, chains, gap, glued_to_word, joined, labelled
from service.pii.shadow import Edit

# A run of digits (however written) shorter than this is a count, a price or a date
# fragment; rewriting it would only add noise. The shortest number we look for in
# disguise is a 7-digit local phone number.
MIN_DISGUISED_DIGITS = 7

_KOREAN = KOREAN_NUMBER_SYLLABLES
_SINO = "".join(SINO_KOREAN)
_NATIVE = "|".join(NATIVE_KOREAN)
_IDEOGRAPHS = "".join(IDEOGRAPHIC_DIGITS)
_JAMO = "".join(char for char in LOOKALIKES if not char.isascii())
# A bar between two digits separates them (5447|1457); elsewhere it is typed for a 1
# like the jamo ㅣ (O|O, 386|).
# Native numerals are whole words: their syllables (하, 나, 다, 여, 아) are everywhere in
# Korean prose, and reading every word that holds one costs more than it finds.
_TOKEN_CHARACTER = f"0-9A-Za-z|{_JAMO}{_SINO}십백천{_IDEOGRAPHS}"
_TOKEN = re.compile(
    # The look-ahead names every first character: re then skips ahead to them.
    f"(?=[{_TOKEN_CHARACTER}{''.join(word[0] for word in NATIVE_KOREAN)}])(?:"
    # An English number in words (eighty-four) is one token: the words are its digits.
    f"(?P<compound>(?=[A-Za-z]){ENGLISH_COMPOUND})"
    f"|(?:{_NATIVE}|[{_TOKEN_CHARACTER}])+)"
)
# A bar between two runs of two digits or more.
_BAR_BETWEEN = re.compile(r"[0-9]{2}\|[0-9]{2}")
_NOT_BAR = re.compile("[^|]+")
_NEXT_WORD = re.compile(" +")
_DOT_JOINT = re.compile(r"\s*\.\s*")
_JOINED_BEFORE = re.compile(r"[0-9|][-. ]")
_JOINED_AFTER = re.compile(r"[-. ][0-9|]")
_PLACE = re.compile("[십백천]")
# The end of a road's name (상계로, 월드컵북로 12길), right before a building number.
_ROAD_BEFORE = re.compile("[가-힣](?:로|길) ?$")
# Names that hold a number word: KEB하나 is a bank, not KEB1.
_NAME = re.compile("(?i)keb하나")
_MARK_BEFORE = re.compile("[0-9][-.]")
_MARK_AFTER = re.compile("[-.][0-9]")
# What follows 이 when it is the copula or the subject particle (이에요, 이고, 이라서),
# not the digit 2 before a particle (육일육이로).
_COPULA_ENDINGS = frozenset("에예고다라지며면니었야랑나든요가")
_ALL_LOOKALIKES = re.compile(f"[{re.escape(''.join(LOOKALIKES))}]+")
_PIECE = re.compile(
    f"(?P<korean>[{_KOREAN}]+)|(?P<ideographs>[{_IDEOGRAPHS}]+)|[0-9A-Za-z|{_JAMO}]+"
)
_FROM_IDEOGRAPHS = str.maketrans(IDEOGRAPHIC_DIGITS)


_LOOK = "".join(LOOKALIKES)
_WORDS = "|".join(word for word in ENGLISH_WORDS if len(word) > 2)
_WORD_AMONG_DIGITS = re.compile(f"(?i)(?<=[0-9])(?:{_WORDS})(?=[0-9])")
_ONE = f"0-9{_SINO}{_IDEOGRAPHS}{_JAMO}"
# Occurs in every text that spell_korean changes (an RE2 pattern for the step
# triggers): three Sino-Korean digits (공일공), a native numeral beside another number
# word or a digit (하나 둘), a place word between digits (천이백), digit words glued to
# digits (3칠23), ideographic digits together, or a stand-in letter among digits
# (4o45, O1O, 12S4; GPT-4o has one, so two digits or two look-alikes around it).
KOREAN_TRIGGER = (
    f"[{_SINO}]{{3}}|(?:{_NATIVE}) ?[{_KOREAN}0-9]|[{_SINO}0-9] ?(?:{_NATIVE})"
    f"|[{_SINO}]?[천백십][{_SINO}]|[0-9][{_SINO}]{{2}}|[{_SINO}]{{2}}[0-9]"
    f"|[0-9][{_SINO}][0-9]|[{_SINO}][0-9]{{2}}"
    f"|[{_IDEOGRAPHS}][{_IDEOGRAPHS}0-9]|[0-9][{_IDEOGRAPHS}]"
    f"|[0-9]{{2}}[{_LOOK}]|[{_LOOK}][0-9]{{2}}|[0-9][{_LOOK}][0-9]|[{_LOOK}][0-9][{_LOOK}]"
    f"|[0-9][{_LOOK}]{{2}}|[{_LOOK}]{{2}}[0-9]|(?:^|[^A-Za-z])[{_LOOK}][0-9]"
    f"|[0-9][{''.join(LOOKALIKES_BETWEEN_DIGITS)}][0-9]"
    f"|(?:^|[^A-Za-z])[{_LOOK}]{{3}}[^A-Za-z0-9]{{1,3}}[0-9]|[0-9][^A-Za-z0-9]{{1,3}}[{_LOOK}]{{3}}(?:[^A-Za-z]|$)"
    f"|[0-9][{_LOOK}](?:[^A-Za-z0-9가-힣]|$)"
    # digit words around a dot (칠.이, an address written out), or marked to digits
    f"|[{_SINO}] ?[.] ?[{_SINO}]|[{_SINO}][-.][0-9]|[0-9][-.][{_SINO}]"
    f"|(?i:\\b(?:{_WORDS})[-.][0-9]|[0-9][-.](?:{_WORDS})\\b|[0-9](?:{_WORDS})[0-9])"
    # digits given one by one in any form (七 八 八, 九 5 ㅇ 팔)
    f"|(?:^|[^A-Za-z가-힣])[{_ONE}] [{_ONE}] [{_ONE}](?:[^A-Za-z가-힣]|$)"
)


def _hangul_syllable(char: str) -> bool:
    return "가" <= char <= "힣"


def _ideograph(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


class _Token(NamedTuple):
    start: int
    end: int
    reading: str  # the token with every digit word and stand-in letter as digits
    digits: int  # how many digits the reading holds
    # A plain number with Korean digit words glued behind it (5678일, 2025년의 "일"):
    # where they begin, and the reading without them. They are digits only when the
    # rest of the chain is spelled out too.
    core_end: int
    core_reading: str
    # The reading with look-alike letters as written: in a code of letters and digits
    # (qa69 qfih q962 o429) an o is a letter.
    literal: str


def spell_korean(text: str) -> Iterator[Edit]:
    """공일공 → 010, 천이백삼십사 → 1234, 하나둘셋 → 123, 3칠23 → 3723, 〇一〇 → 010,
    4o45 → 4045, eighty-four → 84, in chains of groups long enough to be a number.

    Digits in any form mix in one number (공일공 1234 five six seven eight): all of
    them are read here, English ones too, so that the chain is whole."""
    spoken = _one_by_one(text, list(_tokens(text)))
    for chain in chains(text, spoken, _joins):
        yield from _convert(text, chain)


def _tokens(text: str) -> Iterator[_Token]:
    for match in _TOKEN.finditer(text):
        if match["compound"]:
            piece = ENGLISH_PIECE.fullmatch(match.group())
            assert piece is not None  # a compound is a piece
            reading = read_english(piece)
            yield _Token(*match.span(), reading, len(reading), match.end(), reading, reading)
        elif not _plain_word(match.group()):
            for start, end in _between_separator_bars(text, *match.span()):
                if (token := _token(text, start, end)) is not None:
                    yield token


def _between_separator_bars(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A token, or its parts between bars that separate digit groups.

    A bar between digits separates groups in a number written with bars alone
    (5447|1457|9380|6467, 660320|5709086); in one that also has dashes, dots or
    spaces between its groups (24|222-823|779), or beside a single digit (3|84282), it
    is typed for a 1."""
    if not _BAR_BETWEEN.search(text, start, end) or _grouped_otherwise(text, start, end):
        yield start, end
        return
    for part in _NOT_BAR.finditer(text, start, end):
        yield part.span()


def _grouped_otherwise(text: str, start: int, end: int) -> bool:
    """Whether another group is joined to the token by one dash, dot or space."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return bool(_JOINED_BEFORE.fullmatch(before) or _JOINED_AFTER.fullmatch(after))


def _plain_word(token: str) -> bool:
    """An ASCII word that is no digit word and not all look-alikes (hello, GPU): it
    reads as no digit."""
    return (
        token.isascii()
        and token.isalpha()
        and token.lower() not in ENGLISH_WORDS
        and not _ALL_LOOKALIKES.fullmatch(token)
    )


def _one_by_one(text: str, tokens: list[_Token]) -> list[_Token]:
    """Digits given one by one with spaces between them, in any form (공 일 공, 여섯
    여덟 하나 셋, 九 5 ㅇ 팔 2 six) are one group."""
    merged: list[_Token] = []
    for token in tokens:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and _one_digit(text, previous)
            and _one_digit(text, token)
            and text[previous.end : token.start].isspace()
            and token.start - previous.end <= 3
        ):
            reading = previous.reading + token.reading
            digits = previous.digits + token.digits
            literal = previous.literal + token.literal
            merged[-1] = _Token(
                previous.start, token.end, reading, digits, token.end, reading, literal
            )
        else:
            merged.append(token)
    return merged


def _one_digit(text: str, token: _Token) -> bool:
    """A digit written alone in any form (여섯, 공, 一, 7, six), or a run of them
    already joined; not one glued to a word (이걸로) or followed by one (7 이 사람)."""
    return (
        not glued_to_word(text, token.end)
        and not _before_word(text, token)
        and (token.digits == 1 or " " in text[token.start : token.end])
    )


def _joins(text: str, left: _Token, right: _Token) -> bool:
    """Symbols and spoken separators (작대기, then) join groups; other words only
    where both groups are surely numbers: Korean prose is full of short words made of
    digit syllables (이사 오는 일이 ...)."""
    kind = gap(text, left.end, right.start)
    return kind in (Gap.SEPARATOR, Gap.SPOKEN) or (
        kind is Gap.FILLER and _sure(text, left) and _sure(text, right)
    )


def _sure(text: str, token: _Token) -> bool:
    """Three or more digits, digits written as such among the words, a number with
    place values (이십팔), digit words in a code of letters (NL아홉둘), or a labelled
    part of a number (가운데 둘일곱): nothing else in prose reads that way."""
    written = text[token.start : token.end]
    return (
        token.digits >= 3
        or (token.digits >= 2 and " " in written)  # given one by one: 삼 칠
        or bool(_PLACE.search(written))
        or any(c.isdigit() for c in written)
        or _ASCII_LETTER.search(written) is not None  # a code: NL아홉둘
        or labelled(text, token.start)  # 가운데 둘일곱
    )


def _token(text: str, start: int, end: int) -> _Token | None:
    """The digit-bearing part of a token and what it reads as; None for a word.

    Number syllables after a Hangul word belong to the word (은평구, 사무실); a final
    이 before more Hangul is the copula or subject particle (…이에요, …이고). Fewer than
    three digit syllables before a particle (이사했다, 오오라서) are a word unless the
    chain around them is a number written out (see _without_stray_words).
    """
    if start > 0 and (_hangul_syllable(text[start - 1]) or _ideograph(text[start - 1])):
        start = end - len(text[start:end].lstrip(_KOREAN + _IDEOGRAPHS))
    glued_after = end < len(text) and (_hangul_syllable(text[end]) or _ideograph(text[end]))
    if glued_after and text[end - 1] == "이" and text[end] in _COPULA_ENDINGS:
        end -= 1  # 010-1234-5678이에요: the copula, not a 2
    if _NAME.fullmatch(text, start, end):
        return None
    literal = _read(text[start:end]) if start < end else None
    if literal is None:
        return None
    reading = _stand_ins(literal)
    if not _count(reading) and _marked_to_digits(text, start, end):
        reading = literal.translate(_AS_DIGITS)  # 215.ㅣㅣ, OO-12: a group of look-alikes
    if not _count(reading):
        return None
    core_end = start + len(text[start:end].rstrip(_KOREAN))
    core = text[start:core_end]
    if core_end == end or not core.isascii() or not core[-1:].isdigit():
        return _Token(start, end, reading, _count(reading), end, reading, literal)
    core_reading = _stand_ins(_read(core) or core)
    return _Token(start, end, reading, _count(reading), core_end, core_reading, literal)


def _marked_to_digits(text: str, start: int, end: int) -> bool:
    """Whether a dash or a dot joins ``text[start:end]``, made of look-alikes only, to
    digits."""
    return _ALL_LOOKALIKES.fullmatch(text, start, end) is not None and bool(
        _MARK_BEFORE.fullmatch(text, max(0, start - 2), start)
        or _MARK_AFTER.fullmatch(text, end, end + 2)
    )


def _read(token: str) -> str | None:
    """What a token reads as, look-alike letters aside, or None when a Korean part of
    it is not a number."""
    if token.isdigit() and token.isascii():
        return token  # the commonest tokens: digits as such, and one digit word
    if token in SINO_KOREAN:
        return SINO_KOREAN[token]
    parts = []
    for piece in _PIECE.finditer(token):
        if korean := piece["korean"]:
            digits = read_korean(korean)
            if digits is None:
                return None
            parts.append(digits)
        elif ideographs := piece["ideographs"]:
            parts.append(ideographs.translate(_FROM_IDEOGRAPHS))
        else:
            word = piece.group()
            if word.isalpha():
                parts.append(ENGLISH_WORDS.get(word.lower(), word))
            else:  # 48two1: a digit word among digits
                parts.append(_WORD_AMONG_DIGITS.sub(_english_word, word))
    return "".join(parts)


def _english_word(match: re.Match[str]) -> str:
    return ENGLISH_WORDS[match.group().lower()]


def _count(reading: str) -> int:
    return len(reading) if reading.isdigit() else sum(char.isdigit() for char in reading)


def _convert(text: str, chain: list[_Token]) -> Iterator[Edit]:
    head, digits = chain[0].start, sum(token.digits for token in chain)
    if len(chain) < 4 and digits < MIN_DISGUISED_DIGITS and not _part(text, head, digits):
        return  # most chains: a digit syllable or two in prose (below, they only shrink)
    chain = _without_stray_words(text, chain)
    # Letters stand for digits only in a number of digits otherwise: among other letters
    # they are part of a code (BY13 NBRB … 2Z00 AB00, qa69 qfih q962 o429).
    code = any(_CODE_LETTER.search(t.literal) for t in chain)
    readings = [_sandwiched(t.literal) if code else _letters_as_digits(t.reading) for t in chain]
    if not any(
        _spelled(text, token) or reading != token.reading
        for token, reading in zip(chain, readings, strict=True)
    ):
        return  # plain digits (010-1234-5678): nothing to rewrite
    if not (
        _long_enough(text, chain, sum(token.digits for token in chain)) or _part(text, head, digits)
    ):
        return
    for token, reading in zip(chain, readings, strict=True):
        if reading != text[token.start : token.end]:
            yield token.start, token.end, reading
    for left, right in itertools.pairwise(chain):
        if text[left.end : right.start] == " " and _english(text, left) and _english(text, right):
            yield left.end, right.start, ""  # one sixty-eight: 168, as spell_english reads it


def _english(text: str, token: _Token) -> bool:
    return ENGLISH_PIECE.fullmatch(text, token.start, token.end) is not None


def _part(text: str, start: int, digits: int) -> bool:
    """A part of a number named by its label (앞자리 육십오 십이 공사), or a building
    number after its road (상계로 일이삼), starting at ``start``: read however short."""
    return digits >= 2 and (
        labelled(text, start) or _ROAD_BEFORE.search(text, max(0, start - 3), start) is not None
    )


def _long_enough(text: str, chain: Sequence[Spanned], digits: int) -> bool:
    """Seven digits make a number worth reading; four groups joined by dots (an IP
    address, 오구 . 146 . 39 . 59) need fewer."""
    if digits >= MIN_DISGUISED_DIGITS:
        return True
    return len(chain) == 4 and all(
        _DOT_JOINT.fullmatch(text, a.end, b.start) for a, b in itertools.pairwise(chain)
    )


def _without_stray_words(text: str, chain: list[_Token]) -> list[_Token]:
    """A short number word at either end of a number written in digits is a word
    (하나 440-947369-41199: the bank; 010-1234-5678 이 번호). Where the rest of the
    chain is spelled out too (구공공3 2삼 칠27이18 사), it is a digit like the others."""
    chain = [t for t in chain if t.digits >= 3 or not glued_to_word(text, t.end)]
    while len(chain) > 1 and _lone_word(text, chain[-2], chain[-1]):
        chain = chain[:-1]  # …천오백사십 이 사람: a lone syllable before a word is a word
    if any(_spelled(text, token) and _sure(text, token) for token in chain):
        return chain
    first, last = 0, len(chain)
    while first < last - 1 and not _sure(text, chain[first]):
        if _marked(text, chain[first], chain[first + 1]):
            break  # 이이-24-660487: glued to the next group by a mark, a part of it
        first += 1
    while last > first + 1 and not _sure(text, chain[last - 1]):
        if _marked(text, chain[last - 2], chain[last - 1]):
            break
        last -= 1
    if last - first == 1 and not _sure(text, chain[first]):
        return []
    return chain[first:last]


def _marked(text: str, left: Spanned, right: Spanned) -> bool:
    """Whether one dash or dot, and nothing else, stands between two groups."""
    return right.start - left.end == 1 and text[left.end] in "-."


def _lone_word(text: str, before: _Token, token: _Token) -> bool:
    """A single syllable set apart by spaces, with a Korean word other than a particle
    after it (…천오백사십 이 사람): a word, not the number's last digit."""
    return text[before.end : token.start].isspace() and _before_word(text, token)


def _before_word(text: str, token: _Token) -> bool:
    """이, the determiner "this", before a Korean word that is neither a particle nor a
    number word (이 사람, not 이 둘): the one digit syllable that stands alone before
    nouns in prose."""
    after = _NEXT_WORD.match(text, token.end)
    if text[token.start : token.end] != "이" or not after:
        return False
    word = _TOKEN.match(text, after.end())
    number_word = word is not None and not glued_to_word(text, word.end())
    return not number_word and glued_to_word(text, after.end())


def _spelled(text: str, token: _Token) -> bool:
    return text[token.start : token.core_end] != token.core_reading


# -- letters typed for digits ----------------------------------------------------------

_LOOKALIKE_RUN = re.compile(f"[0-9{re.escape(''.join(LOOKALIKES))}]+")
_AS_DIGITS = str.maketrans(LOOKALIKES)
_ASCII_LETTER = re.compile("[A-Za-z]")
_LOOK_CLASS = f"[{re.escape(''.join(LOOKALIKES))}]"
# Between two digits, or the first of eight digits after one letter (a passport).
_LOOKALIKE_IN_CODE = re.compile(
    f"(?<=[0-9]){_LOOK_CLASS}(?=[0-9])|(?<=^[A-Za-z]){_LOOK_CLASS}(?=(?:[0-9]|{_LOOK_CLASS}){{7}}$)"
)
# A letter nobody types for a digit.
_CODE_LETTER = re.compile(
    f"[^\\W\\d_{re.escape(''.join(LOOKALIKES) + ''.join(LOOKALIKES_BETWEEN_DIGITS))}]",
    re.ASCII,
)
_BETWEEN_DIGITS = re.compile(f"(?<=[0-9])[{''.join(LOOKALIKES_BETWEEN_DIGITS)}](?=[0-9])")


def _stand_ins(reading: str) -> str:
    """O/o and l/I typed for digits, read as digits (``O1O`` → 010, ``4o45`` → 4045)."""
    return reading if reading.isdigit() else _LOOKALIKE_RUN.sub(_lookalikes_as_digits, reading)


def _sandwiched(literal: str) -> str:
    """In a code, only an O/o or l/I between two digits is one (G1o3T7599), or one of
    the eight digits after a passport's letter (mo2o99448)."""
    return _LOOKALIKE_IN_CODE.sub(lambda match: LOOKALIKES[match.group()], literal)


def _letters_as_digits(reading: str) -> str:
    """S, B, Z and G between two digits, read as the digits they stand for (12S4)."""
    return _BETWEEN_DIGITS.sub(lambda match: LOOKALIKES_BETWEEN_DIGITS[match.group()], reading)


def _lookalikes_as_digits(run: re.Match[str]) -> str:
    """``O1O`` → ``010``, ``4o45`` → ``4045``, but letters that belong to a word stay.

    A look-alike at the front of the run belongs to the word before it when it has the
    same case as that word's last letter (``NO40``: Norway; ``CHo4``: a zero); one at
    the end belongs to a word that follows it (``5678Is``).
    """
    text, token = run.group(), run.string
    if text.isalpha() and (len(text) < 3 or len(text) < len(token)):
        return text  # look-alikes only and no digit: a word (lol, IO, Oil)
    start, end = 0, len(text)
    before = token[run.start() - 1] if run.start() else ""
    while start < end and not text[start].isdigit() and _same_case(before, text[start]):
        start += 1
    if run.end() < len(token) and token[run.end()].isalpha():
        while end > start and not text[end - 1].isdigit():
            end -= 1
    return text[:start] + text[start:end].translate(_AS_DIGITS) + text[end:]


def _same_case(letter: str, other: str) -> bool:
    return letter.isascii() and letter.isalpha() and letter.isupper() == other.isupper()


# -- English number words --------------------------------------------------------------


class _Spoken(NamedTuple):
    start: int
    end: int
    reading: str
    word: bool  # spoken (a word), not written in digits


_ENGLISH_TOKEN = re.compile(f"{ENGLISH_PIECE.pattern}|(?P<number>[0-9]+)")
# Between spoken digits, "dash" or "hyphen" stands for the mark itself.
_SPOKEN_DASH = re.compile(r"(?i)\s*(?:,|-|dash|hyphen)\s*")
_SPOKEN_SPACE = re.compile(r"(?i)\s*space\s*,?\s*")


_SPOKEN_WORD = "|".join([*ENGLISH_DIGITS, *ENGLISH_TEENS, *ENGLISH_TENS, *ENGLISH_REPEATS])
# Two spoken numbers side by side: in every text that spell_english changes.
ENGLISH_TRIGGER = rf"(?i)\b(?:{_SPOKEN_WORD})\b[ ,\-]{{1,3}}\b(?:{_SPOKEN_WORD})\b"


def spell_english(text: str) -> Iterator[Edit]:
    """``five nine six, 59, two one five four`` → ``596-59-2154``, ``twelve thirty
    four`` → ``1234``, ``double five`` → ``55``."""
    tokens = [_spoken(match) for match in _ENGLISH_TOKEN.finditer(text)]
    for chain in chains(text, tokens, _english_joins):
        words = sum(token.word for token in chain)
        digits = sum(len(token.reading) for token in chain)
        if words < 2 or not _long_enough(text, chain, digits):
            continue
        for token in chain:
            if token.word:
                yield token.start, token.end, token.reading
        divider = _divider(text, chain)
        for token, following in itertools.pairwise(chain):
            separator = _english_separator(text, token, following, divider)
            if separator is not None:
                yield separator


def _divider(text: str, chain: list[_Spoken]) -> str | None:
    """Where spoken words are joined by spaces and by hyphens both, the one of the two
    that divides the groups: the one that leaves no group of a single digit, the hyphen
    first (oh two four-eight four-eight six: 024-84-8602; oh-one-oh four-eight-two-one:
    010 4821; eight thirty-three-fifty-six: 833-56). None where only one of them joins
    or neither divides well (nine-o-eight five five five: one run of digits)."""
    joints = [text[a.end : b.start] for a, b in itertools.pairwise(chain)]
    if not {" ", "-"} <= set(joints):
        return None
    for divider in ("-", " "):
        sizes = [len(chain[0].reading)]
        for joint, token in zip(joints, chain[1:], strict=True):
            if joint == divider:
                sizes.append(0)
            sizes[-1] += len(token.reading)
        if min(sizes) > 1:
            return divider
    return None


def _spoken(match: re.Match[str]) -> _Spoken:
    number = match["number"]
    reading = number if number else read_english(match)
    return _Spoken(match.start(), match.end(), reading, not number)


def _english_joins(text: str, left: _Spoken, right: _Spoken) -> bool:
    """Spoken digits are joined by spaces, commas and dashes (or the words), or by
    what joins any digit groups."""
    return bool(_SPOKEN_DASH.fullmatch(text, left.end, right.start)) or joined(text, left, right)


def _english_separator(
    text: str, token: _Spoken, following: _Spoken, divider: str | None
) -> Edit | None:
    """Spoken digits close up across a space or a hyphen (five nine, nine-o-eight)
    unless that divides the groups; a dash between groups becomes ``-``; a filler word
    stays for the assembly of groups to judge."""
    between = text[token.end : following.start]
    closes = between in (" ", "-") and between != divider
    if closes and token.word and following.word:
        return token.end, following.start, ""  # five nine, nine-o-eight-seven: one group
    if _SPOKEN_DASH.fullmatch(between) and not between.isspace():
        return token.end, following.start, "-"
    if _SPOKEN_SPACE.fullmatch(between):
        return token.end, following.start, " "
    return None
