"""Check digits as the issuers compute them."""

from __future__ import annotations

RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def rrn_check_digit(first12: str) -> int:
    """주민등록번호 check digit (numbers issued before October 2020)."""
    total = sum(int(d) * w for d, w in zip(first12, RRN_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def frn_legacy_check_digit(first12: str) -> int:
    """The 외국인등록번호 variant still in circulation: the RRN digit plus two."""
    total = sum(int(d) * w for d, w in zip(first12, RRN_WEIGHTS, strict=True))
    return (13 - total % 11) % 10


def luhn_check_digit(payload: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def luhn_valid(number: str) -> bool:
    return luhn_check_digit(number[:-1]) == int(number[-1])


def _iban_digits(text: str) -> str:
    return "".join(str(int(ch, 36)) for ch in text.upper())


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 / ISO 7064 MOD 97-10 check digits for a country and BBAN."""
    remainder = int(_iban_digits(bban + country + "00")) % 97
    return f"{98 - remainder:02d}"


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    return int(_iban_digits(compact[4:] + compact[:4])) % 97 == 1


def mod97_key(digits: str) -> int:
    """Belgian account key: the first ten digits modulo 97, 97 for zero."""
    return int(digits) % 97 or 97


def spanish_control_digit(digits: str) -> int:
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
    value = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return {11: 0, 10: 1}.get(value, value)


def french_rib_key(bank: str, branch: str, account: str) -> int:
    """Clé RIB over digit-only bank, branch and account codes."""
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97


_CIN_ODD = (
    1,
    0,
    5,
    7,
    9,
    13,
    15,
    17,
    19,
    21,
    2,
    4,
    18,
    20,
    11,
    3,
    6,
    8,
    12,
    14,
    16,
    10,
    22,
    25,
    24,
    23,
)


def italian_cin(abi_cab_account: str) -> str:
    """The CIN letter that opens an Italian BBAN (over ABI + CAB + account)."""
    total = 0
    for i, ch in enumerate(abi_cab_account.upper()):
        index = int(ch) if ch.isdigit() else ord(ch) - ord("A")
        total += _CIN_ODD[index] if i % 2 == 0 else index
    return chr(ord("A") + total % 26)


def norwegian_mod11(first10: str) -> int | None:
    """Norwegian account check digit; None where no digit is valid (remainder 1)."""
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    value = 11 - sum(int(d) * w for d, w in zip(first10, weights, strict=True)) % 11
    if value == 10:
        return None
    return 0 if value == 11 else value


def portuguese_nib_check(first19: str) -> str:
    return f"{98 - int(first19 + '00') % 97:02d}"


def dutch_eleven_proof(account10: str) -> bool:
    weights = range(10, 0, -1)
    return sum(int(d) * w for d, w in zip(account10, weights, strict=True)) % 11 == 0
