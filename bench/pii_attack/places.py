"""Korean places for addresses: province, district, roads and neighbourhoods, each in
Hangul, Hanja and the official romanisation. Real names; the building and unit
numbers put after them are drawn at random."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Name:
    hangul: str
    hanja: str
    roman: str


@dataclass(frozen=True)
class District:
    province: Name
    short: str  # how people shorten the province: 서울, 경기
    district: Name  # 시·군·구, possibly "성남시 분당구"
    roads: tuple[tuple[str, str], ...]  # (Hangul, romanised)
    neighbourhoods: tuple[Name, ...]  # 동 or 읍·면 + 리


SEOUL = Name("서울특별시", "서울特別市", "Seoul")
BUSAN = Name("부산광역시", "釜山廣域市", "Busan")
DAEGU = Name("대구광역시", "大邱廣域市", "Daegu")
INCHEON = Name("인천광역시", "仁川廣域市", "Incheon")
GWANGJU = Name("광주광역시", "光州廣域市", "Gwangju")
DAEJEON = Name("대전광역시", "大田廣域市", "Daejeon")
GYEONGGI = Name("경기도", "京畿道", "Gyeonggi-do")
JEJU = Name("제주특별자치도", "濟州特別自治道", "Jeju-do")

DISTRICTS = (
    District(
        SEOUL,
        "서울",
        Name("강남구", "江南區", "Gangnam-gu"),
        (
            ("테헤란로", "Teheran-ro"),
            ("도산대로", "Dosan-daero"),
            ("선릉로", "Seolleung-ro"),
            ("언주로", "Eonju-ro"),
            ("봉은사로", "Bongeunsa-ro"),
        ),
        (
            Name("역삼동", "驛三洞", "Yeoksam-dong"),
            Name("삼성동", "三成洞", "Samseong-dong"),
            Name("대치동", "大峙洞", "Daechi-dong"),
            Name("논현동", "論峴洞", "Nonhyeon-dong"),
        ),
    ),
    District(
        SEOUL,
        "서울",
        Name("마포구", "麻浦區", "Mapo-gu"),
        (("월드컵로", "World Cup-ro"), ("양화로", "Yanghwa-ro"), ("독막로", "Dongmak-ro")),
        (
            Name("합정동", "合井洞", "Hapjeong-dong"),
            Name("서교동", "西橋洞", "Seogyo-dong"),
            Name("망원동", "望遠洞", "Mangwon-dong"),
        ),
    ),
    District(
        SEOUL,
        "서울",
        Name("송파구", "松坡區", "Songpa-gu"),
        (
            ("올림픽로", "Olympic-ro"),
            ("송파대로", "Songpa-daero"),
            ("백제고분로", "Baekjegobun-ro"),
        ),
        (Name("잠실동", "蠶室洞", "Jamsil-dong"), Name("가락동", "可樂洞", "Garak-dong")),
    ),
    District(
        SEOUL,
        "서울",
        Name("노원구", "蘆原區", "Nowon-gu"),
        (("동일로", "Dongil-ro"), ("노해로", "Nohae-ro")),
        (Name("상계동", "上溪洞", "Sanggye-dong"), Name("중계동", "中溪洞", "Junggye-dong")),
    ),
    District(
        BUSAN,
        "부산",
        Name("해운대구", "海雲臺區", "Haeundae-gu"),
        (
            ("해운대로", "Haeundae-ro"),
            ("센텀중앙로", "Centumjungang-ro"),
            ("좌동순환로", "Jwadongsunhwan-ro"),
        ),
        (
            Name("우동", "佑洞", "U-dong"),
            Name("중동", "中洞", "Jung-dong"),
            Name("좌동", "佐洞", "Jwa-dong"),
        ),
    ),
    District(
        DAEGU,
        "대구",
        Name("수성구", "壽城區", "Suseong-gu"),
        (("달구벌대로", "Dalgubeol-daero"), ("동대구로", "Dongdaegu-ro")),
        (Name("범어동", "泛魚洞", "Beomeo-dong"), Name("만촌동", "晩村洞", "Manchon-dong")),
    ),
    District(
        INCHEON,
        "인천",
        Name("연수구", "延壽區", "Yeonsu-gu"),
        (("컨벤시아대로", "Convensia-daero"), ("송도과학로", "Songdogwahak-ro")),
        (Name("송도동", "松島洞", "Songdo-dong"), Name("연수동", "延壽洞", "Yeonsu-dong")),
    ),
    District(
        GWANGJU,
        "광주",
        Name("서구", "西區", "Seo-gu"),
        (("상무대로", "Sangmu-daero"), ("시청로", "Sicheong-ro")),
        (Name("치평동", "治平洞", "Chipyeong-dong"), Name("화정동", "花亭洞", "Hwajeong-dong")),
    ),
    District(
        DAEJEON,
        "대전",
        Name("유성구", "儒城區", "Yuseong-gu"),
        (("대학로", "Daehak-ro"), ("유성대로", "Yuseong-daero")),
        (Name("궁동", "弓洞", "Gung-dong"), Name("봉명동", "鳳鳴洞", "Bongmyeong-dong")),
    ),
    District(
        GYEONGGI,
        "경기",
        Name("성남시 분당구", "城南市 盆唐區", "Bundang-gu, Seongnam-si"),
        (("판교역로", "Pangyoyeok-ro"), ("황새울로", "Hwangsaeul-ro"), ("불정로", "Buljeong-ro")),
        (Name("정자동", "亭子洞", "Jeongja-dong"), Name("서현동", "書峴洞", "Seohyeon-dong")),
    ),
    District(
        GYEONGGI,
        "경기",
        Name("고양시 일산동구", "高陽市 一山東區", "Ilsandong-gu, Goyang-si"),
        (("중앙로", "Jungang-ro"), ("일산로", "Ilsan-ro")),
        (Name("장항동", "長項洞", "Janghang-dong"), Name("마두동", "馬頭洞", "Madu-dong")),
    ),
    District(
        GYEONGGI,
        "경기",
        Name("양평군", "楊平郡", "Yangpyeong-gun"),
        (("양평대교길", "Yangpyeongdaegyo-gil"), ("경강로", "Gyeonggang-ro")),
        (
            Name("양서면 목왕리", "楊西面 木旺里", "Mogwang-ri, Yangseo-myeon"),
            Name("옥천면 아신리", "玉泉面 阿新里", "Asin-ri, Okcheon-myeon"),
        ),
    ),
    District(
        JEJU,
        "제주",
        Name("제주시", "濟州市", "Jeju-si"),
        (("연북로", "Yeonbuk-ro"), ("노연로", "Noyeon-ro")),
        (Name("연동", "蓮洞", "Yeon-dong"), Name("노형동", "老衡洞", "Nohyeong-dong")),
    ),
)

APARTMENTS = (
    "래미안",
    "자이",
    "힐스테이트",
    "푸르지오",
    "아이파크",
    "롯데캐슬",
    "e편한세상",
    "더샵",
)
PUBLIC_PLACES = (
    ("서울시청", "세종대로 110"),
    ("국회의사당", "의사당대로 1"),
    ("코엑스", "영동대로 513"),
    ("서울역", "한강대로 405"),
    ("부산시청", "중앙대로 1001"),
    ("정부세종청사", "도움6로 11"),
)
