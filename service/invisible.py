"""Characters that show nothing, and those that reorder what is shown.

A comment of zero-width spaces, or a nickname of a Hangul filler (U+3164), looks
empty on the page; bidi overrides (U+202E) make text read differently from how it is
stored, so a moderator could approve what readers then see reversed.
"""

from __future__ import annotations

import re

# Format and filler characters that render as nothing: soft hyphen, combining grapheme
# joiner, Arabic letter mark, Hangul fillers, Khmer inherent vowels, Mongolian
# separators, zero-width and directional marks, invisible operators, variation
# selectors, the byte-order mark, the Braille blank and tag characters.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
# Embeddings, overrides and isolates: they change the order text is displayed in.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only white space and invisible characters."""
    return not INVISIBLE.sub("", text).strip()
