"""Load from this process to a server on loopback: wrk when installed, else Python threads."""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.common import worker_cpu_seconds


@dataclass
class Result:
    requests: int
    seconds: float
    p99_ms: float
    errors: int  # socket errors, timeouts and unexpected statuses
    statuses: Counter = field(default_factory=Counter)
    cpu_ms: float = 0.0  # the server's CPU time per request, when measured
    busiest_share: float = 0.0  # the busiest worker's share of that CPU time
    tries: int = 1  # how often the round was measured (see alternate)
    discarded: Counter = field(default_factory=Counter)  # the statuses of the tries measured again: their requests happened

    def measured_on(self, before: dict[int, float], after: dict[int, float]) -> Result:
        """Record the server's CPU time per request between two readings of its workers' CPU times."""
        used = [after[pid] - before.get(pid, 0.0) for pid in after]
        self.cpu_ms = 1000 * sum(used) / max(1, self.requests)
        self.busiest_share = max(used) / sum(used) if sum(used) > 0 else 0.0
        return self

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def get(url: str, seconds: float, connections: int = 32, headers: dict | None = None) -> Result:
    """Send GETs to url for `seconds` from `connections` connections."""
    if have_wrk():
        return _wrk(url, seconds, connections, headers or {})
    parts = urlsplit(url)

    def requests(_client: int) -> Iterator[tuple[str, str, dict, bytes | None]]:
        while True:
            yield "GET", parts.path, headers or {}, None

    return clients(url, [requests(i) for i in range(connections)], seconds, ok={200})


def _wrk(url: str, seconds: float, connections: int, headers: dict) -> Result:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    elapsed = _duration(re.search(r"requests in ([\d.]+\w+),", out).group(1))
    p99 = _duration(re.search(r"99%\s+([\d.]+\w+)", out).group(1)) * 1000
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return Result(total, elapsed, p99, errors)


def _duration(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def clients(base: str, streams: list[Iterator], seconds: float, ok: set[int]) -> Result:
    """Run one thread per stream of (method, path, headers, body); each keeps its connection."""
    host = urlsplit(base)
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()

    def run(stream: Iterator) -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        mine, seen = [], Counter()
        for method, path, headers, body in stream:
            if time.monotonic() >= deadline:
                break
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                seen[response.status] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                seen["error"] += 1
                conn.close()
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            statuses.update(seen)

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(s,)) for s in streams]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000 if latencies else 0.0
    errors = sum(n for status, n in statuses.items() if status not in ok)
    return Result(len(latencies), elapsed, p99, errors, statuses)


LOPSIDED = 0.7  # a round where one of two workers did more of the work than this measured the balance, not the app
TRIES = 5


def alternate(rounds: int, runs: dict[str, tuple[int, Callable[[], Result]]]) -> dict[str, list[Result]]:
    """Run each measurement in turn, rounds times, so a noisy machine hits all of them alike.

    runs maps a name to (server master pid, measurement); the server's CPU time is recorded.
    A round whose connections went mostly to one worker is measured again (up to TRIES times):
    wrk and the quiz clients keep their connections for the whole round, and which worker accepts
    them is chance. Such a round ran at half the rate on one core with four threads queueing for
    the GIL (1,400 instead of 3,500 pages/s, for Kurs and the minimal app alike) and decided the
    median of seven pairs by itself. Every app gets the same rule.
    """
    results: dict[str, list[Result]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, (master, run) in runs.items():
            discarded: Counter = Counter()
            for tries in range(1, TRIES + 1):
                before = worker_cpu_seconds(master)
                result = run().measured_on(before, worker_cpu_seconds(master))
                result.tries, result.discarded = tries, Counter(discarded)
                if len(before) < 2 or result.busiest_share <= LOPSIDED:
                    break
                discarded += result.statuses
            results[name].append(result)
    return results


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]
