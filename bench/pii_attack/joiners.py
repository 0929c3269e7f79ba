"""Principle 2: people split a number into groups and put anything short between them.

A *grouping* decides where the groups are (the issuer's own, none, any other) and
what stands between them: a separator of any script, words, emoji, line breaks,
invisible characters, or labels — sometimes with the groups out of order. The
separator table is derived from `unicodedata` (every dash and space character) plus
the punctuation people type between digits.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import cache

from bench.pii_attack.digit_forms import ENGLISH, TENS

GROUPINGS = (
    "canonical",  # as the issuer prints it
    "compact",  # no separator
    "regroup",  # any other grouping, one separator
    "script_separator",  # the issuer's groups, a dash or space of any script
    "spaced_digits",  # every digit apart
    "filler_words",  # 쉬고, 다시, then…
    "emoji",
    "line_break",
    "invisible",  # zero-width and filler characters
    "labels",  # 앞자리 … 뒷자리 …
    "out_of_order",  # labelled groups in another order
    "mixed_joiners",  # a different kind of joiner in each gap
)
LABELLED = frozenset({"labels", "out_of_order"})

# Punctuation typed between digit groups, besides every Pd and Zs character.
_TYPED_SEPARATORS = (
    ".",
    "·",
    "•",
    "・",
    "/",
    "\\",
    "_",
    "~",
    "*",
    ",",
    ":",
    ";",
    "=",
    "#",
    "^",
    "ㅡ",  # Hangul vowels that look like a dash and a dot
    "ㆍ",
)
FILLER_WORDS = {
    "ko": (
        "쉬고",
        "다시",
        "그리고",
        "하고",
        "다음",
        "띄고",
        "빼기",
        "하이픈",
        "대시",
        "작대기",
        "에",
    ),
    "en": ("dash", "then", "and", "hyphen", "space", "followed by"),
}
EMOJI = ("📞", "☎️", "❤️", "✨", "👉", "⭐", "🙂", "🔥", "💕", "➡️", "🌸", "🐶")
LINE_BREAKS = ("\n", "\n\n", " \n", "\r\n", "\u2028")
INVISIBLE = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u180e",
    "\u3164",
    "\uffa0",
)
LABELS: dict[str, dict[int, tuple[tuple[str, ...], ...]]] = {
    "ko": {
        2: (("앞자리", "앞번호", "앞부분"), ("뒷자리", "뒷번호", "뒷부분")),
        3: (("앞자리", "처음"), ("가운데", "중간"), ("끝자리", "마지막")),
    },
    "en": {
        2: (("first part", "front"), ("second part", "back")),
        3: (("first", "start"), ("middle", "middle part"), ("last", "end")),
    },
}


@cache
def separator_chars() -> tuple[str, ...]:
    derived = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if unicodedata.category(ch) in ("Pd", "Zs") and unicodedata.numeric(ch, None) is None:
            derived.append(ch)
    return (*derived, *_TYPED_SEPARATORS)


@dataclass(frozen=True)
class Layout:
    """Where the groups are: the groups and, for unlabelled groupings, the gaps."""

    groups: tuple[str, ...]
    gaps: tuple[str, ...]


def label_parts(groups: tuple[str, ...]) -> tuple[str, ...] | None:
    """The parts a labelled grouping names: two or three, halves of four groups."""
    if len(groups) in (2, 3):
        return groups
    if len(groups) == 4:
        return groups[0] + groups[1], groups[2] + groups[3]
    return None


def groupings_for(groups: tuple[str, ...], lead: str) -> tuple[str, ...]:
    labelled_ok = label_parts(groups) is not None and lead in ("", "(")
    return tuple(g for g in GROUPINGS if labelled_ok or g not in LABELLED)


def lay_out(
    rng: random.Random, groups: tuple[str, ...], gaps: tuple[str, ...], grouping: str
) -> Layout:
    if grouping == "canonical":
        return Layout(groups, gaps)
    if grouping in LABELLED:
        parts = label_parts(groups)
        assert parts is not None, "labelled groupings need two to four groups"
        return Layout(parts, ())
    chars = "".join(groups)
    if grouping == "regroup":
        split = _random_split(rng, chars)
        separator = rng.choice((" ", "-", ".", rng.choice(separator_chars())))
        return Layout(split, tuple(separator for _ in split[1:]))
    if grouping == "spaced_digits":
        return Layout(tuple(chars), tuple(" " for _ in chars[1:]))
    if len(groups) == 1 and grouping != "compact":
        groups = _random_split(rng, chars)  # a one-group value needs gaps to fill
    return Layout(groups, tuple("" for _ in groups[1:]))


def _random_split(rng: random.Random, chars: str) -> tuple[str, ...]:
    while True:
        out, at = [], 0
        while at < len(chars):
            size = rng.randint(1, 5)
            out.append(chars[at : at + size])
            at += size
        if len(out) >= 2:
            return tuple(out)


def join(
    rng: random.Random,
    spelled: list[str],
    layout: Layout,
    grouping: str,
    lang: str,
    needs_space: bool,
) -> tuple[str, str]:
    """Joins spelled groups; returns (words before the value, the value as written)."""
    if grouping in LABELLED:
        return _join_labelled(rng, spelled, grouping, lang)
    gaps = [_gap(rng, grouping, lang, canonical) for canonical in layout.gaps]
    if needs_space:  # words need a visible gap: "zero one zero one…"
        gaps = [g if any(ch not in INVISIBLE for ch in g) else g + " " for g in gaps]
    out = [spelled[0]]
    for gap, group in zip(gaps, spelled[1:], strict=True):
        out.append(_apart(gap, out[-1], group) + group)
    return "", "".join(out)


_TENS = TENS[2:]
_ONES = ENGLISH[1:]


def _apart(gap: str, left: str, right: str) -> str:
    """A hyphen between "twenty" and "three" makes twenty-three, not two groups: a
    reader could not tell, so the groups are set apart by spaces around it."""
    if gap == "-" and left.lower().endswith(_TENS) and right.lower().startswith(_ONES):
        return " - "
    return gap


def _gap(rng: random.Random, grouping: str, lang: str, canonical: str) -> str:
    if grouping == "mixed_joiners":
        grouping = rng.choice(("script_separator", "filler_words", "emoji", "line_break"))
    if grouping == "script_separator":
        sep = rng.choice(separator_chars())
        if rng.random() < 0.1:
            sep *= 2
        return f" {sep} " if rng.random() < 0.2 else sep
    if grouping == "filler_words":
        word = rng.choice(FILLER_WORDS[lang])
        return f"{word} " if word == "에" else rng.choice((f" {word} ", f" {word}, ", f"-{word}-"))
    if grouping == "emoji":
        mark = rng.choice(EMOJI)
        return rng.choice((mark, f" {mark} "))
    if grouping == "line_break":
        return rng.choice(LINE_BREAKS)
    if grouping == "invisible":
        hidden = "".join(rng.choice(INVISIBLE) for _ in range(rng.randint(1, 2)))
        return canonical + hidden if rng.random() < 0.5 else hidden
    return canonical


def _particle(label: str, particle: str) -> str:
    """The topic marker agrees with the label's last syllable: 앞자리는, 앞부분은."""
    if particle != "topic":
        return particle
    has_final = (ord(label[-1]) - 0xAC00) % 28 != 0
    return "은" if has_final else "는"


def _join_labelled(
    rng: random.Random, spelled: list[str], grouping: str, lang: str
) -> tuple[str, str]:
    names = [rng.choice(options) for options in LABELS[lang][len(spelled)]]
    order = list(range(len(spelled)))
    if grouping == "out_of_order":
        while order == sorted(order):
            rng.shuffle(order)
    particle = rng.choice(("", ":", "topic")) if lang == "ko" else rng.choice(("", ":", " is"))
    between = rng.choice((", ", " ", " / ", "\n"))
    pieces = [f"{names[i]}{_particle(names[i], particle)} {spelled[i]}" for i in order]
    first_label = pieces[0][: len(pieces[0]) - len(spelled[order[0]])]
    return first_label, spelled[order[0]] + between + between.join(pieces[1:])
