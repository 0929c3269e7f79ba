"""``python -m service``: run the server and the operator commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.pii import PolicyError, load_scanner
from service.settings import PROJECT_POLICIES, Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except SettingsError as exc:
        print(f"moderato: configuration error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the HTTP server (MODERATO_* configure it)")
    serve.set_defaults(run=_serve)

    policies = commands.add_parser("policies", help="work with policy files")
    policy_commands = policies.add_subparsers(required=True, metavar="COMMAND")
    check = policy_commands.add_parser("check", help="validate a policy folder")
    check.add_argument("directory", nargs="?", type=Path, default=PROJECT_POLICIES)
    check.set_defaults(run=_check_policies)
    return parser


def _serve(_: argparse.Namespace) -> int:
    from service.server import serve

    return serve(Settings.from_env())


def _check_policies(args: argparse.Namespace) -> int:
    try:
        scanner = load_scanner(args.directory)
    except PolicyError as exc:
        print(f"{args.directory}: invalid policies\n{exc}", file=sys.stderr)
        return 1
    count = len(scanner.policy_set.policies)
    print(f"{args.directory}: {count} policies OK, version {scanner.version}")
    return 0
