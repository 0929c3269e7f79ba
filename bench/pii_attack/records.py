"""Comments carrying one drawn value, with its gold span in the corpus convention."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.pii_attack import structure
from bench.pii_attack.digit_forms import DIGIT_FORMS, ENGLISH_FORMS, KOREAN_FORMS
from bench.pii_attack.frames import CLOSINGS, FRAMES, OPENINGS
from bench.pii_attack.structure import Written
from bench.pii_attack.values import NUMBER_DRAWERS, draw_ipv4
from bench.pii_attack.writing import (
    digit_forms_for,
    number_groupings,
    type_digit_forms,
    type_groupings,
    write_number,
)

PII_TYPES = (
    "kr_rrn",
    "kr_frn",
    "kr_passport",
    "kr_driver_license",
    "phone",
    "email",
    "credit_card",
    "bank_account",
    "ip_address",
    "kr_address",
    "messenger_id",
    "us_ssn",
    "iban",
)
STRUCTURES = {
    "email": structure.EMAIL_STRUCTURES,
    "messenger_id": structure.LINK_STRUCTURES,
    "ip_address": structure.IPV4_STRUCTURES + structure.IPV6_STRUCTURES,
    "kr_address": structure.ADDRESS_STRUCTURES,
}
_ENGLISH_FIRST = frozenset({"us_ssn", "iban"})
# How values are written when nobody is hiding them.
_PLAIN = frozenset(
    {
        "digits:ascii",
        "groups:canonical",
        "groups:compact",
        "structure:plain",
        "structure:scheme",
        "structure:hex_plain",
        "structure:hex_uppercase",
        "structure:hangul_road",
        "structure:hangul_lot",
        "structure:romanised",
    }
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class Record:
    lang: str
    text: str
    spans: tuple[Span, ...]
    tags: tuple[str, ...]

    def as_json(self, record_id: str) -> dict[str, object]:
        spans = [{"start": s.start, "end": s.end, "type": s.type} for s in self.spans]
        return {
            "id": record_id,
            "lang": self.lang,
            "text": self.text,
            "spans": spans,
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class Drawn:
    """A value written out, and what the sentence around it needs."""

    written: Written
    frame: str
    slots: dict[str, str]
    lang: str


def draw_positive(
    rng: random.Random,
    pii_type: str,
    digits: str | None = None,
    grouping: str | None = None,
    structure_form: str | None = None,
) -> Record:
    """One comment with one `pii_type` value; `digits`, `grouping` and `structure_form`
    pin a family, the rest is drawn."""
    if pii_type in NUMBER_DRAWERS:
        drawn = _draw_number(rng, pii_type, digits, grouping)
    elif pii_type == "ip_address":
        drawn = _draw_ip(rng, digits, structure_form)
    else:
        drawn = _draw_text(rng, pii_type, structure_form)
    return place(rng, drawn, pii_type)


def choose_language(rng: random.Random, pii_type: str, digit_form: str = "ascii") -> str:
    if digit_form in KOREAN_FORMS:
        return "ko"
    if digit_form in ENGLISH_FORMS:
        return "en" if rng.random() < 0.8 else "ko"
    english_share = 0.8 if pii_type in _ENGLISH_FIRST else 0.3
    return "en" if rng.random() < english_share else "ko"


def _draw_number(
    rng: random.Random, pii_type: str, digits: str | None, grouping: str | None
) -> Drawn:
    while True:  # redraw until the value admits the pinned forms (slang needs a 0…)
        number = NUMBER_DRAWERS[pii_type](rng)
        forms, groupings = digit_forms_for(number), number_groupings(number)
        if (digits is None or digits in forms) and (grouping is None or grouping in groupings):
            break
    form = digits or rng.choice(forms)
    lang = choose_language(rng, pii_type, form)
    written = write_number(rng, number, lang, form, grouping or rng.choice(groupings))
    return Drawn(written, number.frame or pii_type, number.slots, lang)


def _draw_ip(rng: random.Random, digits: str | None, structure_form: str | None) -> Drawn:
    version6 = structure_form in structure.IPV6_STRUCTURES
    if structure_form is None and digits is None:
        version6 = rng.random() < 0.3
    if version6:
        chosen = structure_form or rng.choice(structure.IPV6_STRUCTURES)
        written = structure.write_ipv6(rng, chosen)
        return Drawn(written, "ip_address", {}, choose_language(rng, "ip_address"))
    number = draw_ipv4(rng)
    while digits is not None and digits not in digit_forms_for(number):
        number = draw_ipv4(rng)  # slang needs a 0, letters a 0 or a 1
    form = digits or rng.choice(digit_forms_for(number))
    chosen = structure_form or rng.choice(structure.IPV4_STRUCTURES)
    written = structure.write_ipv4(rng, number, form, chosen)
    return Drawn(written, "ip_address", {}, choose_language(rng, "ip_address", form))


def _draw_text(rng: random.Random, pii_type: str, structure_form: str | None) -> Drawn:
    lang = choose_language(rng, pii_type)
    if pii_type == "messenger_id":
        found = structure.write_messenger(rng, structure_form)
        return Drawn(found.written, found.frame, found.slots, lang)
    chosen = structure_form or rng.choice(STRUCTURES[pii_type])
    if pii_type == "email":
        return Drawn(structure.write_email(rng, chosen), "email", {}, lang)
    if chosen == "romanised":
        lang = "en"
    return Drawn(structure.write_address(rng, chosen), "kr_address", {}, lang)


# What follows 이 when it is the copula (이예요, 이라서, 이에요).
_COPULA_STARTS = frozenset("예에라다고")


def place(rng: random.Random, drawn: Drawn, pii_type: str) -> Record:
    """Puts the value in one of its frames, sometimes between other sentences."""
    template = rng.choice(FRAMES[drawn.frame][drawn.lang])
    for slot, word in drawn.slots.items():
        template = template.replace("{" + slot + "}", word)
    before, after = template.split("{v}")
    opening = rng.choice(OPENINGS[drawn.lang]) if rng.random() < 0.3 else ""
    closing = rng.choice(CLOSINGS[drawn.lang]) if rng.random() < 0.3 else ""
    before = opening + before + drawn.written.lead_in
    if drawn.written.text.endswith("이") and after[:1] in _COPULA_STARTS:
        after = " " + after  # 오이예요, 삼 이라서: the reader could not tell 2 from the copula
    text = before + drawn.written.text + after + closing
    span = Span(len(before), len(before) + len(drawn.written.text), pii_type)
    tags = ("type:" + pii_type, "lang:" + drawn.lang, *drawn.written.tags)
    if any(tag.startswith(("digits:", "groups:", "structure:")) for tag in set(tags) - _PLAIN):
        tags += ("obfuscated",)  # the corpus convention's tag for evasive writing
    return Record(drawn.lang, text, (span,), tags)


def positive_families(pii_type: str) -> dict[str, tuple[str, ...]]:
    """The families a type can be pinned to, by axis (for the property tests)."""
    if pii_type in NUMBER_DRAWERS:
        return {"digits": type_digit_forms(pii_type), "groups": type_groupings(pii_type)}
    if pii_type == "ip_address":
        return {"digits": DIGIT_FORMS, "structure": STRUCTURES[pii_type]}
    return {"structure": STRUCTURES[pii_type]}
