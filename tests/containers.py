"""Podman and buildah for the container tests.

The tools come from Debian's packages. No image registry answers here, so the base image
is made from Debian's packages too, once per machine, and kept under a tag. The project's
image is built with `make image` once per run. Buildah runs it: these machines refuse
`podman run` with its defaults, and buildah needs no other OCI runtime to work here
(README, "The container").
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.live_server import LiveServer, free_port, wait_ready

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ("podman", "buildah", "mmdebstrap")  # each command is its Debian package's name
# Test runs on one machine share apt and the base image: they take turns at those.
LOCK = Path("/var/tmp/moderato-container-tests.lock")
# Debian's Python 3.11 (bookworm) without documentation, as the slim images are.
BASE_RECIPE = (
    "mmdebstrap",
    "--quiet",
    "--variant=minbase",
    "--include=python3,python3-venv,python-is-python3,ca-certificates",
    "--dpkgopt=path-exclude=/usr/share/doc/*",
    "--dpkgopt=path-include=/usr/share/doc/*/copyright",
    "--dpkgopt=path-exclude=/usr/share/man/*",
    "--dpkgopt=path-exclude=/usr/share/locale/*",
    "bookworm",
)
# Named after its recipe, so that a changed recipe makes a new base.
BASE_IMAGE = (
    "localhost/moderato-test-base:"
    + hashlib.sha256(" ".join(BASE_RECIPE).encode()).hexdigest()[:12]
)


class Unavailable(Exception):
    """This machine cannot build images; the message says why."""


@dataclass(frozen=True)
class Image:
    ref: str
    config: dict[str, Any]  # the image's configuration, as `podman image inspect` shows it
    healthcheck: dict[str, Any]  # empty when the image has none (OCI images never do)
    size: int  # bytes
    layers: list[str]


@dataclass
class ContainerServer(LiveServer):
    """The image's command running in a container; ``pid`` is the server's own process."""

    pid: int


def run(argv: list[str], env: dict[str, str] | None = None) -> str:
    """``argv``'s standard output; the end of all its output when it fails."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=env, timeout=600)
    if done.returncode != 0:
        output = (done.stdout + done.stderr)[-4000:]
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}:\n{output}")
    return done.stdout


@contextmanager
def machine_lock() -> Iterator[None]:
    with LOCK.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


