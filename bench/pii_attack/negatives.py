"""Principle 5: what identifies no one, drawn in the same forms as the positives.

Two kinds. Numbers a validator rejects or that belong to no person (a failed Luhn,
an impossible birth date, a company's representative number, a private address, an
IBAN that fails mod 97, an SSN never issued) are written with the positives' digit
forms and groupings: loose assembly must not turn them into findings. And the
numbers every comment is full of (versions, scores, dates, money, codes, ids,
statistics, counting in words) are written as people write them.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from bench.pii_attack import checks
from bench.pii_attack.places import PUBLIC_PLACES
from bench.pii_attack.records import Record, choose_language
from bench.pii_attack.structure import IPV4_STRUCTURES, write_ipv4
from bench.pii_attack.values import (
    CARD_GROUPS,
    Number,
    card_payload,
    group_digits,
    iban_parts,
    print_iban,
)
from bench.pii_attack.writing import digit_forms_for, number_groupings, write_number

# -- numbers that fail their validator or identify no one -----------------------------------


def _bad_luhn(rng: random.Random) -> Number:
    _, payload = card_payload(rng)
    wrong = (checks.luhn_check_digit(payload) + rng.randint(1, 9)) % 10
    number = payload + str(wrong)
    layout = group_digits(number, CARD_GROUPS[len(number)], rng.choice(("-", " ")))
    return Number("none", "bad_luhn", layout)


def _impossible_date(rng: random.Random) -> Number:
    year = rng.randint(0, 99)
    month, day = rng.choice(
        (
            (rng.choice((0, *range(13, 20))), rng.randint(1, 28)),
            (rng.randint(1, 12), rng.choice((0, *range(32, 40)))),
            (2, rng.choice((30, 31))),
            (rng.choice((4, 6, 9, 11)), 31),
        )
    )
    gender = rng.choice("1234")
    tail = "".join(rng.choice("0123456789") for _ in range(6))
    return Number("none", "impossible_date", f"{year:02d}{month:02d}{day:02d}-{gender}{tail}")


# 15xx/16xx/18xx representative numbers, 080 toll-free and 060 premium numbers: a
# company's line, not a person's (libphonenumber: UAN, TOLL_FREE, PREMIUM_RATE).
REPRESENTATIVE_PREFIXES = (
    "1522",
    "1533",
    "1544",
    "1566",
    "1577",
    "1588",
    "1599",
    "1600",
    "1644",
    "1661",
    "1666",
    "1668",
    "1670",
    "1688",
    "1800",
    "1833",
    "1855",
    "1899",
)


def _representative(rng: random.Random) -> Number:
    subscriber = f"{rng.randint(0, 9999):04d}"
    if rng.random() < 0.75:
        return Number("none", "rep_number", f"{rng.choice(REPRESENTATIVE_PREFIXES)}-{subscriber}")
    prefix = rng.choice(("080", "060"))
    return Number("none", "rep_number", f"{prefix}-{rng.randint(200, 999)}-{subscriber}")


HOTLINES = ("112", "119", "1330", "120", "110", "1366", "182", "1388", "129", "131", "1345")


def _hotline(rng: random.Random) -> Number:
    return Number("none", "public_hotline", rng.choice(HOTLINES))


# RFC 1918, 6598, 5737, 2544, 3927, loopback, multicast, masks: no person behind them.
def _private_ipv4(rng: random.Random) -> Number:
    r = rng.randint
    address = rng.choice(
        (
            f"192.168.{r(0, 3)}.{r(1, 254)}",
            f"10.{r(0, 255)}.{r(0, 255)}.{r(1, 254)}",
            f"172.{r(16, 31)}.{r(0, 255)}.{r(1, 254)}",
            f"127.0.0.{r(1, 9)}",
            f"169.254.{r(0, 255)}.{r(1, 254)}",
            f"100.{r(64, 127)}.{r(0, 255)}.{r(1, 254)}",
            f"192.0.2.{r(1, 254)}",
            f"198.51.100.{r(1, 254)}",
            f"203.0.113.{r(1, 254)}",
            f"198.{r(18, 19)}.{r(0, 255)}.{r(1, 254)}",
            f"{r(224, 239)}.{r(0, 255)}.{r(0, 255)}.{r(1, 254)}",
            rng.choice(("255.255.255.0", "255.255.0.0", "0.0.0.0", "255.255.255.255")),
        )
    )
    return Number("none", "private_ip", address)


def _bad_iban(rng: random.Random) -> Number:
    country, bban = iban_parts(rng)
    good = int(checks.iban_check_digits(country, bban))
    wrong = (good + rng.randint(1, 96) - 2) % 97 + 2  # any other of 02..98
    compact = f"{country}{wrong:02d}{bban}"
    if rng.random() < 0.3:
        compact = compact.lower()
    return Number("none", "bad_iban", print_iban(compact))


def _invalid_ssn(rng: random.Random) -> Number:
    area, group, serial = rng.randint(1, 899), rng.randint(1, 99), rng.randint(1, 9999)
    broken = rng.choice(("area000", "area666", "group00", "serial0000", "sample"))
    if broken == "sample":
        return Number(
            "none", "invalid_ssn", rng.choice(("078-05-1120", "219-09-9999", "457-55-5462"))
        )
    area = {"area000": 0, "area666": 666}.get(broken, area)
    group = 0 if broken == "group00" else group
    serial = 0 if broken == "serial0000" else serial
    return Number("none", "invalid_ssn", f"{area:03d}-{group:02d}-{serial:04d}")


NUMBER_NEGATIVES: dict[str, Callable[[random.Random], Number]] = {
    "bad_luhn": _bad_luhn,
    "impossible_date": _impossible_date,
    "rep_number": _representative,
    "public_hotline": _hotline,
    "private_ip": _private_ipv4,
    "bad_iban": _bad_iban,
    "invalid_ssn": _invalid_ssn,
}
NEGATIVE_FRAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "bad_luhn": {
        "ko": (
            "주문번호 {v} 배송 언제 와요?",
            "쿠폰번호 {v} 입력했는데 안 돼요",
            "상품권 번호 {v} 이미 사용됐다고 나와요",
            "운송장 {v} 조회가 안 되네요",
        ),
        "en": ("order #{v} still not shipped", "gift card code {v} doesn't work", "ticket ref {v}"),
    },
    "impossible_date": {
        "ko": (
            "접수번호 {v} 처리 상태 궁금합니다",
            "민원 접수 {v} 로 조회돼요",
            "문서번호 {v} 참고하세요",
        ),
        "en": ("case ref {v}", "application number {v} is still pending"),
    },
    "rep_number": {
        "ko": (
            "고객센터 {v} 연결이 안 돼요",
            "대표번호 {v}로 문의하세요",
            "{v} 콜센터 상담원 너무 불친절",
            "ARS {v} 누르고 한참 기다렸어요",
            "택배사 고객센터 {v} 입니다",
        ),
        "en": ("customer service {v} never picks up", "call the company hotline {v}"),
    },
    "public_hotline": {
        "ko": (
            "급하면 {v}에 신고하세요",
            "{v} 불렀어요 다들 괜찮대요",
            "관광 안내는 {v}",
            "민원은 {v}번으로",
        ),
        "en": ("call {v} in an emergency", "I dialled {v} right away"),
    },
    "private_ip": {
        "ko": (
            "공유기 관리자 페이지 {v} 들어가서 설정하세요",
            "내부망 주소 {v} 는 밖에서 안 보여요",
            "게이트웨이가 {v} 로 잡혀 있네요",
            "설정 예시에 {v} 라고 나와 있어요",
        ),
        "en": (
            "the router admin page is at {v}",
            "default gateway {v}",
            "the docs use {v} as an example",
        ),
    },
    "bad_iban": {
        "ko": ("예시 IBAN {v} 는 검증이 안 되네요", "기사에 나온 {v} 는 형식만 맞춘 가짜예요"),
        "en": (
            "Is {v} even a valid IBAN? The check digits look wrong",
            "the template shows {v} as a placeholder",
            "that sample, {v}, fails validation",
        ),
    },
    "invalid_ssn": {
        "ko": ("예시 SSN {v} 은 실제 번호가 아니에요",),
        "en": (
            "the form's example SSN {v} is not a real number",
            "placeholder SSN: {v}",
            "numbers like {v} are never issued",
        ),
    },
}
# The forms a near-miss is written in: the positives' own, minus the labelled ones
# (a label says "this is someone's number").
_NEAR_MISS_GROUPINGS = frozenset(
    {"canonical", "compact", "script_separator", "filler_words", "emoji", "line_break", "invisible"}
)


def _near_miss(rng: random.Random, family: str, digits: str | None) -> Record:
    number = NUMBER_NEGATIVES[family](rng)
    forms = digit_forms_for(number)
    form = digits if digits in forms else rng.choice(forms)
    lang = choose_language(rng, "none", form)
    if family == "private_ip":
        written = write_ipv4(rng, number, form, rng.choice(IPV4_STRUCTURES))
    else:
        groupings = [g for g in number_groupings(number) if g in _NEAR_MISS_GROUPINGS]
        if len(number.groups) == 1:  # a hotline is said whole
            groupings = ["canonical"]
        written = write_number(rng, number, lang, form, rng.choice(groupings))
    text = rng.choice(NEGATIVE_FRAMES[family][lang]).replace("{v}", written.text)
    how = [tag for tag in written.tags if not tag.startswith("format:")]
    return Record(lang, text, (), ("neg:" + family, "lang:" + lang, *how))


# -- the numbers every comment is full of -----------------------------------------------------


def _version(rng: random.Random) -> tuple[str, str]:
    r = rng.randint
    return rng.choice(
        (
            ("ko", f"앱 버전 {r(1, 9)}.{r(0, 20)}.{r(0, 9)} 업데이트 후 튕겨요"),
            ("ko", f"윈도우 빌드 10.0.{r(19041, 26100)}.{r(100, 5000)} 에서 재현됩니다"),
            ("ko", f"펌웨어 {r(1, 9)}.{r(0, 9)}.{r(0, 9)}.{r(0, 99)} 로 올리니 해결"),
            (
                "en",
                f"CUDA {r(11, 12)}.{r(0, 8)}.{r(0, 3)} with driver {r(450, 560)}.{r(10, 99)} works",
            ),
            ("en", f"iOS {r(15, 18)}.{r(0, 6)}.{r(0, 3)} broke it again"),
            ("en", f"bumped the package to v{r(1, 4)}.{r(0, 30)}.{r(0, 12)}.{r(0, 200)}"),
        )
    )


def _score(rng: random.Random) -> tuple[str, str]:
    r = rng.randint
    return rng.choice(
        (
            ("ko", f"어제 경기 {r(0, 5)}-{r(0, 5)} 역전승 실화냐"),
            ("ko", f"세트스코어 {r(0, 3)}:{r(0, 3)}, 마지막 세트 {r(20, 30)}-{r(18, 28)}"),
            ("ko", f"농구 {r(80, 120)}-{r(80, 120)} 접전이었네요"),
            ("en", f"final score {r(90, 130)}-{r(90, 130)} in overtime"),
            ("en", f"won 7-6({r(3, 9)}) 6-{r(0, 4)}"),
        )
    )


def _date_time(rng: random.Random) -> tuple[str, str]:
    day = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 2500))
    return rng.choice(
        (
            ("ko", f"{day:%Y.%m.%d} 기사인데 아직도 그대로네"),
            ("ko", f"{day:%Y-%m-%d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} 기준 집계"),
            ("ko", f"발표는 {day:%y.%m.%d}, 시행은 {day:%Y%m%d}부터"),
            ("ko", f"{day.year}년 {day.month}월 {day.day}일 오후 {rng.randint(1, 11)}시에 봐요"),
            ("ko", "이천이십오년 십일월 사일 오후 세시 기자회견"),
            ("en", f"posted {day:%m/%d/%Y} at {rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm"),
            ("en", f"from {day:%d.%m.%Y} until further notice, 10:30-12:00 daily"),
        )
    )


def _money(rng: random.Random) -> tuple[str, str]:
    r = rng.randint
    return rng.choice(
        (
            ("ko", f"분양가가 {r(1, 30)}억 {r(1, 9)},{r(100, 999)}만원이라니"),
            ("ko", f"총 {r(1000, 9999):,}원 결제, 포인트 {r(100, 999):,}원 적립"),
            ("ko", f"{r(100, 900)}억 달러 투자 발표"),
            ("ko", "월급 삼백만 원으로 천이백만 원 모으기"),
            ("ko", f"시총 {r(100, 999)}조 {r(1000, 9999)}억"),
            ("en", f"${r(1, 9)},{r(100, 999)}.{r(10, 99)} for a GPU is insane"),
            ("en", f"a €{r(1, 9)}.{r(1, 9)} billion deal, {r(10, 99)}% premium"),
        )
    )


def _order_code(rng: random.Random) -> tuple[str, str]:
    r = rng.randint
    return rng.choice(
        (
            ("ko", f"주문번호 2025{r(1000, 1231)}{r(10000, 99999)} 배송 언제 오나요"),
            ("ko", f"운송장 번호 {r(6000, 6999)}-{r(1000, 9999)}-{r(1000, 9999)} 조회 안 됨"),
            ("ko", f"송장 {r(100000, 999999)}{r(100000, 999999)} 으로 반품했어요"),
            ("ko", f"인증번호 {r(100000, 999999)} 가 안 와요"),
            (
                "en",
                f"order #{r(100, 999)}-{r(1000000, 9999999)}-{r(1000000, 9999999)} arrived broken",
            ),
            ("en", f"booking ref {rng.choice('ABCDEFGH')}{r(10000, 99999)}{rng.choice('XYZ')}"),
        )
    )


def _url_id(rng: random.Random) -> tuple[str, str]:
    r = rng.randint
    return rng.choice(
        (
            (
                "ko",
                f"원문 https://news.example.co.kr/article/{r(2020, 2025)}{r(10000000, 99999999)}",
            ),
            ("ko", f"관련 기사 n.news.example.com/article/{r(1, 999):03d}/{r(10**9, 10**10 - 1)}"),
            (
                "en",
                f"source: https://www.example.com/view?idxno={r(100000, 9999999)}&page={r(1, 9)}",
            ),
            ("en", f"see example.org/board/{r(10**10, 10**11 - 1)} for the thread"),
        )
    )


def _codes(rng: random.Random) -> tuple[str, str]:
    r = rng.randint
    return rng.choice(
        (
            ("ko", "삼성전자(005930) 오늘 또 빠졌네"),
            ("ko", f"우편번호 {r(10000, 63999)} 맞나요"),
            ("ko", f"ISBN 978-89-{r(10, 99)}-{r(10000, 99999)}-{r(0, 9)} 책 추천"),
            ("ko", f"특허 10-2020-{r(1000000, 9999999)} 관련 소송"),
            ("ko", f"사건번호 2023고단{r(1000, 9999)} 판결 나왔네요"),
            ("ko", "RTX 4090 두 장에 H100 80GB 한 장"),
            ("ko", f"{r(1000, 9999)}번 버스 타고 갔어요"),
            (
                "ko",
                f"로또 {', '.join(str(n) for n in sorted(rng.sample(range(1, 46), 6)))} 다 틀림",
            ),
            ("en", f"flight KE{r(10, 99):03d} seat {r(10, 60)}A"),
            ("en", "running on an A100 80GB with 2 x 1.92TB NVMe"),
        )
    )


def _number_sequence(rng: random.Random) -> tuple[str, str]:
    """Statistics close together: their digits joined would look like a phone or a card."""
    r = rng.randint
    return rng.choice(
        (
            ("ko", f"2010년 {r(1000, 9999)}명에서 2024년 {r(1000, 9999)}명으로 늘었다"),
            ("ko", f"1분기 {r(1000, 9999)}억, 2분기 {r(1000, 9999)}억, 3분기 {r(1000, 9999)}억"),
            ("ko", f"좌석 {r(10, 30)}열 {r(1, 40)}번부터 {r(41, 80)}번까지 예매했어요"),
            (
                "ko",
                f"서울 {r(10, 99)}.{r(1, 9)}%, 부산 {r(10, 99)}.{r(1, 9)}%, 대구 {r(1, 9)}%",
            ),
            (
                "en",
                f"{r(1000, 9999)} votes in 2016, {r(1000, 9999)} in 2020, {r(1000, 9999)} in 2024",
            ),
            ("en", f"rooms {r(100, 999)}, {r(100, 999)} and {r(1000, 1999)} were flooded"),
        )
    )


DIGIT_WORD_PROSE = (
    ("ko", "구구단 외우던 때 생각나네요 이일은 이, 이이는 사, 이삼은 육"),
    ("ko", "하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열 구령에 맞춰 체조"),
    ("ko", "이 사람 일 잘하네요, 이번 일은 구 팀장이 맡았대요"),
    ("ko", "오일장 구경 갔다가 사이사이 공연도 봤어요"),
    ("ko", "공공기관 이사 오면 일자리 늘어난다더니 영 아니네"),
    ("ko", "일이삼사오 세면서 숨 쉬는 명상법 추천합니다"),
    ("ko", "삼삼오오 모여서 칠팔월 휴가 계획 짜는 중"),
    ("ko", "빵 사러 갔다가 공원 한 바퀴, 오늘 일정 끝"),
    ("ko", "영화 팔월의 크리스마스 다시 봤는데 구구절절 좋네요"),
    ("en", "one two three four, I declare a thumb war"),
    ("en", "top ten countdown: ten nine eight seven six five four three two one"),
    ("en", "oh oh oh, it's magic, you know"),
    ("en", "twenty twenty-five was a rough year for one in five startups"),
)


def _digit_word_prose(rng: random.Random) -> tuple[str, str]:
    return rng.choice(DIGIT_WORD_PROSE)


def _public_address(rng: random.Random) -> tuple[str, str]:
    place, address = rng.choice(PUBLIC_PLACES)
    return rng.choice(
        (
            ("ko", f"{place}({address}) 앞에서 집회 열린대요"),
            ("ko", f"행사는 {address} {place}에서 합니다"),
            ("ko", "테헤란로 일대 집값이 또 올랐네요"),
            ("en", f"the rally is outside {place}, {address}"),
        )
    )


CONTACT_WORDS = (
    ("ko", "궁금한 거 있으면 카톡 주세요"),
    ("ko", "메일로 연락 부탁드려요"),
    ("ko", "텔레그램 방 폭파됐대요"),
    ("ko", "오픈채팅 링크는 기사에 없네요"),
    ("ko", "계좌번호 노출 주의하세요 요즘 사기 많아요"),
    ("ko", "주민번호 뒷자리 달라는 문자 오면 무시하세요"),
    ("en", "DM me if you want the details"),
    ("en", "never post your SSN or IBAN in a comment"),
)
EMAIL_LIKE = (
    ("en", "npm i react@18.2.0 fixed it"),
    ("en", "the icon is logo@2x.png in the repo"),
    ("ko", "@민수 님 말이 맞아요"),
    ("en", "ping user@localhost on the test box"),
    ("ko", "버전@latest 로 설치하면 됩니다"),
)

PROSE_NEGATIVES: dict[str, Callable[[random.Random], tuple[str, str]]] = {
    "version": _version,
    "score": _score,
    "date_time": _date_time,
    "money": _money,
    "order_code": _order_code,
    "url_id": _url_id,
    "codes": _codes,
    "number_sequence": _number_sequence,
    "digit_word_prose": _digit_word_prose,
    "public_address": _public_address,
    "contact_words": lambda rng: rng.choice(CONTACT_WORDS),
    "email_like": lambda rng: rng.choice(EMAIL_LIKE),
}
NEGATIVE_FAMILIES = (*NUMBER_NEGATIVES, *PROSE_NEGATIVES)


def draw_negative(rng: random.Random, family: str, digits: str | None = None) -> Record:
    """A comment with no personal information; near-miss numbers take `digits` as their
    form when it fits them."""
    if family in NUMBER_NEGATIVES:
        return _near_miss(rng, family, digits)
    lang, text = PROSE_NEGATIVES[family](rng)
    return Record(lang, text, (), ("neg:" + family, "lang:" + lang))
