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
        # Spaces and hyphens both: the one that leaves no one-digit group divides.
        ("oh-one-oh four-eight-two-one seven-seven-three-oh", "010 4821 7730"),
        ("oh two four-eight four-eight six oh two", "024-84-8602"),
        ("eight thirty-three-fifty-six-sixty-six hundred", "833-56-6600"),
        ("nine-o-eight five five five one two one two", "9085551212"),
        ("lee@gmail", "lee@gmail.com"),
        ("010-48two1-7730", "010-4821-7730"),
        ("minsu 골뱅이 naver 닷컴", "minsu@naver.com"),
        ("minsu (at) kakao (dot) com", "minsu@kakao.com"),
        ("minsu[at]yonsei[dot]ac[dot]kr", "minsu@yonsei.ac.kr"),
        ("lee92 at gmail dot com", "lee92@gmail.com"),
        ("kim 골뱅이 네이버", "kim@naver.com"),
        ("lee 골뱅이 네이트 닷컴", "lee@nate.com"),
        ("open쩜kakao쩜com/o/abc", "open.kakao.com/o/abc"),
        ("open . kakao . com / o / abc", "open.kakao.com/o/abc"),
        ("텔레그램 @ stock886", "텔레그램 @stock886"),
        # separators that are also punctuation, in long numbers written with one of them
        ("5447:1457:9380:6467", "5447-1457-9380-6467"),
        ("870418*1096658", "870418-1096658"),
        ("010~3793~7541", "010-3793-7541"),
        ("010ㆍ3793ㆍ7541", "010.3793.7541"),
        ("840905  -  5870725", "840905-5870725"),
        ("1013 . 95 . 6212410", "1013.95.6212410"),
        ("공일공~삼칠구삼~칠오사일", "010-3793-7541"),
        # spaced-out digits in groups, or before a counter
        ("2 2   2 1   5 6 0 4 7 4   0 4", "22 21 560474 04"),
        ("1 8 / 8 9 / 3 1 2 8 1 5 / 3 3이고", "18-89-312815-33이고"),
        ("120동 5 0 2호", "120동 502호"),
        ("s u a . k w o n 6", "sua.kwon6"),
        # look-alike letters, but not letters of a word
        ("34o3 363798 Ol845", "3403 363798 01845"),
        ("l8 91 731699 23", "18 91 731699 23"),
        ("1oo-191-955899", "100-191-955899"),
        # written-out @ and dots in more shapes
        ("maple_sua7(골뱅이)daum.net", "maple_sua7@daum.net"),
        ("maple_sua7[골뱅이]daum.net", "maple_sua7@daum.net"),
        ("tiger2025[@]proton[.]me", "tiger2025@proton.me"),
        ("bora 엣 hanbit-soft.co.kr", "bora@hanbit-soft.co.kr"),
        ("jiwoo.han @ daum . net", "jiwoo.han@daum.net"),
        ("minho-ahn@\nkakao.com", "minho-ahn@kakao.com"),
        ("minsu at yonsei dot ac dot kr", "minsu@yonsei.ac.kr"),
        ("contact jsmith at acme dot com", "contact jsmith@acme.com"),
        ("seven seven three dash one three dash seven zero six one", "773-13-7061"),
        ("2001 : e60 :  : 4a68", "2001:e60::4a68"),
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
        "2025.11.03 14:30:00 발표",
        "점심 12:30~13:40, 14:30:15 재개",
        "2025~2026 시즌",
        "3*4=12, 1~3위",
        "2406:5900:1234:5678::1",
        "NO40 2940 7479 911",
        "email me at kim92@gmail.com",
        "1 2 3위 발표",
        "I was at Google for 5 years, then at naver.com",
        "전용 84㎡ 실거래 🙂 ‘대박’…",
        "Kospi at 4,100 one day",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert normalize(text).text == text


def test_look_alikes_in_a_code_stay_letters() -> None:
    """Among other letters an o is a letter (qa69 qfih q962 o429), unless it stands
    between two digits; the code's validator reads an O beside a digit both ways."""
    code = "qa69 qfih q962 o429 3221 71f7 6752 8"
    assert normalize(code).text == code
    assert normalize("CHo4 44o6 8265 7637 o889 6").text == "CHo4 4406 8265 7637 o889 6"


def test_a_list_separator_between_two_numbers_stays() -> None:
    """One number keeps one kind of separator; another kind between two ends it."""
    assert normalize("352-4670-5474-32 / 010-3854-9214").text == "352-4670-5474-32/010-3854-9214"
    assert normalize("100091308080 / 01027357306").text == "100091308080/01027357306"
    assert normalize("010 / 3854 / 9214").text == "010-3854-9214"


def test_prose_at_is_not_an_email() -> None:
    for text in ("everyone was at pets dot com", "then at naver dot com"):
        assert "@" not in normalize(text).text


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