def install_tools() -> None:
    """Install podman, buildah and mmdebstrap where missing, and check that podman works."""
    with machine_lock():
        missing = [tool for tool in TOOLS if shutil.which(tool) is None]
        if missing and (os.geteuid() != 0 or shutil.which("apt-get") is None):
            raise Unavailable(
                f"{', '.join(missing)} missing, and only root with apt-get installs them"
            )
        if missing:
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            run(["apt-get", "update", "-qq"], env=env)
            # Another program's apt may hold the lock for a while: wait for it.
            install = ["apt-get", "install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=300"]
            run([*install, *missing], env=env)
    probe = subprocess.run(["podman", "info"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        raise Unavailable(f"podman does not work here: {probe.stderr.strip()}")


def base_image() -> Image:
    """The local base image: made on first use, then kept for later runs."""
    with machine_lock():
        if subprocess.run(["podman", "image", "exists", BASE_IMAGE], check=False).returncode:
            with tempfile.TemporaryDirectory() as scratch:
                tarball = f"{scratch}/base.tar"
                run([*BASE_RECIPE, tarball])
                run(["podman", "import", "--quiet", tarball, BASE_IMAGE])
    return inspect_image(BASE_IMAGE)


def build_image(base: Image) -> Image:
    """The project's image, built by `make image` on ``base``, under a tag of its own."""
    tag = f"localhost/moderato-test:{uuid.uuid4().hex[:12]}"
    make_image = ["make", "--no-print-directory", "-C", str(ROOT), "image", "ENGINE=podman"]
    # No layer cache: each run builds once, and removes what it built.
    run([*make_image, f"IMAGE={tag}", f"BASE={base.ref}", "IMAGE_FLAGS=--layers=false"])
    return inspect_image(tag)


def inspect_image(ref: str) -> Image:
    [found] = json.loads(run(["podman", "image", "inspect", ref]))
    healthcheck = found.get("Healthcheck") or {}
    return Image(ref, found["Config"], healthcheck, found["Size"], found["RootFS"]["Layers"])


def remove_image(image: Image) -> None:
    run(["podman", "rmi", image.ref])


class Container:
    """A buildah working container of ``image``; its /data volume lives as long as it does.

    Chroot isolation shares the host's network, so the server listens on a loopback port.
    """

    def __init__(self, image: Image, logs: Path) -> None:
        self.image = image
        self.logs = logs
        self.name = run(["buildah", "from", "--quiet", "--pull=never", image.ref]).strip()
        self._started: list[ContainerServer] = []

    def start(self, **settings: str) -> ContainerServer:
        """Run the image's command with ``settings`` (MODERATO_* variables) until ready."""
        port = free_port()
        env = {
            "MODERATO_HOST": "127.0.0.1",
            "MODERATO_PORT": str(port),
            # Tests stop servers often; the drain step has its own test.
            "MODERATO_DRAIN_SECONDS": "0",
            **settings,
        }
        command: list[str] = self.image.config["Cmd"]
        log = self.logs / f"{self.name}-{port}.log"
        with log.open("wb") as output:
            launcher = subprocess.Popen(self._argv(command, env), stdout=output, stderr=output)
        server = LiveServer(f"http://127.0.0.1:{port}", launcher, log)
        try:
            wait_ready(server)
        except BaseException:
            launcher.terminate()  # buildah run kills its child on SIGTERM
            launcher.wait(timeout=60)
            raise
        started = ContainerServer(server.url, launcher, log, process_running(launcher, command))
        self._started.append(started)
        return started

    def signal(self, server: ContainerServer) -> None:
        """Send the image's STOPSIGNAL to the server itself, as `podman stop` does
        (`buildah run` does not pass signals on: it kills its child)."""
        os.kill(server.pid, signal.Signals[self.image.config["StopSignal"]])

    def stop(self, server: ContainerServer) -> int:
        """Stop the server as `podman stop` does; its exit status."""
        self.signal(server)
        return server.process.wait(timeout=60)

    def exec(self, argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` in the container, as the image's user, with ``env`` added."""
        return subprocess.run(
            self._argv(argv, env), capture_output=True, text=True, check=False, timeout=60
        )

    def remove(self) -> None:
        for server in self._started:
            if server.process.poll() is None:
                os.kill(server.pid, signal.SIGKILL)
                server.process.wait(timeout=60)
        run(["buildah", "rm", self.name])

    def _argv(self, argv: list[str], env: dict[str, str]) -> list[str]:
        variables = [f"--env={name}={value}" for name, value in env.items()]
        return ["buildah", "run", "--isolation", "chroot", *variables, self.name, "--", *argv]


def process_running(launcher: subprocess.Popen[bytes], command: list[str]) -> int:
    """The process under ``launcher`` that runs ``command`` (its program found on PATH)."""
    pending, children = [launcher.pid], child_processes()
    while pending:
        pid = pending.pop()
        argv = (Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0"))[:-1]
        if argv and Path(argv[0]).name == command[0] and argv[1:] == command[1:]:
            return pid
        pending.extend(children.get(pid, []))
    raise RuntimeError(f"no process runs {command} under {launcher.pid}")


def child_processes() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (name) state ppid ...": the name may hold spaces and parentheses.
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # it ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def process_ids(pid: int) -> tuple[set[int], set[int]]:
    """The real, effective, saved and file-system user and group ids of ``pid``."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return {int(n) for n in fields["Uid"].split()}, {int(n) for n in fields["Gid"].split()}


def mount_points(pid: int) -> set[str]:
    """Where file systems are mounted in ``pid``'s view (its fifth mountinfo field)."""
    lines = Path(f"/proc/{pid}/mountinfo").read_text().splitlines()
    return {line.split()[4] for line in lines}
