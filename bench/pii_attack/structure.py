"""Principle 3: e-mail, links, handles, IP addresses and street addresses by structure.

An address is its parts and the marks between them; people write the marks (`@`, `.`,
`:`) in any language, symbol or bracket, write the big Korean mail providers in Hangul,
space the punctuation out, and write street addresses in Hangul, Hanja or the
official romanisation.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass

from bench.pii_attack.digit_forms import make_speller
from bench.pii_attack.joiners import INVISIBLE
from bench.pii_attack.places import APARTMENTS, DISTRICTS, District
from bench.pii_attack.values import Number


@dataclass(frozen=True)
class Written:
    """A value as written in a comment: `text` is exactly the gold span; `lead_in` is
    what the sentence says just before it (a leading label), outside the span."""

    text: str
    tags: tuple[str, ...]
    lead_in: str = ""


GIVEN = (
    "minsu",
    "jiyoung",
    "seojun",
    "hayoon",
    "doyun",
    "seoyeon",
    "jihoon",
    "yerin",
    "hyunwoo",
    "eunji",
    "taeyang",
    "sora",
    "junho",
    "mina",
    "dahye",
)
SURNAMES = ("kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han")
# (domain, the name Koreans say, how they say its ending)
PROVIDERS = (
    ("naver.com", "네이버", "닷컴"),
    ("daum.net", "다음", "닷넷"),
    ("hanmail.net", "한메일", "닷넷"),
    ("nate.com", "네이트", "닷컴"),
    ("kakao.com", "카카오", "닷컴"),
    ("gmail.com", "지메일", "닷컴"),
    ("hotmail.com", "핫메일", "닷컴"),
    ("outlook.com", "아웃룩", "닷컴"),
    ("icloud.com", "아이클라우드", "닷컴"),
    ("yahoo.co.kr", "야후", ""),
    ("korea.kr", "", ""),
    ("snu.ac.kr", "", ""),
    ("proton.me", "", ""),
)
AT_WORDS = (
    "골뱅이",
    "골뱅",
    "앳",
    "at",
    "AT",
    "(at)",
    "[at]",
    "{at}",
    "<at>",
    "(골뱅이)",
    "[골뱅이]",
)
AT_SYMBOLS = ("＠", "﹫", "(@)", "[@]", "{@}")
DOT_WORDS = ("점", "닷", "쩜", "dot", "DOT", "(dot)", "[dot]", "{dot}", "(점)")
DOT_SYMBOLS = ("．", "。", "｡", "[.]", "(.)", "{.}")
COLON_SYMBOLS = ("：", "﹕")

EMAIL_STRUCTURES = (
    "plain",
    "at_word",
    "at_symbol",
    "dot_word",
    "dot_symbol",
    "provider_hangul",
    "spaced",
    "fullwidth",
    "invisible",
    "line_break",
    "combined",
)
LINK_STRUCTURES = ("plain", "scheme", "dot_word", "dot_symbol", "spaced", "invisible")
IPV4_STRUCTURES = ("plain", "dot_word", "dot_symbol", "spaced")
IPV6_STRUCTURES = ("hex_plain", "hex_uppercase", "colon_symbol")
ADDRESS_STRUCTURES = ("hangul_road", "hangul_lot", "hanja", "romanised")


def handle(rng: random.Random, at_least: int = 4) -> str:
    given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
    pattern = rng.choice(
        (
            f"{given}{rng.randint(1, 99):02d}",
            f"{given}.{surname}",
            f"{surname}_{given}{rng.randint(70, 99)}",
            f"{given}{surname[0]}{rng.randint(100, 9999)}",
            f"{given}_{rng.randint(1990, 2012)}",
        )
    )
    return pattern if len(pattern) >= at_least else pattern + "77"


def _spaced(word: str, rng: random.Random) -> str:
    """A spelled mark between spaces, or glued where the glue stays readable: "minsu골뱅이
    naver" reads, "minsuatnaver" does not."""
    glued_ok = not (word.isascii() and word.isalpha())
    return word if glued_ok and rng.random() < 0.2 else f" {word} "


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def _sprinkle(rng: random.Random, text: str) -> str:
    """Invisible characters inside the text, never at its ends."""
    out = [text[0]]
    for ch in text[1:]:
        if rng.random() < 0.25:
            out.append(rng.choice(INVISIBLE))
        out.append(ch)
    return "".join(out)


def write_email(rng: random.Random, structure: str) -> Written:
    local = handle(rng).replace(".", rng.choice((".", "_", "")))
    domain, hangul, tld_word = rng.choice(PROVIDERS)
    if structure == "provider_hangul" and not hangul:
        domain, hangul, tld_word = PROVIDERS[0]
    text = _email_text(rng, structure, local, domain, hangul, tld_word)
    return Written(text, ("structure:" + structure,))


