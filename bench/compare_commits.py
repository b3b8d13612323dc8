"""Kurs at two commits side by side: the lesson page and the quiz submission, rounds alternating.

    python -m bench.compare_commits f83eeec main [--rounds 7]

Each commit is checked out (git worktree, detached) under BENCH_WORK/commits/ and builds its own
data with its own bench/ code, so each runs its own schema; both then serve under gunicorn at once
and this process loads them in turn, round after round, so a noisy shared machine hits both alike.
Server CPU per request is the steadier figure; the median and the spread of the rounds are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench import load
from bench.common import PROJECT, THREADS, WORKERS, listening_socket, note, wait_ready, work_dir
from bench.pages import LESSON
from bench.quiz import submissions

# enough people that no client's queue runs dry (about 1,600 submissions/s x 3 s x 7 rounds)
CLIENTS, PEOPLE_PER_CLIENT, SECONDS = 32, 1200, 3

# run inside each commit's tree, with its own bench/ code and models
SETUP = """
import json, sys
from pathlib import Path
from bench.data import EARLY_LESSONS, bench_site
from bench.quiz import LESSON, MODULE, open_attempts, right_answers
from bench.sessions import bench_app, signed_in
clients, per_client = int(sys.argv[2]), int(sys.argv[3])
env = bench_site(Path(sys.argv[1]), "compare", clients * per_client + 1, EARLY_LESSONS, attempts=2000)
app = bench_app(env)
lesson = app.extensions["kurs_catalog"].course().lesson(MODULE, LESSON)
users = list(range(2, clients * per_client + 2))
tokens = open_attempts(env["BENCH_SQLITE_PATH"], users, lesson, 1)
people = [[*signed_in(app, uid), tokens[uid][0]] for uid in users]
print(json.dumps({"env": env, "cookie": signed_in(app, 1)[0], "people": people, "answers": right_answers(lesson)}))
"""


def checkout(commit: str, root: Path) -> Path:
    """Return a detached worktree of commit under root (made once), with the shared venv linked in."""
    sha = subprocess.run(["git", "rev-parse", commit], cwd=PROJECT, capture_output=True, text=True, check=True).stdout.strip()
    tree = root / sha[:12]
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=PROJECT, check=True, capture_output=True)
    venv = tree / ".venv"
    if not venv.exists():
        venv.symlink_to((PROJECT / ".venv").resolve())
    if (tree / "translations").is_dir():  # the compiled catalogs are not committed: pages would be untranslated
        subprocess.run(["make", "-s", "compile-messages"], cwd=tree, check=True, capture_output=True)
    return tree


@contextmanager
def served(tree: Path, env: dict):
    """Run the Kurs of tree under gunicorn (bench/common.py's settings); yield (base URL, master)."""
    sock = listening_socket()
    command = [str(tree / ".venv" / "bin" / "gunicorn"), "--workers", str(WORKERS), "--threads", str(THREADS),
               "--bind", f"fd://{sock.fileno()}", "--log-level", "warning", "--timeout", "60", "bench.apps:kurs()"]
    server = subprocess.Popen(command, cwd=tree, env={**os.environ, **env, "PYTHONPATH": str(tree)},
                              pass_fds=(sock.fileno(),), start_new_session=True)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    try:
        wait_ready(base + "/login", server)
        yield base, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def spread(results: list[load.Result]) -> str:
    cpu = sorted(r.cpu_ms for r in results)
    return f"{load.median(cpu):.2f} ms CPU/request (rounds {cpu[0]:.2f}-{cpu[-1]:.2f}), {load.median([r.rps for r in results]):.0f} req/s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    root = work_dir() / "commits"
    root.mkdir(parents=True, exist_ok=True)
    sites = {}
    for label, commit in (("before", args.before), ("after", args.after)):
        tree = checkout(commit, root)
        data = root / f"{tree.name}-data"
        data.mkdir(exist_ok=True)
        out = subprocess.run([str(tree / ".venv" / "bin" / "python"), "-c", SETUP, str(data), str(CLIENTS), str(PEOPLE_PER_CLIENT)],
                             cwd=tree, env={**os.environ, "PYTHONPATH": str(tree), "BENCH_WORK": str(data)},
                             capture_output=True, text=True, check=True)
        sites[label] = (tree, json.loads(out.stdout.strip().splitlines()[-1]))
    runs = {}
    with ExitStack() as stack:
        for label, (tree, site) in sites.items():
            base, server = stack.enter_context(served(tree, site["env"]))
            headers = {"Cookie": site["cookie"]}
            load.get(base + LESSON, 2, headers=headers)  # warm-up: every worker loads the course
            streams = [submissions([tuple(p) for p in site["people"][i::CLIENTS]], [tuple(a) for a in site["answers"]])
                       for i in range(CLIENTS)]
            runs[f"lesson {label}"] = (server.pid, lambda b=base, h=headers: load.get(b + LESSON, SECONDS, headers=h))
            runs[f"quiz {label}"] = (server.pid, lambda b=base, s=streams: load.clients(b, s, SECONDS, ok={302}))
        order = ["lesson before", "lesson after", "quiz before", "quiz after"]
        results = load.alternate(args.rounds, {name: runs[name] for name in order})
    note(f"{args.before} -> {args.after}: gunicorn {WORKERS} workers x {THREADS} threads, {args.rounds} alternating rounds of {SECONDS} s")
    dry = [name for name in order if name.startswith("quiz") and any(r.requests == 0 for r in results[name])]
    if dry:
        print(f"{', '.join(dry)}: a round had no submissions left (raise PEOPLE_PER_CLIENT)", file=sys.stderr)
        return 1
    for name in order:
        errors = sum(r.errors for r in results[name])
        note(f"{name}: {spread(results[name])}, {errors} errors")
    for page in ("lesson", "quiz"):
        ratios = sorted(a.cpu_ms / b.cpu_ms for a, b in zip(results[f"{page} after"], results[f"{page} before"], strict=True))
        note(f"{page}: after/before CPU per request, median of paired rounds {load.median(ratios):.3f} "
             f"(rounds {ratios[0]:.3f}-{ratios[-1]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
