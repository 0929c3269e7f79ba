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
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import re2

from service.pii.digits import (
    DIGIT_CHARACTERS,
    IDEOGRAPHIC_DIGITS,
    KOREAN_NUMBER_SYLLABLES,
    SINO_KOREAN,
)
from service.pii.groups import glued_to_word
from service.pii.numerals import (
    ENGLISH_TRIGGER,
    KOREAN_TRIGGER,
    MIN_DISGUISED_DIGITS,
    spell_english,
    spell_korean,
)
from service.pii.shadow import Edit, Shadow

_HANGUL_DIGIT_CLASS = "".join(SINO_KOREAN)
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
    after a step has changed the text. What a step reveals to an earlier one (digit
    words read as digits around a spelled-out dot: 여덟 (.) 넷) takes one more pass of
    the earlier steps.
    """
    shadow = Shadow(text)
    steps = len(_STEPS)
    for _ in range(_PASSES):
        shadow, changed = _pass(shadow, steps)
        steps = changed  # the steps before the last one that changed the text
    return shadow


_PASSES = 2


def _pass(shadow: Shadow, steps: int) -> tuple[Shadow, int]:
    """The first ``steps`` steps once; and the index of the last one that changed the
    text (0 if none did)."""
    changed = 0
    pending = _TRIGGERS.Match(shadow.text) or () if steps else ()
    for index, step in enumerate(_STEPS[:steps]):
        if index in pending:
            rewritten = shadow.rewrite(_without_overlaps(step.edits(shadow.text)), step.undoes)
            if rewritten is not shadow:
                shadow, changed = rewritten, index
                pending = _TRIGGERS.Match(shadow.text) or ()
    return shadow, changed


# -- invisible characters ----------------------------------------------------------


def _invisible() -> list[int]:
    """Everything that takes no space of its own: format characters (zero-width
    spaces, joiners, bidi controls, tags), combining and enclosing marks (the keycap of
    ``1️⃣``, underlines), variation selectors, and the Hangul fillers and the blank
    Braille pattern, which render as nothing. Only the planes that hold them are read."""
    planes = itertools.chain(range(0x20000), range(0xE0000, 0xE1000))
    invisible = [code for code in planes if unicodedata.category(chr(code)) in ("Cf", "Mn", "Me")]
    return [*invisible, 0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0]


class _Class(NamedTuple):
    """A character class of many code points, for RE2 (the step triggers) and for
    Python's ``re`` (the steps: RE2 on ``str`` pays for converting offsets)."""

    re2: str
    re: re.Pattern[str]

    @classmethod
    def of(cls, codes: Iterable[int], repeat: str = "") -> _Class:
        ranges = []
        for _, run in itertools.groupby(enumerate(sorted(set(codes))), lambda p: p[1] - p[0]):
            values = [code for _, code in run]
            ranges.append((values[0], values[-1]))
        for_re2 = "".join(f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges)
        for_re = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
        return cls(f"[{for_re2}]", re.compile(f"[{for_re}]{repeat}"))


_INVISIBLE = _Class.of(_invisible(), "+")
# Marks that belong to the character before them (a keycap's U+20E3, a variation
# selector, an underline): a value's span ends after them.
_COMBINING = _Class.of(
    (c for c in range(0x20000) if unicodedata.category(chr(c)) in ("Mn", "Me")), "+"
)


def marks_after(text: str, end: int) -> int:
    """``end`` moved past the marks attached to the character before it."""
    marks = _COMBINING.re.match(text, end)
    return marks.end() if marks else end


def _strip_invisible(text: str) -> Iterator[Edit]:
    for match in _INVISIBLE.re.finditer(text):
        yield match.start(), match.end(), ""


# -- compatibility forms -----------------------------------------------------------