def _email_text(
    rng: random.Random, structure: str, local: str, domain: str, hangul: str, tld_word: str
) -> str:
    if structure == "at_word":
        return local + _spaced(rng.choice(AT_WORDS), rng) + domain
    if structure == "at_symbol":
        return local + rng.choice(AT_SYMBOLS) + domain
    if structure == "dot_word":
        return local + "@" + _dots(rng, domain, DOT_WORDS)
    if structure == "dot_symbol":
        return local + "@" + _dots(rng, domain, DOT_SYMBOLS)
    if structure == "provider_hangul":
        at = rng.choice(("@", " 골뱅이 ", " @ "))
        endings = ["." + domain.split(".", 1)[1], ""] + ([" " + tld_word] if tld_word else [])
        ending = rng.choice(endings)
        return local + at + hangul + ending
    if structure == "spaced":
        if rng.random() < 0.3:
            return " ".join(local + "@" + domain)
        return local + " @ " + domain.replace(".", " . ")
    if structure == "fullwidth":
        return _fullwidth(local + "@" + domain)
    if structure == "invisible":
        return _sprinkle(rng, local + "@" + domain)
    if structure == "line_break":
        return local + rng.choice(("\n@", "@\n", "\n@\n")) + domain
    if structure == "combined":
        return local + _spaced(rng.choice(AT_WORDS), rng) + _dots(rng, domain, DOT_WORDS)
    return local + "@" + domain


def _dots(rng: random.Random, text: str, marks: tuple[str, ...]) -> str:
    mark = rng.choice(marks)
    word_like = mark[0].isalnum() or "가" <= mark[0] <= "힣"
    return text.replace(".", _spaced(mark, rng) if word_like else mark)


# -- messenger IDs -------------------------------------------------------------------------

# The words that say which messenger an ID belongs to, in Korean and in English.
CUES = {
    "kakao_id": (
        (
            "카톡",
            "카카오톡",
            "카톡 아이디",
            "카톡ID",
            "카톡 ID",
            "ㅋㅌ",
            "카카오톡 ID",
            "톡 아이디",
        ),
        ("KakaoTalk", "Kakao ID", "KakaoTalk ID"),
    ),
    "telegram_handle": (
        ("텔레", "텔레그램", "텔그", "텔레 아이디"),
        ("Telegram", "TG", "telegram"),
    ),
    "line_id": (("라인 아이디", "라인", "LINE ID"), ("LINE", "Line ID")),
}
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class Handle:
    written: Written
    frame: str
    slots: dict[str, str]


def write_messenger(rng: random.Random, structure: str | None = None) -> Handle:
    """A KakaoTalk, Telegram or LINE ID named by its messenger, or a chat link; asking
    for a link structure asks for a link."""
    kinds = ("kakao_id", "openchat", "tme", "telegram_handle", "line_id")
    kind = rng.choices(kinds, (4, 3, 2, 2, 1) if structure is None else (0, 3, 2, 0, 0))[0]
    if kind in ("openchat", "tme"):
        chosen = structure or rng.choice(LINK_STRUCTURES)
        if kind == "openchat":
            path = "open.kakao.com/o/" + rng.choice("gs") + "".join(rng.choices(_ALNUM, k=7))
        else:
            path = "t.me/" + handle(rng, 5).replace(".", "_")
        text = _link_text(rng, chosen, path)
        return Handle(
            Written(text, ("format:" + kind, "structure:" + chosen)), "messenger_link", {}
        )
    if kind == "telegram_handle":
        name = handle(rng, 5).replace(".", "_")
        at = rng.choice(("@", "@", "＠", "골뱅이 "))
        chosen = "plain" if at == "@" else "at_word" if at[0] == "골" else "at_symbol"
        written = Written(at + name, ("format:" + kind, "structure:" + chosen))
    else:
        written = Written(handle(rng), ("format:" + kind, "structure:plain"))
    korean, english = CUES[kind]
    return Handle(
        written, "messenger_cue", {"cue_ko": rng.choice(korean), "cue_en": rng.choice(english)}
    )


def _link_text(rng: random.Random, structure: str, path: str) -> str:
    host, rest = path.split("/", 1)
    if structure == "scheme":
        return rng.choice(("https://", "http://")) + path
    if structure == "dot_word":
        return _dots(rng, host, DOT_WORDS) + "/" + rest
    if structure == "dot_symbol":
        return _dots(rng, host, DOT_SYMBOLS) + "/" + rest
    if structure == "spaced":
        return host.replace(".", " . ") + " / " + rest.replace("/", " / ")
    if structure == "invisible":
        return _sprinkle(rng, path)
    return path


