"""What every benchmark shares: result lines, a work folder, servers on loopback, RSS."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# The production configuration (make serve): the baseline runs with the very same one.
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
SECRET = "bench-secret-not-for-production"


def report(name: str, value: float, target: str, ok: bool, unit: str = "") -> bool:
    """Print one metric as `name: value (target: X) ok|MISS` and return whether it is ok."""
    shown = f"{value:.2f}{unit}" if isinstance(value, float) else f"{value}{unit}"
    print(f"{name}: {shown} (target: {target}) {'ok' if ok else 'MISS'}", flush=True)
    return ok


def note(text: str) -> None:
    """Print a line of context that is not a metric."""
    print(f"  # {text}", flush=True)


def work_dir() -> Path:
    """Return the folder for generated data (BENCH_WORK, shared by the scripts of one run)."""
    path = Path(os.environ.get("BENCH_WORK") or Path(tempfile.gettempdir()) / "kurs-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def listening_socket() -> socket.socket:
    """Bind a socket on loopback to a port the OS chooses; the server inherits it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


@contextmanager
def gunicorn(app: str, env: dict | None = None, ready_path: str = "/", workers: int = WORKERS, threads: int = THREADS):
    """Run `app` under gunicorn on a loopback port; yield (base URL, server process)."""
    sock = listening_socket()
    port = sock.getsockname()[1]
    command = [
        str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
        "--bind", f"fd://{sock.fileno()}", "--log-level", "warning", "--timeout", "60", app,
    ]
    full_env = {**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})}
    server = subprocess.Popen(command, cwd=PROJECT, env=full_env, pass_fds=(sock.fileno(),), start_new_session=True)
    sock.close()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + ready_path, server)
        yield base, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wait_ready(url: str, server: subprocess.Popen, timeout: float = 120.0) -> None:
    """Wait until the server answers (any status), or fail if it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=60).close()  # noqa: S310 - loopback only
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not answer within {timeout} s")


def worker_pids(master: int) -> list[int]:
    """Return the pids of a gunicorn master's workers."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_seconds(master: int) -> float:
    """Return the CPU time (user + system) a gunicorn master's workers have used so far."""
    return sum(worker_cpu_seconds(master).values())


def worker_cpu_seconds(master: int) -> dict[int, float]:
    """Return the CPU time (user + system) each of a gunicorn master's workers has used so far, by pid."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in worker_pids(master):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return used