def _fold_table() -> dict[str, str]:
    """Every character that stands for one ASCII character (full-width and
    mathematical forms, circled letters), every digit character, every dash, space and
    line separator of any script, and the dots of other scripts."""
    table: dict[str, str] = {}
    for char in map(chr, range(0x80, 0x20000)):
        if unicodedata.is_normalized("NFKC", char):
            continue
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1 and folded.isascii() and folded.isprintable():
            table[char] = folded
    for char in map(chr, range(0x80, 0x20000)):
        # Every dash is a dash, every space a space, every line separator a line break.
        category = unicodedata.category(char)
        if category == "Pd":
            table[char] = "-"
        elif category == "Zs":
            table[char] = " "
        elif category in ("Zl", "Zp"):
            table[char] = "\n"
    table.update(DIGIT_CHARACTERS)
    table["\U0001f51f"] = "10"  # the keycap ten
    # A circled a is typed for @ (kim92ⓐnaver.com).
    table.update(dict.fromkeys("\u24d0\u24b6", "@"))
    # Middle dots, ideographic full stops, and ㆍ (araea), the middle dot of Korean lists.
    table.update(dict.fromkeys("\u00b7\u2024\u2027\u2219\u22c5\u30fb\u3002\uff61\uff65\u318d", "."))
    # ㅡ (the Hangul vowel), the minus sign, the long katakana mark and the box-drawing
    # line are typed as dashes.
    table.update(dict.fromkeys("\u2212\u30fc\u3161\u2500\u2501\uff70", "-"))
    return table


_FOLD = _fold_table()
_FOLDABLE = _Class.of(map(ord, _FOLD))


def _fold_compatibility(text: str) -> Iterator[Edit]:
    for match in _FOLDABLE.re.finditer(text):
        yield match.start(), match.end(), _FOLD[match.group()]


# -- spacing -------------------------------------------------------------------------

# The big Korean mail providers, as people write their names in Hangul.
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
    "아이클라우드": ("icloud", ".com"),
    "프로톤메일": ("proton", ".me"),
    "프로톤": ("proton", ".me"),
    "줌": ("zum", ".com"),
    "드림위즈": ("dreamwiz", ".com"),
}
_KOREAN_DOMAIN = "|".join(sorted(_KOREAN_MAIL_DOMAINS, key=len, reverse=True))
# The same providers by their own names, written without a top-level domain (lee@gmail).
_MAIL_SUFFIXES = dict(_KOREAN_MAIL_DOMAINS.values())
_MAIL_NAME = "(?i:" + "|".join(_MAIL_SUFFIXES) + r")\b"  # RE2 too: the step triggers

# ``open . kakao``, ``t . me / x``, ``2001 : db8 :  : 1`` (IPv6 ::) close up.
_SPACED_PUNCTUATION = re.compile(r"(?<=[A-Za-z0-9]) +([.:/]|: +:) +(?=[A-Za-z0-9])")
# ``lee @ naver.com``, ``lee@⏎naver.com`` and ``@ handle`` close up; ``handle is @chip``
# keeps its space.
_SPACED_AT = re.compile(
    rf"(?<=[A-Za-z0-9._%+-]){_SPACES}@{_SPACES}"
    rf"(?=[A-Za-z0-9-]{{1,63}} ?\. ?[A-Za-z]|{_KOREAN_DOMAIN})"
    rf"|@{_SPACES}(?=[A-Za-z0-9_])"
)
# One character of a word or number written out one by one (s u a . k w o n 6).
_SINGLE = f"[A-Za-z0-9_.@\\-{_HANGUL_DIGIT_CLASS}]"
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
    if _ASCII_WORD_CHAR.match(text, end) or glued_to_word(text, end):
        end -= 2  # the last "single" starts a longer word (…칠 이걸로), not a unit (호)
    singles = (end - start + 1) // 2
    unit = _UNIT_SUFFIX.match(text, end) and text[start:end:2].isdigit()
    if singles >= MIN_SPACED_SINGLES or (unit and singles >= MIN_SPACED_UNIT):
        yield from ((pos, pos + 1, "") for pos in range(start + 1, end, 2))