# -- IP addresses --------------------------------------------------------------------------


def write_ipv4(rng: random.Random, number: Number, digit_form: str, structure: str) -> Written:
    speller = make_speller(rng, digit_form)
    octets = [speller.spell(octet) for octet in number.groups]
    if structure == "dot_word":
        dot = _spaced(rng.choice(DOT_WORDS), rng)
    elif structure == "dot_symbol":
        dot = rng.choice(DOT_SYMBOLS)
    elif structure == "spaced":
        dot = " . "
    else:
        dot = "."
    if speller.needs_space and not dot.strip(" ").isalpha():
        dot = dot if dot.startswith(" ") else f" {dot} "
    tags = ("format:ipv4", "digits:" + digit_form, "structure:" + structure)
    return Written(dot.join(octets), tags)


def write_ipv6(rng: random.Random, structure: str) -> Written:
    while True:
        groups = [rng.randint(0x2000, 0x3FFF)] + [rng.randint(0, 0xFFFF) for _ in range(7)]
        compress = rng.random() < 0.6
        if compress:  # a run of zero groups, the shape that :: abbreviates
            start = rng.randint(1, 5)
            for i in range(start, start + rng.randint(2, 7 - start)):
                groups[i] = 0
        address = ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups))
        if address.is_global and address not in ipaddress.IPv6Network("2001:db8::/32"):
            break
    if compress:
        text, form = address.compressed, "ipv6_compressed"
    elif rng.random() < 0.5:
        text, form = address.exploded, "ipv6_full"
    else:
        text, form = ":".join(f"{g:x}" for g in groups), "ipv6_full"
    if structure == "hex_uppercase":
        text = text.upper()
    elif structure == "colon_symbol":
        text = text.replace(":", rng.choice(COLON_SYMBOLS))
    return Written(text, ("format:" + form, "structure:" + structure))


# -- street addresses ----------------------------------------------------------------------


def write_address(rng: random.Random, structure: str) -> Written:
    place = rng.choice(DISTRICTS)
    building = str(rng.randint(1, 350)) + (f"-{rng.randint(1, 30)}" if rng.random() < 0.3 else "")
    block, unit, floor = rng.randint(101, 115), rng.randint(1, 25) * 100 + rng.randint(1, 6), None
    if rng.random() < 0.3:
        block, floor = 0, rng.randint(2, 9)
    if structure == "romanised":
        text = _romanised(rng, place, building, block, unit, floor)
    elif structure == "hanja":
        text = _hanja(rng, place, building, block, unit, floor)
    else:
        text = _hangul(rng, place, structure, building, block, unit, floor)
    return Written(text, ("structure:" + structure,))


def _region(rng: random.Random, place: District) -> str:
    return rng.choice(
        (
            f"{place.province.hangul} {place.district.hangul} ",
            f"{place.short} {place.district.hangul} ",
            f"{place.district.hangul} ",
        )
    )


def _hangul(
    rng: random.Random,
    place: District,
    structure: str,
    building: str,
    block: int,
    unit: int,
    floor: int | None,
) -> str:
    if structure == "hangul_road":
        road = rng.choice(place.roads)[0]
        core = (
            f"{_region(rng, place)}{road} {building}"
            if rng.random() < 0.85
            else f"{road} {building}"
        )
    else:
        lot = building + rng.choice(("", "번지"))
        core = f"{_region(rng, place)}{rng.choice(place.neighbourhoods).hangul} {lot}"
    if floor is not None:
        return core + rng.choice((f" {floor}층", f", {floor}층 {floor}0{rng.randint(1, 4)}호"))
    apartment = (
        rng.choice(APARTMENTS) + rng.choice(("", "아파트")) + " " if rng.random() < 0.4 else ""
    )
    return core + rng.choice((", ", " ")) + f"{apartment}{block}동 {unit}호"


def _hanja(
    rng: random.Random, place: District, building: str, block: int, unit: int, floor: int | None
) -> str:
    core = (
        f"{place.province.hanja} {place.district.hanja} {rng.choice(place.neighbourhoods).hanja} "
    )
    core += building + "番地"
    if floor is not None:
        return core + f" {floor}層"
    return core + f" {block}棟 {unit}號"


def _romanised(
    rng: random.Random, place: District, building: str, block: int, unit: int, floor: int | None
) -> str:
    road = rng.choice(place.roads)[1]
    city = place.province.roman
    if floor is not None:
        unit_part = f"{floor}F, "
    else:
        unit_part = rng.choice(
            (f"{block}-dong {unit}-ho, ", f"Apt. {block}-{unit}, ", f"#{unit}, ")
        )
    return f"{unit_part}{building} {road}, {place.district.roman}, {city}"
