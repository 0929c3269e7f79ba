"""Writes a drawn number the ways people write numbers: one digit form (principle 1)
and one grouping (principle 2) per value."""

from __future__ import annotations

import random

from bench.pii_attack.digit_forms import DIGIT_FORMS, forms_that_change, make_speller
from bench.pii_attack.joiners import GROUPINGS, LABELLED, groupings_for, join, lay_out
from bench.pii_attack.structure import Written
from bench.pii_attack.values import Number

# Letters inside the value would make O/l ambiguous; place-value readings of a
# passport serial or an IBAN are not how anyone reads them.
_ALPHANUMERIC = frozenset({"kr_passport", "iban"})
_NOT_FOR_ALPHANUMERIC = frozenset({"letters", "korean_composite", "english_pairs"})
# Numbers people name by parts ("앞자리 … 뒷자리 …", "last four …").
_LABELLED_TYPES = frozenset({"kr_rrn", "kr_frn", "phone", "credit_card", "us_ssn"})


def type_digit_forms(pii_type: str) -> tuple[str, ...]:
    if pii_type in _ALPHANUMERIC:
        return tuple(f for f in DIGIT_FORMS if f not in _NOT_FOR_ALPHANUMERIC)
    return DIGIT_FORMS


def type_groupings(pii_type: str) -> tuple[str, ...]:
    if pii_type in _LABELLED_TYPES:
        return GROUPINGS
    return tuple(g for g in GROUPINGS if g not in LABELLED)


def digit_forms_for(number: Number) -> tuple[str, ...]:
    forms = type_digit_forms(number.pii_type)
    if any(ch.isalpha() for ch in "".join(number.groups)):  # a near-miss IBAN, too
        forms = tuple(f for f in forms if f not in _NOT_FOR_ALPHANUMERIC)
    return forms_that_change(number.digits, forms)


def number_groupings(number: Number) -> tuple[str, ...]:
    possible = groupings_for(number.groups, number.lead)
    return tuple(g for g in type_groupings(number.pii_type) if g in possible)


def write_number(
    rng: random.Random, number: Number, lang: str, digit_form: str, grouping: str
) -> Written:
    layout = lay_out(rng, number.groups, number.gaps, grouping)
    speller = make_speller(rng, digit_form)
    spelled = [speller.spell(group) for group in layout.groups]
    lead_in, text = join(rng, spelled, layout, grouping, lang, speller.needs_space)
    lead = number.lead
    if lead == "(" and grouping != "canonical":  # the parentheses go with the layout
        lead = ""
    tags = ("format:" + number.kind, "digits:" + digit_form, "groups:" + grouping)
    return Written(lead + text, tags, lead_in)
