"""The API against its own OpenAPI document, on a real server.

Fuzzing: schemathesis sends each documented operation a bounded number of generated
requests, valid ones and invalid ones, with an admin's key, and checks that no answer is
a 5xx and that every answer's status, content type and body are what the document
says. The auth sweep: every operation under /v1/moderation, read from the document,
refuses a request without a key, with a revoked key, and with a too-low role, so a
route cannot ship unguarded.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_keys import make_key
from tests.live_server import LiveServer, live_server

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION = 50
# An endless stream: nothing to fuzz in it (its guard is in the auth sweep).
STREAMS = "/v1/moderation/events"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class Api:
    server: LiveServer
    keys: dict[str, str]  # role (or "revoked") -> key

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}


def _key(database: Path, role: Any, *, revoked: bool = False) -> str:
    # Unguessable names, so that fuzzing DELETE /v1/moderation/keys/{name} cannot
    # revoke the keys the tests use.
    return make_key(database, f"{role}-{secrets.token_hex(16)}", role, revoked=revoked)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    directory = tmp_path_factory.mktemp("contract")
    database = directory / "moderato.db"
    made = {
        "admin": _key(database, "admin"),
        "moderator": _key(database, "moderator"),
        "revoked": _key(database, "admin", revoked=True),
    }
    with live_server(directory, rate_limits="off") as server:
        yield Api(server, made)


def test_every_answer_matches_the_openapi_document(api: Api) -> None:
    # Driven by hand rather than through schemathesis' pytest plugin, which does not
    # run under pytest 9; each operation gets its own bounded hypothesis run.
    document = schemathesis.openapi.from_url(f"{api.server.url}/schema/openapi.json")
    failures: dict[str, str] = {}
    results = list(document.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results) >= 25, "the document has invalid operations"
    runs = [
        (operation, mode)
        for operation in operations
        if operation.path != STREAMS
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    for operation, mode in runs:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case: Any) -> None:
            case.call_and_validate(headers=api.auth("admin"), checks=CHECKS)

        try:
            check()
        except Unsatisfiable:  # nothing in the operation that could be made invalid
            assert mode == GenerationMode.NEGATIVE, operation.label
        except BaseException as exc:  # every operation's failure, not just the first
            if not isinstance(exc, Exception | BaseExceptionGroup):
                raise
            failures[f"{operation.label} ({mode})"] = str(exc)[:3000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def moderation_operations(api: Api) -> list[tuple[str, str, str | None]]:
    """(method, path, role the document requires) for each /v1/moderation operation."""
    document = httpx.get(f"{api.server.url}/schema/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        if not path.startswith("/v1/moderation"):
            continue
        for method, operation in operations.items():
            requirements = operation.get("security") or []
            roles = [role for requirement in requirements for role in requirement.get("apiKey", [])]
            found.append((method.upper(), path, roles[0] if roles else None))
    return found


def test_every_moderation_operation_is_guarded(api: Api) -> None:
    operations = moderation_operations(api)
    assert len(operations) >= 14
    with httpx.Client(base_url=api.server.url, timeout=10) as client:
        for method, template, role in operations:
            assert role in ("moderator", "admin"), f"{method} {template} documents no role"
            path = template.format(
                comment_id="0" * 32, article_id="news-1", queue="pending", name="nobody"
            )

            def call(headers: dict[str, str], method: str = method, path: str = path) -> Any:
                headers = {**headers, "content-type": "application/json"}
                # Streamed: a granted /events never ends; only refusals are read.
                with client.stream(method, path, content=b"{}", headers=headers) as response:
                    if response.status_code >= 400:
                        response.read()
                    return response

            label = f"{method} {template}"
            anonymous = call({})
            assert anonymous.status_code == 401, label
            assert anonymous.json()["code"] == "unauthorized", label
            assert anonymous.headers["www-authenticate"] == "Bearer", label
            assert call({"Authorization": "Bearer mdr_not-a-key"}).status_code == 401, label
            assert call(api.auth("revoked")).status_code == 401, label
            as_moderator = call(api.auth("moderator"))
            if role == "admin":
                assert as_moderator.status_code == 403, label
                assert as_moderator.json()["code"] == "forbidden", label
            else:
                assert as_moderator.status_code not in (401, 403), label
