"""Policy files: the project's own set, and how a broken folder is reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service.pii import PolicyError, Scanner, load_scanner
from service.pii.loader import example_problems
from service.settings import PROJECT_POLICIES

CANONICAL_TYPES = {
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
}

MINIMAL = """\
version = 1
type = "phone"
names = { ko = "전화번호", en = "phone number" }

[[patterns]]
name = "mobile"
regex = '010-[0-9]{4}-[0-9]{4}'
score = 0.6

[actions]
hold = 0.5

[examples]
match = ["call [[010-1234-5678]]"]
no_match = ["call 1588-1234"]
"""


def test_cli_checks_the_project_policies() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "service", "policies", "check", str(PROJECT_POLICIES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "13 policies OK" in result.stdout


def test_every_canonical_type_has_a_policy(scanner: Scanner) -> None:
    types = {policy.type for policy in scanner.policy_set.policies.values()}
    assert types == CANONICAL_TYPES


def test_every_example_behaves(scanner: Scanner) -> None:
    assert example_problems(scanner) == []


def test_government_ids_block_and_contact_details_hold(scanner: Scanner) -> None:
    policies = scanner.policy_set.policies
    for blocking in ("kr_rrn", "kr_frn", "kr_passport", "kr_driver_license", "credit_card"):
        assert "block" in policies[blocking].actions
    for holding in ("phone", "email", "bank_account", "kr_address", "messenger_id"):
        assert set(policies[holding].actions) == {"hold"}


def _folder(tmp_path: Path, content: str, name: str = "phone.toml") -> Path:
    (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path


def test_a_minimal_policy_loads(tmp_path: Path) -> None:
    scanner = load_scanner(_folder(tmp_path, MINIMAL))
    assert [f.type for f in scanner.scan("call 010-1234-5678").findings] == ["phone"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("regex = '010-[0-9]{4}-[0-9]{4}'", "regex = '(?<=a)b'"), "phone.toml: patterns[0].regex"),
        (("regex = '010-[0-9]{4}-[0-9]{4}'", "regex = '(a'"), "phone.toml: patterns[0].regex"),
        (("score = 0.6", "score = 0.6\nvalidators = ['nope']"), "patterns[0].validators[0]"),
        (("score = 0.6", "score = 0.6\ncolour = 'red'"), "unknown field `colour`"),
        (("score = 0.6", "score = 2"), "patterns[0].score"),
        (("hold = 0.5", "delete = 0.5"), "actions"),
        (('type = "phone"\n', ""), "missing required field `type`"),
        (("version = 1", "version = 2"), "version"),
        (("[[patterns]]", "[[patterns"), "not valid TOML"),
        (('"call [[010-1234-5678]]"', '"call 1234"'), "examples.match[0]: no phone finding"),
        (('"call 1588-1234"', '"call 010-9999-8888"'), "examples.no_match[0]: found"),
        (("score = 0.6", "score = 0.6\nrequires_context = true"), "requires_context"),
    ],
)
def test_a_broken_policy_names_the_file_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    assert old in MINIMAL
    folder = _folder(tmp_path, MINIMAL.replace(old, new))
    with pytest.raises(PolicyError, match=None) as raised:
        load_scanner(folder)
    assert message in str(raised.value)
    assert str(raised.value).startswith("phone.toml") or "phone.toml" in str(raised.value)


def test_an_empty_folder_is_not_a_policy_set(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no policy files"):
        load_scanner(tmp_path)


def test_the_cli_reports_a_broken_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path, MINIMAL.replace("score = 0.6", "score = 0.6\nvalidators = ['x']"))
    result = subprocess.run(
        [sys.executable, "-m", "service", "policies", "check", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "phone.toml: patterns[0].validators[0]: unknown validator 'x'" in result.stderr


def test_the_version_hash_follows_the_files(tmp_path: Path) -> None:
    first = load_scanner(_folder(tmp_path, MINIMAL)).version
    assert load_scanner(tmp_path).version == first
    _folder(tmp_path, MINIMAL.replace("score = 0.6", "score = 0.7"))
    assert load_scanner(tmp_path).version != first
