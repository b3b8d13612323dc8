"""A signed-in lesson page under gunicorn against its minimal equivalent (bench/minimal.py), hello world as context."""

from __future__ import annotations

import sys
import urllib.request

from bench import load
from bench.common import THREADS, WORKERS, gunicorn, note, report, work_dir
from bench.data import EARLY_LESSONS, bench_site
from bench.sessions import bench_app, signed_in

LESSON = "/learn/module-7/lesson-301"
QUIZ_LESSON = "/learn/module-7/lesson-305"
ROUNDS, SECONDS = 7, 3  # seven pairs: on a shared machine the median of five swung from 83 to 149 %


def main() -> bool:
    work = work_dir()
    env = bench_site(work, "pages", 1000, EARLY_LESSONS, attempts=2000)
    minimal_env = {**env, "BENCH_MINIMAL_LESSON": LESSON.removeprefix("/learn/")}
    with gunicorn("bench.apps:kurs()", env, ready_path="/login") as (kurs, ks), gunicorn("bench.apps:hello") as (hello, hs), \
            gunicorn("bench.minimal:app()", minimal_env) as (minimal, ms):
        cookie, _csrf = signed_in(bench_app(env), 1)
        headers = {"Cookie": cookie}
        _check_page(kurs + LESSON, headers)
        load.get(kurs + LESSON, 2, headers=headers)  # warm-up: every worker loads the course
        load.get(hello + "/", 1)
        _check_page(minimal + LESSON, headers)
        load.get(minimal + LESSON, 2, headers=headers)
        runs = load.alternate(ROUNDS, {
            "hello": (hs.pid, lambda: load.get(hello + "/", SECONDS)),
            "lesson": (ks.pid, lambda: load.get(kurs + LESSON, SECONDS, headers=headers)),
            "minimal": (ms.pid, lambda: load.get(minimal + LESSON, SECONDS, headers=headers)),
            "quiz": (ks.pid, lambda: load.get(kurs + QUIZ_LESSON, SECONDS, headers=headers)),
        })
    base, page, quiz, same = (_summary(runs[name]) for name in ("hello", "lesson", "quiz", "minimal"))
    # each round of Kurs against the minimal round next to it: on a shared machine the load moves
    # between rounds, and a pair sees the same load
    paired, paired_cpu = (paired_median(runs["lesson"], runs["minimal"], attribute) for attribute in ("rps", "cpu_ms"))
    note(f"gunicorn {WORKERS} workers x {THREADS} threads, 32 connections, {ROUNDS} x {SECONDS} s each, "
         f"load from {'wrk' if load.have_wrk() else 'Python threads'}")
    for label, (rps, p99, cpu) in (("hello world", base), ("lesson page", page), ("quiz lesson page", quiz),
                               ("minimal lesson page (bench/minimal.py)", same)):
        note(f"{label}: {rps:.0f} req/s, p99 {p99:.1f} ms, {cpu:.2f} ms server CPU per request")
    errors = sum(r.errors for rs in runs.values() for r in rs)
    note(f"lesson page vs its minimal equivalent: {paired_cpu:.2f}x the server CPU per request "
         f"(median of {ROUNDS} paired rounds; ratio of the medians {page[0] / same[0]:.2f} in req/s, {page[2] / same[2]:.2f}x in CPU)")
    note("each round, Kurs / minimal: " + ", ".join(f"{k.rps:.0f}/{m.rps:.0f} req/s ({k.cpu_ms:.2f}/{m.cpu_ms:.2f} ms CPU)"
                                                    for k, m in zip(runs["lesson"], runs["minimal"], strict=True))
         + f"; rounds measured again because one worker got most connections: {sum(r.tries - 1 for rs in runs.values() for r in rs)}")
    ok = report("lesson_page_vs_minimal", 100 * paired, ">= 95 %", paired >= 0.95, " %")
    # context, not a target: the ceiling of the framework (no session, database, template or headers)
    note(f"lesson_page_throughput_vs_hello: {100 * page[0] / base[0]:.1f} % (context; the page's target is its minimal equivalent)")
    ok &= report("lesson_page_p99_vs_hello", page[1] / base[1], "< 4x", page[1] < 4 * base[1], "x")
    ok &= report("lesson_page_errors", errors, "0", errors == 0)
    return ok


def _check_page(url: str, headers: dict) -> None:
    """Make sure the page really is the signed-in lesson, not a redirect to the login."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:  # noqa: S310 - loopback
        body = response.read().decode()
        if response.status != 200 or "Lesson 301" not in body or response.url != url:
            raise RuntimeError(f"{url} did not answer with the lesson ({response.status} {response.url})")


def paired_median(kurs: list[load.Result], minimal: list[load.Result], attribute: str) -> float:
    """Return the median over the rounds of Kurs's figure divided by the minimal app's in the same round."""
    return load.median([getattr(k, attribute) / getattr(m, attribute) for k, m in zip(kurs, minimal, strict=True)])


def _summary(results: list[load.Result]) -> tuple[float, float, float]:
    return tuple(load.median([getattr(r, a) for r in results]) for a in ("rps", "p99_ms", "cpu_ms"))


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
