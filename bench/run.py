"""Run every benchmark in turn (`make bench`); exit 1 if any target is missed.

Each script prints its metrics as `name: value (target: X) ok|MISS` and measures its own
baseline in the same run. Generated data goes to BENCH_WORK (bench/work/ by default, git-ignored)
and stays there: the next run reuses it (the companies of 10,000 and 100,000 people take a minute to
generate; their marker files say for which migrations they were made).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PROJECT

DEFAULT_WORK = PROJECT / "bench" / "work"

SCRIPTS = ("startup", "memory", "pages", "quiz", "breakdown", "reports", "growth")


def main() -> int:
    work = Path(os.environ.get("BENCH_WORK") or DEFAULT_WORK).resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "BENCH_WORK": str(work), "PYTHONPATH": str(PROJECT)}
    failed, lines, started = [], [], time.monotonic()
    for name in sys.argv[1:] or SCRIPTS:
        print(f"== {name}", flush=True)
        began = time.monotonic()
        result = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=PROJECT, env=env,
                                stdout=subprocess.PIPE, text=True, check=False)
        print(result.stdout, end="", flush=True)
        lines += [line for line in result.stdout.splitlines() if line.endswith((" ok", " MISS"))]
        if result.returncode != 0:
            failed.append(name)
        print(f"   ({time.monotonic() - began:.0f} s)", flush=True)
    missed = [line for line in lines if line.endswith("MISS")]
    print(f"== {len(lines) - len(missed)} of {len(lines)} targets met in {time.monotonic() - started:.0f} s"
          + (f"; missed or failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
