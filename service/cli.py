"""``python -m service``: run the server and the operator commands."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from contextlib import AbstractContextManager
from pathlib import Path

from service.moderation import is_key_name, new_key
from service.pii import PolicyError, load_scanner
from service.settings import PROJECT_POLICIES, Settings, SettingsError
from service.store import keys
from service.store.backup import BackupError, backup
from service.store.sqlite import admin_connection
from service.times import rfc3339, utc_now


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
    source = Path(Settings.from_env().database)
    try:
        taken = backup(source, args.path)
    except BackupError as exc:
        print(f"moderato: backup failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"backed up {source} to {taken.path}: schema version {taken.schema_version}, "
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
    if not is_key_name(args.name):
        print("moderato: a key name is 1-64 characters of A-Z a-z 0-9 . _ -", file=sys.stderr)
        return 1
    key, hashed = new_key()
    with _database() as connection:
        try:
            connection.execute("BEGIN IMMEDIATE")
            keys.create_key(connection, args.name, args.role, hashed, "cli", _now())
            connection.execute("COMMIT")
        except keys.KeyExists as exc:
            print(f"moderato: {exc}", file=sys.stderr)
            return 1
    print(f"created {args.role} key {args.name!r}; it is shown only now:")
    print(key)
    return 0


def _list_keys(_: argparse.Namespace) -> int:
    with _database() as connection:
        for key in keys.list_keys(connection):
            state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
            print(f"{key.name}\t{key.role}\tcreated {key.created_at}\t{state}")
    return 0


def _revoke_key(args: argparse.Namespace) -> int:
    with _database() as connection:
        connection.execute("BEGIN IMMEDIATE")
        revoked = keys.revoke_key(connection, args.name, "cli", _now())
        connection.execute("COMMIT")
    if not revoked:
        print(f"moderato: no active key named {args.name!r}", file=sys.stderr)
        return 1
    print(f"revoked {args.name!r}")
    return 0


def _database() -> AbstractContextManager[sqlite3.Connection]:
    return admin_connection(Path(Settings.from_env().database))


def _now() -> str:
    return rfc3339(utc_now())
