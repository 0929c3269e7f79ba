"""Load a policy folder into a scanner, checking everything a policy file promises."""

from __future__ import annotations

from pathlib import Path

from service.pii.policy import PolicyError, load_policies
from service.pii.scanner import Scanner

# Part of the policy-set version: a change to normalisation or scoring changes what the
# same policy files find, so it must change the version reported with every result.
ENGINE_VERSION = "1"


def load_scanner(directory: Path) -> Scanner:
    """Load, compile and self-test the policies in ``directory``.

    Raises :class:`PolicyError` (one line per problem) if the folder cannot be used as
    a whole: a service must run with every policy or refuse to become ready.
    """
    scanner = Scanner(load_policies(directory, ENGINE_VERSION))
    if problems := example_problems(scanner):
        raise PolicyError("\n".join(problems))
    return scanner


def example_problems(scanner: Scanner) -> list[str]:
    """Every policy example that does not behave as its file says."""
    problems = []
    for policy_id, policy in scanner.policy_set.policies.items():
        where = f"{policy_id}.toml: examples"
        for index, example in enumerate(policy.examples.match):
            text, expected = _unmark(example)
            spans = [(f.start, f.end) for f in scanner.scan(text).findings if f.policy == policy_id]
            if not spans:
                problems.append(f"{where}.match[{index}]: no {policy.type} finding in {text!r}")
            elif expected and expected not in spans:
                problems.append(
                    f"{where}.match[{index}]: expected {text[slice(*expected)]!r}, "
                    f"found {[text[s:e] for s, e in spans]!r}"
                )
        for index, example in enumerate(policy.examples.no_match):
            found = [f for f in scanner.scan(example).findings if f.policy == policy_id]
            if found:
                values = [example[f.start : f.end] for f in found]
                problems.append(f"{where}.no_match[{index}]: found {values!r} in {example!r}")
    return problems


def _unmark(example: str) -> tuple[str, tuple[int, int] | None]:
    """``'call [[010-1234-5678]] now'`` → the text and the marked span."""
    start = example.find("[[")
    end = example.find("]]", start + 2)
    if start < 0 or end < 0:
        return example, None
    text = example[:start] + example[start + 2 : end] + example[end + 2 :]
    return text, (start, end - 2)
