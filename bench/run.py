"""Run every benchmark in turn (`make bench`); exit 1 if any target is missed.

Each script prints its metrics as `name: value (target: X) ok|MISS` and measures its own
baseline in the same run. Generated data goes to BENCH_WORK (a fresh temporary folder by default).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

from bench.common import PROJECT

SCRIPTS = ("startup", "memory", "pages", "quiz", "breakdown", "reports")


def main() -> int:
    work = os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="kurs-bench-")
    env = {**os.environ, "BENCH_WORK": work, "PYTHONPATH": str(PROJECT)}
    failed, lines, started = [], [], time.monotonic()
    try:
        for name in SCRIPTS:
            print(f"== {name}", flush=True)
            began = time.monotonic()
            result = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=PROJECT, env=env,
                                    stdout=subprocess.PIPE, text=True, check=False)
            print(result.stdout, end="", flush=True)
            lines += [line for line in result.stdout.splitlines() if line.endswith((" ok", " MISS"))]
            if result.returncode != 0:
                failed.append(name)
            print(f"   ({time.monotonic() - began:.0f} s)", flush=True)
    finally:
        if not os.environ.get("BENCH_WORK"):
            shutil.rmtree(work, ignore_errors=True)
    missed = [line for line in lines if line.endswith("MISS")]
    print(f"== {len(lines) - len(missed)} of {len(lines)} targets met in {time.monotonic() - started:.0f} s"
          + (f"; missed or failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
