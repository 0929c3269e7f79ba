"""Undo the ways people disguise personal information, on a shadow copy of the text.

Policies are written against the canonical form produced here, so that one pattern
catches ``010-1234-5678``, ``０１０ㅡ１２３４ㅡ５６７８``, ``공일공 1234 오육칠팔`` and
``zero one zero ...`` alike:

- invisible characters (zero-width, bidi controls, Hangul fillers) are removed;
- full-width and other compatibility forms become ASCII, look-alike dots and dashes
  become ``.`` and ``-``;
- spaced-out characters (``k i m 0 2``) and spaced punctuation (``open . kakao``) close up;
- written-out ``@`` and ``.`` (골뱅이, (at), 닷컴, 쩜, " dot ", ...) become symbols;
- digit words (공일공, 영, zero one ...) and O/o/l among digits become digits;
- any separator run between digits becomes one canonical separator: ``.`` if it held
  a dot, ``-`` if it held a dash-like character, otherwise one space.

Every step is linear in the length of the text: the Python ``re`` patterns here are
bounded or anchored by a look-behind so that no start position rescans a long run,
and the two searches that need unbounded repetition run on RE2.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import re2

from service.pii.shadow import Edit, Shadow

HANGUL_DIGITS = {
    "공": "0",
    "영": "0",
    "일": "1",
    "이": "2",
    "삼": "3",
    "사": "4",
    "오": "5",
    "육": "6",
    "륙": "6",
    "칠": "7",
    "팔": "8",
    "구": "9",
}
ENGLISH_DIGITS = {
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
# A run of digits (however written) shorter than this is a count, a price or a date
# fragment; rewriting it would only add noise. The shortest number we look for in
# disguise is a 7-digit local phone number.
MIN_DISGUISED_DIGITS = 7

_HANGUL_DIGIT_CLASS = "".join(HANGUL_DIGITS)
# What people put between the digit groups of one number. The last four are also
# punctuation (14:30, 3~4일, 3*4, a|b), so they join groups only in long numbers.
_GROUP_SEPARATORS = "-./_)(~*|:"
_PUNCTUATION_SEPARATORS = frozenset("~*|:")
_SEPARATOR_CLASS = "".join(re.escape(char) for char in _GROUP_SEPARATORS)
# Separators with the spaces around them, as a character class (Hangul digit runs).
_RUN_CHARS = rf"[ \t\r\n{_SEPARATOR_CLASS}]"
# A few spaces with at most one line break (a value wrapped onto the next line); two
# line breaks end it.
_SPACES = r"[ \t]{0,3}(?:\r?\n[ \t]{0,3})?"


def normalize(text: str) -> Shadow:
    """Return the canonical shadow of ``text`` (see the module docstring).

    One RE2 set tells which steps have anything to do; most comments need none or
    one, which keeps normalisation to a few microseconds. The set is asked again only
    after a step has changed the text.
    """
    shadow = Shadow(text)
    pending = _TRIGGERS.Match(text) or ()
    for index, step in enumerate(_STEPS):
        if index in pending:
            rewritten = shadow.rewrite(_without_overlaps(step(shadow.text)))
            if rewritten is not shadow:
                shadow = rewritten
                pending = _TRIGGERS.Match(shadow.text) or ()
    return shadow


# -- invisible characters ----------------------------------------------------------

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]+"
)


def _strip_invisible(text: str) -> Iterator[Edit]:
    for match in _INVISIBLE.finditer(text):
        yield match.start(), match.end(), ""


# -- compatibility forms -----------------------------------------------------------


def _fold_table() -> dict[str, str]:
    table: dict[str, str] = {}
    compatibility = itertools.chain(
        range(0xFF01, 0xFF5F),  # full-width ASCII
        range(0x2460, 0x2500),  # circled and parenthesised numbers
        range(0x2776, 0x2794),  # dingbat circled digits
        range(0xFE50, 0xFE6C),  # small forms (﹫ ﹒)
        range(0x1D7CE, 0x1D800),  # mathematical digits
    )
    for code in compatibility:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if folded != char and folded.isascii():
            table[char] = folded
        elif (digit := unicodedata.digit(char, None)) is not None and digit < 10:
            table[char] = str(digit)
    table.update(dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006", " "))
    table.update(dict.fromkeys("\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "))
    # Middle dots, ideographic full stops, and ㆍ (araea), the middle dot of Korean lists.
    table.update(dict.fromkeys("\u00b7\u2024\u2027\u2219\u22c5\u30fb\u3002\uff61\uff65\u318d", "."))
    # ㅡ (the Hangul vowel) and the long katakana mark are typed as dashes.
    table.update(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\u3161", "-"))
    return table


_FOLD = _fold_table()
# Exactly what folds: the table's characters and the digits of other scripts (not an
# emoji or ㎡, which are common and stay as they are).
_FOLDABLE = re.compile(f"[{''.join(map(re.escape, _FOLD))}]|[^\\D0-9]")
_FOLDABLE_RE2 = "[" + "".join(f"\\x{{{ord(char):x}}}" for char in _FOLD) + "]|[^\\P{Nd}0-9]"


def _fold_compatibility(text: str) -> Iterator[Edit]:
    for match in _FOLDABLE.finditer(text):
        char = match.group()
        folded = _FOLD.get(char) or str(unicodedata.decimal(char))
        yield match.start(), match.end(), folded


# -- spacing -------------------------------------------------------------------------

# ``open . kakao``, ``t . me / x``, ``2001 : db8 :  : 1`` (IPv6 ::) close up.
_SPACED_PUNCTUATION = re.compile(r"(?<=[A-Za-z0-9]) +([.:/]|: +:) +(?=[A-Za-z0-9])")
# ``lee @ naver.com``, ``lee@⏎naver.com`` and ``@ handle`` close up; ``handle is @chip``
# keeps its space.
_SPACED_AT = re.compile(
    rf"(?<=[A-Za-z0-9._%+-]){_SPACES}@{_SPACES}(?=[A-Za-z0-9-]{{1,63}} ?\. ?[A-Za-z])"
    rf"|@{_SPACES}(?=[A-Za-z0-9_])"
)
# One character of a word or number written out one by one (s u a . k w o n 6).
_SINGLE = f"[A-Za-z0-9_.\\-{_HANGUL_DIGIT_CLASS}]"
_DIGIT_SINGLE = f"[0-9{_HANGUL_DIGIT_CLASS}]"
# Characters written one by one: ``k i m 0 2``, or digit groups with wider gaps
# between them (``2 2   2 1   5 6 0 4``). Anchored on the space before the first.
_SPACED_SINGLES = re.compile(rf"(?<!\S)(?:{_SINGLE} ){{2,}}{_SINGLE}")
_SPACED_DIGIT_GROUPS = re.compile(
    rf"(?<!\S){_DIGIT_SINGLE}(?:(?: | {{2,3}}| ?[-/] ?){_DIGIT_SINGLE}(?=\s|$|[가-힣]))+"
)
_ASCII_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")
# A unit of an address right after spaced digits: 동, 층, 호 (1 2 0 3호).
_UNIT_SUFFIX = re.compile("[동층호]")
# Four spaced singles make a word (k i m s); three digits do before a unit (5 0 2호).
MIN_SPACED_SINGLES = 4
MIN_SPACED_UNIT = 3


def _close_spacing(text: str) -> Iterator[Edit]:
    """``open . kakao`` → ``open.kakao``, ``@ handle`` → ``@handle``, ``k i m`` → ``kim``."""
    for match in _SPACED_PUNCTUATION.finditer(text):
        yield match.start(), match.end(), match.group(1).replace(" ", "")
    yield from ((m.start(), m.end(), "@") for m in _SPACED_AT.finditer(text) if m.group() != "@")
    for match in _SPACED_SINGLES.finditer(text):
        yield from _close_singles(text, *match.span())
    for match in _SPACED_DIGIT_GROUPS.finditer(text):
        yield from _close_digit_groups(text, match)


def _close_singles(text: str, start: int, end: int) -> Iterator[Edit]:
    if _ASCII_WORD_CHAR.match(text, end):  # the last "single" starts a longer word
        end -= 2
    singles = (end - start + 1) // 2
    unit = _UNIT_SUFFIX.match(text, end) and text[start:end:2].isdigit()
    if singles >= MIN_SPACED_SINGLES or (unit and singles >= MIN_SPACED_UNIT):
        yield from ((pos, pos + 1, "") for pos in range(start + 1, end, 2))


def _close_digit_groups(text: str, match: re.Match[str]) -> Iterator[Edit]:
    """Close the single spaces of ``2 2   2 1   5 6 0 4``; the separator step does the rest.

    Only a long run of digits: short spaced numbers are scores, lists and dates.
    """
    run = match.group()
    singles = sum(not char.isspace() and char not in "-/" for char in run)
    if run.count(" ") == singles - 1 or singles < MIN_DISGUISED_DIGITS:
        return  # single-spaced throughout (the rule above), or too short
    for offset in range(1, len(run) - 1):
        if run[offset] == " " and run[offset - 1] not in " -/" and run[offset + 1] not in " -/":
            yield match.start() + offset, match.start() + offset + 1, ""


# -- written-out @ and . -------------------------------------------------------------

_KOREAN_MAIL_DOMAINS = {
    "네이버": ("naver", ".com"),
    "네이트": ("nate", ".com"),
    "지메일": ("gmail", ".com"),
    "구글": ("gmail", ".com"),
    "다음": ("daum", ".net"),
    "한메일": ("hanmail", ".net"),
    "카카오": ("kakao", ".com"),
    "야후": ("yahoo", ".com"),
    "핫메일": ("hotmail", ".com"),
    "아웃룩": ("outlook", ".com"),
}
_KOREAN_DOMAIN = "|".join(_KOREAN_MAIL_DOMAINS)
_WELL_KNOWN_MAIL = re.compile(
    r"(?i)(?:gmail|naver|daum|hanmail|kakao|nate|outlook|hotmail|yahoo|icloud|me|proton)\b"
)
_AT_WORDS = "골뱅이|골뱅|앳|엣"
# An @ written out: a Korean word, or any of them (or "at", or @) in brackets, or a
# bare English " at " (which _looks_like_spoken_email must confirm).
_AT_WORD = re.compile(
    rf"(?<=[A-Za-z0-9._%+-]) *(?:[(\[{{<] *(?:{_AT_WORDS}|@|(?i:at)) *[)\]}}>]|{_AT_WORDS}"
    r"|(?<= )(?P<bare>(?i:at))(?= )) *"
)
_AT_TARGET = re.compile(rf"[A-Za-z0-9]|(?:{_KOREAN_DOMAIN})")
_SPELLED_DOT = r"(?:\((?i:dot)\)|\[(?i:dot)\]| (?i:dot) |닷|쩜|점)"
# Two written-out dots after the domain name (lee at korea dot ac dot kr).
_TWO_SPELLED_DOTS_AHEAD = re.compile(
    rf"[A-Za-z0-9-]{{1,63}} *{_SPELLED_DOT} *[A-Za-z0-9-]{{1,63}} *{_SPELLED_DOT}"
)
_LOCAL_PART_BEHIND = re.compile(r"[A-Za-z0-9._%+-]{1,64}\Z")
# "email me at kim92@gmail.com": the at is English when a real address follows.
_ADDRESS_AHEAD = re.compile(r"[A-Za-z0-9._%+-]{1,64}@")
# Words that stand before "at" in English prose and are nobody's mailbox name.
_PROSE_BEFORE_AT = frozenset(
    (
        *("i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them"),
        *("who", "everyone", "someone", "people", "is", "am", "are", "was", "were", "be"),
        *("been", "being", "then", "there", "here", "now", "still", "just", "also", "even"),
        *("only", "work", "works", "worked", "working", "live", "lives", "lived", "living"),
        *("stay", "stayed", "meet", "met", "look", "looked", "arrive", "arrived", "study"),
    )
)
_MAIL_CUE_BEHIND = re.compile(r"(?i)(?:e-?mail|mail|메일|contact|reach|write)[^.!?\n]{0,40}\Z")
_DOMAIN_WORD = re.compile(rf"(?<=@)(?:{_KOREAN_DOMAIN})")
_SPELLED_DOT_AFTER = re.compile(r" *(?:\.|닷|쩜|점|\(dot\)|\[dot\]| dot )")
_TLD_WORD = re.compile(r"(?<=[A-Za-z0-9]) *(?:닷|쩜|점)(컴|넷|케이알|오알지)")
_TLDS = {"컴": ".com", "넷": ".net", "케이알": ".kr", "오알지": ".org"}
_DOT_WORD = re.compile(
    r"(?<=[A-Za-z0-9]) *(?:[(\[{<] *(?:(?i:dot)|\.|쩜|닷|점) *[)\]}>]"
    r"|쩜|닷|점|(?<= )(?i:dot)(?= )) *(?=[A-Za-z0-9])"
)


def _spell_at(text: str) -> Iterator[Edit]:
    for match in _AT_WORD.finditer(text):
        end = match.end()
        if not _AT_TARGET.match(text, end) or _ADDRESS_AHEAD.match(text, end):
            continue
        if match.group("bare") and not _looks_like_spoken_email(text, match):
            continue
        yield match.start(), end, "@"


def _looks_like_spoken_email(text: str, match: re.Match[str]) -> bool:
    """A bare English ``at`` is a spoken @ only when the words around it are an address.

    ``lee92 at gmail dot com``, ``lee at naver.com``, ``lee at korea dot ac dot kr`` and
    ``email lee at acme dot com`` are; ``I work at samsung.com``, ``then at naver dot
    com`` and ``everyone was at pets dot com`` are not: after a name (not an English
    word such as "was"), a digit, dot or underscore in it, a mail provider, a domain
    spelled out to two dots, or a word such as "email" before it decides.
    """
    start = match.start()
    behind = _LOCAL_PART_BEHIND.search(text, max(0, start - 64), start)
    local = behind.group() if behind else ""
    if local.lower() in _PROSE_BEFORE_AT:
        return False
    after = match.end()
    return (
        any(char.isdigit() or char in "._-" for char in local)
        or bool(_WELL_KNOWN_MAIL.match(text, after))
        or bool(_TWO_SPELLED_DOTS_AHEAD.match(text, after))
        or bool(_MAIL_CUE_BEHIND.search(text, max(0, start - len(local) - 48), start - len(local)))
    )


def _spell_domains(text: str) -> Iterator[Edit]:
    """``@네이버`` → ``@naver.com`` (``@naver`` when a written-out dot follows)."""
    for match in _DOMAIN_WORD.finditer(text):
        name, suffix = _KOREAN_MAIL_DOMAINS[match.group()]
        if _SPELLED_DOT_AFTER.match(text, match.end()):
            suffix = ""
        yield match.start(), match.end(), name + suffix


def _spell_tlds(text: str) -> Iterator[Edit]:
    for match in _TLD_WORD.finditer(text):
        yield match.start(), match.end(), _TLDS[match.group(1)]


def _spell_dots(text: str) -> Iterator[Edit]:
    for match in _DOT_WORD.finditer(text):
        yield match.start(), match.end(), "."


# -- digits written as words ---------------------------------------------------------

# Candidate runs: at least seven digit-like characters, each followed by at most a few
# letters (passport letters, o-for-zero) and separators. Unbounded repetition, so RE2.
_DIGITISH_RUN = re2.compile(
    rf"(?:[0-9{_HANGUL_DIGIT_CLASS}oOlI][A-Za-z]{{0,3}}(?:에)?{_RUN_CHARS}{{0,3}})"
    rf"{{{MIN_DISGUISED_DIGITS},}}"
)
_TOKEN = re.compile(f"[0-9A-Za-z{_HANGUL_DIGIT_CLASS}]+")
_STAND_IN = re.compile(f"[{_HANGUL_DIGIT_CLASS}oOlI에]")
_TOKEN_CHAR = re.compile(f"[0-9A-Za-z{_HANGUL_DIGIT_CLASS}]")
# Digits with the letters typed for them: O/o for 0, l/I for 1.
_LOOKALIKE_RUN = re.compile("[0-9oOlI]+")
_AS_DIGITS = str.maketrans("oOlI", "0011")
_GAP = re.compile(rf"(에)?{_RUN_CHARS}{{1,3}}")


def _hangul_syllable(char: str) -> bool:
    return "가" <= char <= "힣"


def _spell_digits(text: str) -> Iterator[Edit]:
    """공일공 → 010, 3칠23 → 3723, 4o45 → 4045, in runs long enough to be a number."""
    for run in _DIGITISH_RUN.finditer(text):
        start, end = run.span()
        while start > 0 and _TOKEN_CHAR.match(text[start - 1]):
            start -= 1
        if not _STAND_IN.search(text, start, end):
            continue  # plain digits (010-1234-5678): nothing to spell out
        for group in _digit_groups(text, start, end):
            yield from _convert_group(text, group)


def _digit_groups(text: str, start: int, end: int) -> Iterator[list[_Token]]:
    """Split the tokens starting in ``text[start:end]`` into groups joined by separators."""
    group: list[_Token] = []
    for match in _TOKEN.finditer(text, start):
        if match.start() >= end:
            break
        token = _numeric_token(text, *match.span())
        if group and (token is None or not _GAP.fullmatch(text, group[-1].end, token.start)):
            yield group
            group = []
        if token is not None:
            group.append(token)
    if group:
        yield group


class _Token(NamedTuple):
    start: int
    end: int
    # Where Hangul digit syllables trailing a plain number begin (010-1234-5678이에요):
    # they are digits only if the rest of the group is written in Hangul digits too.
    suffix: int


def _numeric_token(text: str, start: int, end: int) -> _Token | None:
    """The digit-bearing part of a token, or None when it is an ordinary word.

    Digit syllables glued to a Hangul word belong to the word (은평구, 사무실, 이사했다);
    a trailing particle is fine after three or more digits (칠삼이일로), and a final 이
    before more Hangul is the copula or subject particle (…이에요, …이고).
    """
    # Tokens hold only ASCII letters and digits and Hangul digits, so the string
    # methods below (strip, isascii) do the character loops in C.
    if start > 0 and _hangul_syllable(text[start - 1]):
        start = end - len(text[start:end].lstrip(_HANGUL_DIGIT_CLASS))
    followed_by_hangul = end < len(text) and _hangul_syllable(text[end])
    if followed_by_hangul and text[end - 1] == "이":
        end -= 1
    if followed_by_hangul and _count_digits(text[start:end]) < 3:
        end = start + len(text[start:end].rstrip(_HANGUL_DIGIT_CLASS))
    if not _count_digits(text[start:end]):
        return None
    suffix = start + len(text[start:end].rstrip(_HANGUL_DIGIT_CLASS))
    core = text[start:suffix]
    if not core.isascii() or not core[-1:].isdigit():
        suffix = end
    return _Token(start, end, suffix)


def _convert_group(text: str, group: list[_Token]) -> Iterator[Edit]:
    spelled = any(not text[token.start : token.suffix].isascii() for token in group)
    spans = [(t.start, t.end if spelled else t.suffix) for t in group]
    converted = [_digits_of(text[start:end]) for start, end in spans]
    if sum(map(_count_digits, converted)) < MIN_DISGUISED_DIGITS:
        return
    previous_end = None
    for (start, end), new in zip(spans, converted, strict=True):
        if previous_end is not None and text[previous_end] == "에":
            yield previous_end, previous_end + 1, ""
        if new != text[start:end]:
            yield start, end, new
        previous_end = end


def _digits_of(token: str) -> str:
    token = token.translate(_HANGUL_TO_DIGITS)
    return token if token.isdigit() else _LOOKALIKE_RUN.sub(_lookalikes_as_digits, token)


def _lookalikes_as_digits(run: re.Match[str]) -> str:
    """``O1O`` → ``010``, ``4o45`` → ``4045``, but letters that belong to a word stay.

    A look-alike at the front of the run belongs to the word before it when it has the
    same case as that word's last letter (``NO40``: Norway; ``CHo4``: a zero); one at
    the end belongs to a word that follows it (``5678Is``).
    """
    text, token = run.group(), run.string
    if text.isalpha():  # look-alikes only, no digit among them
        return text
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


def _count_digits(token: str) -> int:
    """Digits and Hangul digits in a token."""
    return len(token) - len(token.translate(_WITHOUT_DIGITS))


_HANGUL_TO_DIGITS = str.maketrans(HANGUL_DIGITS)
_WITHOUT_DIGITS = str.maketrans("", "", string.digits + _HANGUL_DIGIT_CLASS)


_NUMBER_WORD = "zero|oh|one|two|three|four|five|six|seven|eight|nine"
# Between the words: spaces, a comma or dash, or the word "dash" (five dash nine).
_ENGLISH_GAP = r"(?:[ ,\-]{1,3}|\s(?:dash|hyphen)\s)"
_ENGLISH_RUN = re2.compile(
    rf"(?i)(?:\b(?:{_NUMBER_WORD}|[0-9]+)\b{_ENGLISH_GAP}){{2,}}\b(?:{_NUMBER_WORD}|[0-9]+)\b"
)
_ENGLISH_TOKEN = re.compile(rf"(?i)(?<![A-Za-z])(?:{_NUMBER_WORD})(?![A-Za-z])|[0-9]+")


def _spell_english_digits(text: str) -> Iterator[Edit]:
    """``five nine six, 59, two one five four`` → ``596-59-2154``."""
    for run in _ENGLISH_RUN.finditer(text):
        tokens = list(_ENGLISH_TOKEN.finditer(text, *run.span()))
        words = [token for token in tokens if not token.group()[0].isdigit()]
        digits = sum(len(ENGLISH_DIGITS.get(t.group().lower(), t.group())) for t in tokens)
        if len(words) < 3 or digits < MIN_DISGUISED_DIGITS:
            continue
        for token in tokens:
            word = ENGLISH_DIGITS.get(token.group().lower())
            if word is not None:
                yield token.start(), token.end(), word
        for token, following in itertools.pairwise(tokens):
            yield _english_gap(text, token, following)


def _english_gap(text: str, token: re.Match[str], following: re.Match[str]) -> Edit:
    gap = text[token.end() : following.start()]
    between_words = not token.group()[0].isdigit() and not following.group()[0].isdigit()
    if gap == " " and between_words:
        return token.end(), following.start(), ""
    dashed = "," in gap or "-" in gap or gap.strip().lower() in ("dash", "hyphen")
    return token.end(), following.start(), "-" if dashed else " "


# -- separators between digits ------------------------------------------------------

# One separator run between two digits: spaces, one or two separator characters,
# spaces (010 - 1234, 010) 1234, 010..1234). Bounded and anchored behind on a digit.
_SEPARATOR_RUN = re.compile(
    rf"(?<=[0-9])(?=[ \t\r\n{_SEPARATOR_CLASS}]){_SPACES}"
    rf"(?:[{_SEPARATOR_CLASS}]{{1,2}}{_SPACES})?(?=[0-9])"
)
_CANONICAL = frozenset((" ", "-", "."))
# A number written with punctuation between its groups (5447:1457:9380:6467) is told
# from a time or a range (14:30:15, 2025~2026) by its length.
MIN_PUNCTUATED_DIGITS = 9
_LEADING_DIGITS = re.compile(r"[0-9]{1,20}")


def _canonical_separators(text: str) -> Iterator[Edit]:
    """Make every separator run inside a number one ``-``, ``.`` or space."""
    for runs, groups in _digit_chains(text):
        for first, last in _numbers_in(runs, groups):
            number = runs[first : last + 1]
            punctuated = _punctuation_joins(text, number, groups[first : last + 2])
            for run in number:
                separator = run.group()
                if separator in _CANONICAL or (
                    not punctuated and _PUNCTUATION_SEPARATORS.intersection(separator)
                ):
                    continue
                yield run.start(), run.end(), _canonical(separator)


def _punctuation_joins(text: str, runs: list[re.Match[str]], groups: list[int]) -> bool:
    """Whether punctuation between these groups joins one number: the same mark
    throughout (5447:1457:9380:6467), a long number (not 14:30:15), and no colon of an
    IPv6 address (2406:5900:1234:5678::1)."""
    if len({_shape(run) for run in runs}) != 1 or sum(groups) < MIN_PUNCTUATED_DIGITS:
        return False
    start, end = runs[0].start() - groups[0], runs[-1].end() + groups[-1]
    outside = text[start - 1 : start] + text[end : end + 1]
    return ":" not in _shape(runs[0]) or not _HEX_OR_COLON.intersection(outside)


_HEX_OR_COLON = frozenset("abcdefABCDEF:")


def _digit_chains(text: str) -> Iterator[tuple[list[re.Match[str]], list[int]]]:
    """Digit groups joined by separator runs: the runs, and the length of every group."""
    runs: list[re.Match[str]] = []
    for run in _SEPARATOR_RUN.finditer(text):
        if runs and not text[runs[-1].end() : run.start()].isdigit():
            yield runs, _group_lengths(text, runs)
            runs = []
        runs.append(run)
    if runs:
        yield runs, _group_lengths(text, runs)


def _group_lengths(text: str, runs: list[re.Match[str]]) -> list[int]:
    first = runs[0].start()
    before = first - next(
        (i + 1 for i in range(first - 1, max(-1, first - 21), -1) if not text[i].isdigit()),
        max(0, first - 20),
    )
    inner = [b.start() - a.end() for a, b in itertools.pairwise(runs)]
    after = _LEADING_DIGITS.match(text, runs[-1].end())
    return [before, *inner, len(after.group()) if after else 0]


# No number has a group this long and another after it: a longer group is a whole number.
MAX_GROUP_DIGITS = 8


def _numbers_in(runs: list[re.Match[str]], groups: list[int]) -> Iterator[tuple[int, int]]:
    """Split a chain where a list separates numbers: ``352-4670-5474 / 010-3854-9214``.

    A number keeps one way of separating its groups, so a separator of another kind
    between two others ends one number and starts the next; so does any separator
    beside a group too long to be a group. Spaces, line breaks and brackets are
    ordinary inside numbers (``010-1234⏎5678``, ``(02) 123-4567``) and never split.
    Yields (first, last) run indexes.
    """
    shapes = [_shape(run) for run in runs]
    first = 0
    for index, shape in enumerate(shapes):
        splits = groups[index] > MAX_GROUP_DIGITS or groups[index + 1] > MAX_GROUP_DIGITS
        if 0 < index < len(runs) - 1 and shape.strip() and not _BRACKETS.intersection(shape):
            splits = splits or shape not in (shapes[index - 1], shapes[index + 1])
        if splits:
            if first < index:
                yield first, index - 1
            first = index + 1
    if first < len(runs):
        yield first, len(runs) - 1


_BRACKETS = frozenset("()")


def _shape(run: re.Match[str]) -> str:
    return run.group().strip(" \t\r\n") or " "


def _canonical(separator: str) -> str:
    if "." in separator:
        return "."
    if separator.strip(" \t\r\n"):
        return "-"
    return " "


def _without_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for edit in sorted(edits):
        if not kept or edit[0] >= kept[-1][1]:
            kept.append(edit)
    return kept


def _trigger_set(triggers: Iterable[str]) -> re2.Set:
    options = re2.Options()
    options.log_errors = False
    triggers_set = re2.Set.SearchSet(options)
    for trigger in triggers:
        triggers_set.Add(trigger)
    triggers_set.Compile()
    return triggers_set


_H = _HANGUL_DIGIT_CLASS
_DOT_AHEAD = r"(?:\.|dot |\(dot\)|\[dot\]|닷|쩜|점)"
_NUMBER_WORD_RE2 = rf"\b(?:{_NUMBER_WORD})\b"

# Each step with an RE2 pattern that occurs in every text the step would change.
_STEPS: tuple[Callable[[str], Iterable[Edit]], ...]
_STEPS, _TRIGGER_PATTERNS = zip(
    (_strip_invisible, _INVISIBLE.pattern),
    (_fold_compatibility, _FOLDABLE_RE2),
    (
        _close_spacing,
        rf"[A-Za-z0-9._%+-]\s+[.:/@]|@\s+[A-Za-z0-9_]|(?:^|\s)(?:{_SINGLE} ){{2}}{_SINGLE}",
    ),
    (
        _spell_at,
        # A bare " at " makes an address only before a domain with a dot (or a Korean
        # provider's name): not "at 4,100" or "at a startup".
        r"골뱅|앳|엣|[(\[{<] *@|(?i:[(\[{<] *at *[)\]}>])"
        rf"|(?i: at (?:{_KOREAN_DOMAIN}|[A-Za-z0-9-]{{1,63}} ?{_DOT_AHEAD}))",
    ),
    (_spell_domains, f"@(?:{_KOREAN_DOMAIN})"),
    (_spell_tlds, "(?:닷|쩜|점)(?:컴|넷|케이알|오알지)"),
    (
        _spell_dots,
        r"[A-Za-z0-9] *(?:(?i:[(\[{<] *(?:dot|\.|쩜|닷|점) *[)\]}>]| dot )|쩜|닷|점) *[A-Za-z0-9]",
    ),
    (
        _spell_digits,
        # A Hangul digit that starts three digit-like characters or sits between a
        # digit and another (칠94, 0일9, 일이삼), or a look-alike letter among digits
        # (4o45, O1O): not the counters of Korean prose (3사, 25일)
        # (GPT-4o has one, so two digits or two look-alikes around it are needed).
        f"[{_H}][0-9{_H}]{{2}}|[0-9][{_H}][0-9{_H}]"
        "|[0-9]{2}[oOlI]|[oOlI][0-9]{2}|[0-9][oOlI][0-9]|[oOlI][0-9][oOlI]"
        "|[0-9][oOlI]{2}|[oOlI]{2}[0-9]|(?:^|[^A-Za-z])[oOlI][0-9]",
    ),
    (_spell_english_digits, rf"(?i){_NUMBER_WORD_RE2}[ ,\-]{{1,3}}{_NUMBER_WORD_RE2}"),
    (
        _canonical_separators,
        # Something other than one canonical separator, and a digit after it.
        rf"[0-9](?:[\t\r\n_/)(~*|:]|[ \-.]{_RUN_CHARS}){_RUN_CHARS}{{0,16}}[0-9]",
    ),
    strict=True,
)
_TRIGGERS = _trigger_set(_TRIGGER_PATTERNS)
