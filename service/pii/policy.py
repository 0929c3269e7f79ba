"""Policy files: the declarative half of the engine, one TOML file per type of PII.

A folder of policies loads completely or not at all: the first problem raises
:class:`PolicyError` naming the file and the field, and nothing is half-applied.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from service.pii.validators import CONTEXT_VALIDATORS, VALIDATORS, known

Action = Literal["block", "hold", "mask", "allow"]
# From least to most strict; a comment's action is the strictest of its findings'.
ACTIONS: tuple[Action, ...] = ("allow", "mask", "hold", "block")

Name = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Unit = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]
Threshold = Annotated[float, msgspec.Meta(gt=0.0, le=1.0)]
Window = Annotated[int, msgspec.Meta(ge=0, le=200)]
Words = list[Annotated[str, msgspec.Meta(min_length=1, max_length=40)]]


class PolicyError(ValueError):
    """A policy folder that cannot be used, with the file and field at fault."""


class Names(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the type is called in messages to authors."""

    ko: Annotated[str, msgspec.Meta(min_length=1)]
    en: Annotated[str, msgspec.Meta(min_length=1)]


class Pattern(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One way the value is written, in RE2 syntax, against normalised text.

    A group named ``value`` marks the part to report, so that a pattern may require
    a cue word or a following character without reporting it.
    """

    name: Name
    regex: Annotated[str, msgspec.Meta(min_length=1, max_length=4096)]
    score: Unit
    # What may not touch the value: another digit ("digit"), another ASCII letter or
    # digit ("alnum"), or nothing is checked ("none"). Never \b: Korean particles
    # touch values (010-1234-5678로).
    boundary: Literal["digit", "alnum", "none"] = "digit"
    validators: list[str] = []
    # Report a match only when one of the policy's context words is near it (a bare
    # 12-digit number is a licence only after 면허번호).
    requires_context: bool = False
    # Also offer the pattern the digits of numbers written in groups, split and joined
    # any way (0101 234 5678, 010 쉬고 1234 쉬고 5678): it must then match the digits
    # alone, and a validator must confirm them or a context word be near.
    assemble: bool = False
    # With ``assemble``: words that must stand right before the assembled digits and
    # belong to the value (a region name before a licence number), in RE2 syntax.
    prefix: str | None = None


class Context(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Words near a value that make it more (or less) likely to be personal."""

    words: Words = []
    negative: Words = []
    # Names that are context only when written right before the value (a bank's name
    # before its account number): elsewhere they are everyday words (우리, 하나, 기업).
    labels: Words = []
    before: Window = 24
    after: Window = 12
    boost: Unit = 0.3
    penalty: Unit = 0.4


class Examples(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Texts that must (``match``) and must not (``no_match``) give this type.

    In a ``match`` example, ``[[`` and ``]]`` may mark the exact span expected.
    """

    match: list[str] = []
    no_match: list[str] = []


class Policy(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    version: Literal[1]
    type: Name
    names: Names
    description: str = ""
    # Breaks ties between overlapping findings of equal confidence.
    priority: int = 0
    patterns: Annotated[list[Pattern], msgspec.Meta(min_length=1)]
    context: Context = msgspec.field(default_factory=Context)
    # The strictest action whose threshold the finding's confidence reaches; a finding
    # below every threshold is not reported.
    actions: Annotated[dict[Action, Threshold], msgspec.Meta(min_length=1)]
    examples: Examples = msgspec.field(default_factory=Examples)

    def action_for(self, confidence: float) -> Action | None:
        for action in reversed(ACTIONS):
            threshold = self.actions.get(action)
            if threshold is not None and confidence >= threshold:
                return action
        return None


class PolicySet(msgspec.Struct, frozen=True):
    """Policies by id (the file name without ``.toml``) and a hash of their files."""

    policies: dict[str, Policy]
    version: str


def load_policies(directory: Path, engine_version: str) -> PolicySet:
    """Read and validate every ``*.toml`` file in ``directory``."""
    if not directory.is_dir():
        raise PolicyError(f"{directory}: not a directory")
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise PolicyError(f"{directory}: no policy files (*.toml)")
    digest = hashlib.sha256(engine_version.encode())
    policies = {}
    for path in paths:
        content = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + content + b"\0")
        policies[path.stem] = _decode(path.name, content)
    return PolicySet(policies=policies, version=digest.hexdigest()[:12])


def _decode(filename: str, content: bytes) -> Policy:
    try:
        policy = msgspec.toml.decode(content, type=Policy)
    except msgspec.ValidationError as exc:
        message, _, path = str(exc).partition(" - at `$.")
        where = f"{path.rstrip('`')}: " if path else ""
        raise PolicyError(f"{filename}: {where}{message}") from None
    except msgspec.DecodeError as exc:
        raise PolicyError(f"{filename}: not valid TOML: {exc}") from None
    for index, pattern in enumerate(policy.patterns):
        for number, name in enumerate(pattern.validators):
            if not known(name):
                every = ", ".join(sorted([*VALIDATORS, *CONTEXT_VALIDATORS]))
                raise PolicyError(
                    f"{filename}: patterns[{index}].validators[{number}]: "
                    f"unknown validator {name!r} (known: {every})"
                )
        if pattern.requires_context and not policy.context.words:
            raise PolicyError(
                f"{filename}: patterns[{index}].requires_context: the policy has no context.words"
            )
    names = [pattern.name for pattern in policy.patterns]
    if len(set(names)) != len(names):
        raise PolicyError(f"{filename}: patterns: pattern names must be unique")
    return policy