def _close_digit_groups(text: str, match: re.Match[str]) -> Iterator[Edit]:
    """Close the single spaces of ``2 2   2 1   5 6 0 4``; the separator step does the rest.

    Only a long run of digits: short spaced numbers are scores, lists and dates.
    """
    run = match.group()
    if glued_to_word(match.string, match.end()):
        run = run[:-1].rstrip()  # the last digit starts a word (…칠 이걸로)
    singles = sum(not char.isspace() and char not in "-/" for char in run)
    if run.count(" ") == singles - 1 or singles < MIN_DISGUISED_DIGITS:
        return  # single-spaced throughout (the rule above), or too short
    for offset in range(1, len(run) - 1):
        if run[offset] == " " and run[offset - 1] not in " -/" and run[offset + 1] not in " -/":
            yield match.start() + offset, match.start() + offset + 1, ""


# -- written-out @ and . -------------------------------------------------------------

_WELL_KNOWN_MAIL = re.compile(rf"{_MAIL_NAME}|(?i:me)\b")  # me: Apple's me.com
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
# A provider's own name only right after an address's local part (lee@gmail), not
# after a lone @ (see @naver on Twitter).
_DOMAIN_WORD = re.compile(rf"(?<=@)(?:{_KOREAN_DOMAIN})|(?<=[A-Za-z0-9._%+-]@){_MAIL_NAME}(?![.-])")
_SPELLED_DOT_AFTER = re.compile(r" *(?:\.|닷|쩜|점|[(\[](?:dot|\.)[)\]]| dot )")
_TLD_WORD = re.compile(r"(?<=[A-Za-z0-9]) *(?:닷|쩜|점) ?(컴|넷|케이알|오알지)")
_TLDS = {"컴": ".com", "넷": ".net", "케이알": ".kr", "오알지": ".org"}
# Between letters or digits, or numbers written in words (육십삼 DOT 이백이), of two
# syllables at least: 이 점이 is "this point".
_WORDS = f"[{KOREAN_NUMBER_SYLLABLES}{''.join(IDEOGRAPHIC_DIGITS)}]"
_DOT_SIDE = f"(?:[A-Za-z0-9]|{_WORDS}{{2}})"
_DOT_WORD = re.compile(
    rf"(?:(?<=[A-Za-z0-9])|(?<={_WORDS}{_WORDS})) *(?:[(\[{{<] *(?:(?i:dot)|\.|쩜|닷|점) *[)\]}}>]"
    rf"|쩜|닷|점|(?<= )(?i:dot)(?= )) *(?={_DOT_SIDE})"
)


def _spell_at(text: str) -> Iterator[Edit]:
    for match in _AT_WORD.finditer(text):
        end = match.end()
        if not _AT_TARGET.match(text, end) or _ADDRESS_AHEAD.match(text, end):
            continue
        if match.group("bare") and not _looks_like_spoken_email(text, match):
            continue
        yield match.start(), end, "@"
    # A handle given with its @ spelled out (텔레그램 골뱅이 lee_yerin83).
    for match in _AT_BEFORE_HANDLE.finditer(text):
        yield match.start(), match.end(), "@"


_AT_BEFORE_HANDLE = re.compile(
    rf"(?<![A-Za-z0-9._%+-])(?:{_AT_WORDS}) *(?=[A-Za-z][A-Za-z0-9_.]{{2,}})"
)


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
        or match.group("bare") == "AT"  # written in capitals to stand out
        or bool(_WELL_KNOWN_MAIL.match(text, after))
        or bool(_TWO_SPELLED_DOTS_AHEAD.match(text, after))
        or bool(_MAIL_CUE_BEHIND.search(text, max(0, start - len(local) - 48), start - len(local)))
    )


def _spell_domains(text: str) -> Iterator[Edit]:
    """``@네이버`` → ``@naver.com`` (``@naver`` when a written-out dot follows)."""
    for match in _DOMAIN_WORD.finditer(text):
        word = match.group()
        name, suffix = _KOREAN_MAIL_DOMAINS.get(word) or (word, _MAIL_SUFFIXES[word.lower()])
        if _SPELLED_DOT_AFTER.match(text, match.end()):
            suffix = ""
        yield match.start(), match.end(), name + suffix


def _spell_tlds(text: str) -> Iterator[Edit]:
    for match in _TLD_WORD.finditer(text):
        yield match.start(), match.end(), _TLDS[match.group(1)]


