"""Where a benchmark's CPU went: the service's processes, the database server's, and
the whole machine's, read from ``/proc`` before and after a run (Linux only).

On a machine whose cores are all busy, throughput is the CPU left to the service
divided by its CPU per request; this says which of those moved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tests.processes import descendants

TICK = 1 / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    """CPU seconds used so far by the service's processes, by the database server's,
    and by the machine (busy and in all)."""

    service: float
    database: float
    busy: float
    total: float


@dataclass(frozen=True)
class Usage:
    """One run's CPU: milliseconds per request, and the machine's busy share."""

    service_ms: float
    database_ms: float
    machine_busy: float


def sample(service: list[int], database: list[int]) -> Sample:
    """``service`` and ``database`` are the root processes; their children count too."""
    busy, total = _machine()
    return Sample(_tree(service), _tree(database), busy, total)


def usage(before: Sample, after: Sample, requests: float) -> Usage:
    per_request = 1000 / max(requests, 1)
    total = after.total - before.total
    return Usage(
        service_ms=(after.service - before.service) * per_request,
        database_ms=(after.database - before.database) * per_request,
        machine_busy=(after.busy - before.busy) / total if total else 0.0,
    )


def _tree(roots: list[int]) -> float:
    seconds = 0.0
    for pid in roots + [child for root in roots for child in descendants(root)]:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                # Fields after the command (which may hold spaces): utime is the 12th.
                fields = stat.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # ended meanwhile
        seconds += (int(fields[11]) + int(fields[12])) * TICK
    return seconds


def _machine() -> tuple[float, float]:
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and waiting for I/O
    return (sum(ticks) - idle) * TICK, sum(ticks) * TICK
