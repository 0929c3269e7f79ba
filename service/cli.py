"""``python -m service``: run the server and the operator commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from service.keys import Keys
from service.pii import PolicyError, load_scanner
from service.refusals import Invalid, KeyNameTaken, Refused
from service.settings import PROJECT_POLICIES, Settings, SettingsError
from service.store import BackupError
from service.store.backends import backend

T = TypeVar("T")
# Who the audit log names for what the command line does.
ACTOR = "cli"


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

    copy = commands.add_parser(
        "backup", help="copy the live database (MODERATO_DATABASE) consistently to PATH"
    )
    copy.add_argument("path", type=Path, metavar="PATH")
    copy.set_defaults(run=_backup)

    policies = commands.add_parser("policies", help="work with policy files")
    policy_commands = policies.add_subparsers(required=True, metavar="COMMAND")
    check = policy_commands.add_parser("check", help="validate a policy folder")
    check.add_argument("directory", nargs="?", type=Path, default=PROJECT_POLICIES)
    check.set_defaults(run=_check_policies)

    keys = commands.add_parser("keys", help="manage moderators' API keys")
    key_commands = keys.add_subparsers(required=True, metavar="COMMAND")
    create = key_commands.add_parser("create", help="make a key; it is printed once")
    create.add_argument("name")
    create.add_argument("--role", choices=["moderator", "admin"], default="moderator")
    create.set_defaults(run=_create_key)
    key_commands.add_parser("list", help="list keys (never the keys)").set_defaults(run=_list_keys)
    revoke = key_commands.add_parser("revoke", help="revoke a key by name")
    revoke.add_argument("name")
    revoke.set_defaults(run=_revoke_key)
    return parser


def _serve(_: argparse.Namespace) -> int:
    from service.server import serve

    return serve(Settings.from_env())


def _backup(args: argparse.Namespace) -> int:
    database = Settings.from_env().database
    try:
        taken = backend(database).backup(args.path)
    except BackupError as exc:
        print(f"moderato: backup failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"backed up {database} to {taken.path}: schema version {taken.schema_version}, "
        f"{taken.comments} comments, {taken.size / 2**20:.1f} MiB, integrity ok"
    )
    return 0


def _check_policies(args: argparse.Namespace) -> int:
    try:
        scanner = load_scanner(args.directory)
    except PolicyError as exc:
        print(f"{args.directory}: invalid policies\n{exc}", file=sys.stderr)
        return 1
    count = len(scanner.policy_set.policies)
    print(f"{args.directory}: {count} policies OK, version {scanner.version}")
    return 0


def _create_key(args: argparse.Namespace) -> int:
    try:
        created = _with_keys(lambda keys: keys.create(ACTOR, args.name, args.role))
    except Refused as refused:
        print(f"moderato: {_message(refused)}", file=sys.stderr)
        return 1
    print(f"created {args.role} key {args.name!r}; it is shown only now:")
    print(created.key)
    return 0


def _list_keys(_: argparse.Namespace) -> int:
    for key in _with_keys(lambda keys: keys.listed()):
        state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
        print(f"{key.name}\t{key.role}\tcreated {key.created_at}\t{state}")
    return 0


def _revoke_key(args: argparse.Namespace) -> int:
    try:
        _with_keys(lambda keys: keys.revoke(ACTOR, args.name))
    except Refused:
        print(f"moderato: no active key named {args.name!r}", file=sys.stderr)
        return 1
    print(f"revoked {args.name!r}")
    return 0


def _with_keys(command: Callable[[Keys], Awaitable[T]]) -> T:
    """``command`` on the configured store, which the service may be using meanwhile."""

    async def run() -> T:
        async with backend(Settings.from_env().database).open() as store:
            return await command(Keys(store))

    return asyncio.run(run())


def _message(refused: Refused) -> str:
    """What the command line says for a refused key command."""
    match refused.reason:
        case Invalid(_, detail):
            return detail
        case KeyNameTaken(name):
            return f"a key named {name!r} exists already"
        case _:
            return str(refused)