def _spell_dots(text: str) -> Iterator[Edit]:
    for match in _DOT_WORD.finditer(text):
        yield match.start(), match.end(), "."


# Other marks of links and handles, written out (open.kakao.com 슬래시 o 슬래시 …,
# kim 언더바 92): between two letters or digits, alone or in brackets.
_MARK_WORDS = {
    "/": "슬래시|슬러시|(?i:slash)",
    "_": "언더바|언더스코어|(?i:underscore)",
    "-": "하이픈|(?i:hyphen)",
}
_MARK_WORD = re.compile(
    "|".join(
        rf"(?<=[A-Za-z0-9]) *(?:[(\[{{<] *(?P<m{index}>{words}) *[)\]}}>]|(?P<n{index}>{words})) *"
        "(?=[A-Za-z0-9])"
        for index, words in enumerate(_MARK_WORDS.values())
    )
)
_SPELLED_MARKS = list(_MARK_WORDS)


def _spell_marks(text: str) -> Iterator[Edit]:
    for match in _MARK_WORD.finditer(text):
        index = int((match.lastgroup or "m0")[1:])
        yield match.start(), match.end(), _SPELLED_MARKS[index]


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


_DOT_AHEAD = r"(?:\.|dot |\(dot\)|\[dot\]|닷|쩜|점)"


# Each step with an RE2 pattern that occurs in every text the step would change.
class _Step(NamedTuple):
    edits: Callable[[str], Iterable[Edit]]
    # An RE2 pattern that occurs in every text the step would change.
    trigger: str
    # What the step undoes, as a moderator reads it in the explanation of a finding.
    undoes: str


_WRITTEN_OUT = "written-out @, dots and slashes"
_STEPS = (
    _Step(_strip_invisible, _INVISIBLE.re2, "invisible characters"),
    _Step(_fold_compatibility, _FOLDABLE.re2, "look-alike characters"),
    _Step(
        _close_spacing,
        rf"[A-Za-z0-9._%+-]\s+[.:/@]|@\s+[A-Za-z0-9_]|(?:^|\s)(?:{_SINGLE} ){{2}}{_SINGLE}",
        "spaced-out characters",
    ),
    _Step(
        _spell_at,
        # A bare " at " makes an address only before a domain with a dot (or a Korean
        # provider's name): not "at 4,100" or "at a startup".
        r"골뱅|앳|엣|[(\[{<] *@|(?i:[(\[{<] *at *[)\]}>])"
        rf"|(?i: at (?:{_KOREAN_DOMAIN}|{_MAIL_NAME}|[A-Za-z0-9-]{{1,63}} ?{_DOT_AHEAD}))",
        _WRITTEN_OUT,
    ),
    _Step(_spell_domains, f"@(?:{_KOREAN_DOMAIN}|{_MAIL_NAME})", _WRITTEN_OUT),
    _Step(_spell_tlds, "(?:닷|쩜|점) ?(?:컴|넷|케이알|오알지)", _WRITTEN_OUT),
    _Step(
        _spell_dots,
        rf"{_DOT_SIDE} *(?:(?i:[(\[{{<] *(?:dot|\.|쩜|닷|점) *[)\]}}>]| dot )|쩜|닷|점) *"
        + _DOT_SIDE,
        _WRITTEN_OUT,
    ),
    _Step(
        _spell_marks,
        "[A-Za-z0-9] *[(\\[{<]? *(?:"
        + "|".join(_MARK_WORDS.values())
        + ") *[)\\]}>]? *[A-Za-z0-9]",
        _WRITTEN_OUT,
    ),
    _Step(spell_korean, KOREAN_TRIGGER, "digits written as words or letters"),
    _Step(spell_english, ENGLISH_TRIGGER, "English number words"),
    _Step(
        _canonical_separators,
        # Something other than one canonical separator, and a digit after it.
        rf"[0-9](?:[\t\r\n_/)(~*|:]|[ \-.]{_RUN_CHARS}){_RUN_CHARS}{{0,16}}[0-9]",
        "unusual separators",
    ),
)
_TRIGGERS = _trigger_set(step.trigger for step in _STEPS)
