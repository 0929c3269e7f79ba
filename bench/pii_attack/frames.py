"""Sentences that carry a value: `{v}` is the value, other slots are filled from it
(`{bank_ko}`, `{country_en}`, `{cue_ko}` …). Written for this generator, in the voice
of comments under Korean news articles. A frame never glues a digit word to the
value: what follows `{v}` directly is punctuation, a particle that is no number word
(로, 는, 예요), or a space."""

from __future__ import annotations

FRAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "kr_rrn": {
        "ko": (
            "제 주민번호는 {v} 입니다. 본인인증이 계속 실패하네요",
            "주민등록번호 {v} 이걸로 가입했는데 중복이라고 뜹니다",
            "가입할 때 주민번호 {v}로 했는데 왜 안 되죠?",
            "우리 애 주민번호 {v} 출생신고 하고 받았어요",
            "{v} 이 사람 주민번호 돌아다니던데 신고 좀 해주세요",
            "본인 확인용으로 남깁니다: {v}",
            "혹시 몰라 적어둬요 주민 {v}",
            "주민번호 알려드림 {v} ㅋㅋ",
            "엄마 주민등록번호가 {v} 인데 이걸로 조회가 되나요",
        ),
        "en": (
            "My resident registration number is {v}, can you check it?",
            "RRN: {v}",
            "Here is my Korean ID number {v} for the verification",
            "her jumin number {v} got leaked in that chat",
            "I signed up with {v} and it says the number is already used",
        ),
    },
    "kr_frn": {
        "ko": (
            "외국인등록번호 {v} 입니다",
            "제 외국인번호는 {v}예요",
            "등록증 번호 {v} 로 조회해 주세요",
            "외국인 등록번호: {v}",
            "남편 외국인등록번호 {v} 갱신은 언제 하나요",
        ),
        "en": (
            "my alien registration number is {v}",
            "ARC number {v}",
            "Foreigner registration no. {v} — is it still valid?",
            "residence card number: {v}",
        ),
    },
    "kr_passport": {
        "ko": (
            "여권번호 {v} 입니다",
            "여권 번호는 {v}, 만료일은 내년이에요",
            "제 여권 {v} 로 예약했어요",
            "여권번호: {v} 확인 부탁드려요",
            "아이 여권번호 {v} 맞나요?",
        ),
        "en": (
            "passport no. {v}",
            "My passport number is {v}",
            "Korean passport {v}, expires in 2031",
            "booked with passport {v}",
        ),
    },
    "kr_driver_license": {
        "ko": (
            "운전면허번호 {v} 입니다",
            "면허증 번호 {v} 로 렌트 예약했어요",
            "면허번호: {v}",
            "제 운전면허 {v} 갱신해야 하나요",
            "운전면허증 {v} 분실했어요",
        ),
        "en": (
            "driver's license number {v}",
            "Korean driving licence {v}",
            "my license no. is {v}",
        ),
    },
    "phone": {
        "ko": (
            "연락처 {v}",
            "{v}로 연락 주세요",
            "문자 주세요 {v}",
            "제 번호 {v} 입니다",
            "폰번 {v}",
            "급하시면 {v}로 전화 주세요",
            "관심 있으신 분 {v} 문자 주세요",
            "이 사람 번호 {v} 여기저기 뿌려주세요",
            "전화번호 남겨요 {v}",
            "집전화 {v} 로 해주세요",
            "핸드폰 {v} 입니다 연락주세요",
        ),
        "en": (
            "call me at {v}",
            "my number is {v}",
            "text me on {v}",
            "reach me at {v} after work",
            "phone: {v}",
        ),
    },
    "phone_foreign": {
        "ko": (
            "{country_ko} 번호예요 {v}",
            "{country_ko}에 있는 제 번호 {v} 로 연락 주세요",
            "{country_ko} 휴대폰 {v}",
            "지금 {country_ko}라서 {v} 로 전화 주세요",
        ),
        "en": (
            "my {country_en} number is {v}",
            "{country_en} phone: {v}",
            "call my {country_en} number {v}",
        ),
    },
    "email": {
        "ko": (
            "메일 주세요 {v}",
            "이메일: {v}",
            "{v} 로 자료 보내주세요",
            "문의는 {v}",
            "제 메일 {v} 입니다",
            "이력서는 {v}로 보내주세요",
            "이 사람 이메일 {v} 스팸 보내세요",
        ),
        "en": (
            "email me at {v}",
            "contact: {v}",
            "send it to {v} please",
            "my email is {v}",
        ),
    },
    "credit_card": {
        "ko": (
            "카드번호 {v} 유효기간 12/28",
            "이 카드 {v} 도용당했어요",
            "결제 카드 {v} 로 해주세요",
            "{v} 이 카드 정지됐나요?",
            "체크카드 {v} 분실 신고 어떻게 해요",
            "카드 {v} 로 결제했는데 환불 언제 되나요",
        ),
        "en": (
            "card number {v} exp 09/27",
            "my visa {v} was charged twice",
            "charge it to {v}",
            "card: {v}",
        ),
    },
    "bank_account": {
        "ko": (
            "{bank_ko} {v} 으로 입금해주세요",
            "입금계좌 {bank_ko} {v}",
            "후원 계좌: {bank_ko} {v}",
            "계좌번호 {v} ({bank_ko})",
            "{bank_ko} 계좌 {v}로 보내주세요",
            "{bank_ko} {v} 예금주 김민수",
            "환불은 {bank_ko} {v} 로 부탁드립니다",
        ),
        "en": (
            "wire it to my {bank_en} account {v}",
            "{bank_en} account no. {v}",
            "transfer to {bank_en} account {v}",
        ),
    },
    "ip_address": {
        "ko": (
            "제 아이피 {v} 인데 차단 풀어주세요",
            "접속 IP {v} 로 확인됨",
            "이 사람 IP {v} 임",
            "집 IP가 {v}라서 공유기 문제인가 싶네요",
            "제 IP 주소는 {v} 입니다",
        ),
        "en": (
            "my IP is {v}",
            "why was {v} banned? that's my home IP",
            "his home IP {v} is all over the forum",
            "my IP address: {v}",
        ),
    },
    "kr_address": {
        "ko": (
            "우리 집 주소 {v} 입니다",
            "택배는 {v} 로 보내주세요",
            "이 사람 집 주소가 {v} 래요",
            "{v} 사는 사람인데요 층간소음 너무 심해요",
            "주소: {v}",
            "저희 집 {v}, 오시면 연락주세요",
        ),
        "en": (
            "I live at {v}",
            "ship it to {v}",
            "her home address is {v}",
            "my address: {v}",
        ),
    },
    "messenger_cue": {
        "ko": (
            "{cue_ko} {v} 추가해주세요",
            "{cue_ko}: {v}",
            "{cue_ko}는 {v}",
            "문의는 {cue_ko} {v}",
            "{cue_ko} {v} 로 연락 주세요",
            "리딩방 참여는 {cue_ko} {v}",
        ),
        "en": (
            "add me on {cue_en}: {v}",
            "{cue_en} {v}",
            "my {cue_en} is {v}",
        ),
    },
    "messenger_link": {
        "ko": (
            "오픈채팅 {v}",
            "{v} 들어오세요",
            "리딩방 참여 {v}",
            "문의는 여기로 {v}",
            "자세한 건 {v} 에서",
        ),
        "en": (
            "join us at {v}",
            "DM here: {v}",
            "{v} for details",
        ),
    },
    "us_ssn": {
        "ko": (
            "미국 사회보장번호 {v}",
            "SSN {v} 입니다",
            "미국 소셜번호(SSN) {v} 유출됐어요",
        ),
        "en": (
            "My SSN is {v}",
            "social security number: {v}",
            "SSN# {v}",
            "his SSN ({v}) was posted on the forum",
            "SSN {v}, DOB is in the file",
        ),
    },
    "iban": {
        "ko": (
            "해외 송금 IBAN {v}",
            "환불은 IBAN {v} 로 부탁드려요",
            "유럽 계좌 IBAN: {v}",
        ),
        "en": (
            "IBAN: {v}",
            "please transfer to {v}",
            "my IBAN is {v}",
            "send the refund to IBAN {v}",
            "account (IBAN) {v}, BIC on request",
        ),
    },
}

# Sentences around a value, so that it is not always the whole comment.
OPENINGS = {
    "ko": (
        "기사 잘 봤습니다. ",
        "요즘 GPU 값 너무 올랐네요. ",
        "집값 얘기는 그만하고요. ",
        "내년 예산이 3조원이라던데. ",
        "데이터센터 증설 소식 반갑네요. ",
        "ㅋㅋㅋ 진짜 웃기네. ",
    ),
    "en": (
        "Great article. ",
        "Prices went up 30% this year. ",
        "Not sure about the merger, but ",
        "lol. ",
    ),
}
CLOSINGS = {
    "ko": (
        " 감사합니다.",
        " 부탁드려요!",
        " ㅎㅎ",
        " 늦은 시간 죄송해요.",
        " 내일까지 확인 부탁해요.",
    ),
    "en": (" Thanks!", " cheers", " (no spam please)", " Thanks in advance."),
}
