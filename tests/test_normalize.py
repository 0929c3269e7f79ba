"""The shadow text: what each disguise becomes, and that offsets lead back to it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.pii.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("０１０－１２３４－５６７８", "010-1234-5678"),
        ("010\u200b1234\u200b5678", "01012345678"),
        ("010ㅡ1234ㅡ5678", "010-1234-5678"),
        ("010 - 1234 - 5678", "010-1234-5678"),
        ("010/1234/5678", "010-1234-5678"),
        ("010)1234-5678", "010-1234-5678"),
        ("010\n1234 5678", "010 1234 5678"),
        ("112 . 54 . 63 . 157", "112.54.63.157"),
        ("119[.]10[.]153[.]107", "119.10.153.107"),
        ("1(.)148(.)20(.)49", "1.148.20.49"),
        ("공일공 일이삼사 오육칠팔", "010 1234 5678"),
        ("영일영-이삼사오-육칠팔구", "010-2345-6789"),
        ("01영 3칠23 9360", "010 3723 9360"),
        ("M3육일D팔0육사", "M361D8064"),
        ("4o45-O32o-4851-9161", "4045-0320-4851-9161"),
        ("0l0-1234-5678", "010-1234-5678"),
        ("k i m s e o u l _ 0 2 5 1", "kimseoul_0251"),
        ("107동 1 8 0 6호", "107동 1806호"),
        ("zero one zero five four one one six five six two", "01054116562"),
        ("five nine six, 59, two one five four", "596-59-2154"),
        ("minsu 골뱅이 naver 닷컴", "minsu@naver.com"),
        ("minsu (at) kakao (dot) com", "minsu@kakao.com"),
        ("minsu[at]yonsei[dot]ac[dot]kr", "minsu@yonsei.ac.kr"),
        ("lee92 at gmail dot com", "lee92@gmail.com"),
        ("kim 골뱅이 네이버", "kim@naver.com"),
        ("lee 골뱅이 네이트 닷컴", "lee@nate.com"),
        ("open쩜kakao쩜com/o/abc", "open.kakao.com/o/abc"),
        ("open . kakao . com / o / abc", "open.kakao.com/o/abc"),
        ("텔레그램 @ stock886", "텔레그램 @stock886"),
    ],
)
def test_disguises_are_undone(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "서울 은평구 응암동에 이사했어요",
        "사무실 이사 일정은 오늘 오후",
        "주민번호900101-1234568이에요",
        "I work at samsung.com these days",
        "meet me at 5 tomorrow",
        "클라우드 3사 매출 380억 달러",
        "GPT-4o 쓰다가 GPT-5 로 바꿨는데",
        "Kospi at 4,100 one day, 3,950 the next.",
        "2025.11.04 14:30 발표",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert normalize(text).text == text


def test_particle_after_a_number_is_not_a_digit() -> None:
    assert normalize("번호가 010-1234-5678이에요").text == "번호가 010-1234-5678이에요"


def test_offsets_lead_back_to_the_written_form() -> None:
    text = "연락은 공일공\u200b삼구사삼\u200b오공구일 로"
    shadow = normalize(text)
    start = shadow.text.index("0")
    end = start + len("01039435091")
    assert shadow.text[start:end] == "01039435091"
    original = shadow.origin(start, end)
    assert text[slice(*original)] == "공일공\u200b삼구사삼\u200b오공구일"


def test_full_width_digits_keep_their_own_offsets() -> None:
    shadow = normalize("카드 ４５５０")
    assert shadow.origin(3, 5) == (3, 5)


@given(st.text())
def test_any_text_maps_inside_itself(text: str) -> None:
    shadow = normalize(text)
    for index in range(len(shadow.text)):
        start, end = shadow.origin(index, index + 1)
        assert 0 <= start < end <= len(text)
    if shadow.text:
        assert (
            shadow.origin(0, len(shadow.text))[0]
            <= shadow.origin(len(shadow.text) - 1, len(shadow.text))[0]
        )
