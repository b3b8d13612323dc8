"""What a worker asks of the C allocator (glibc's malloc): fewer arenas, and freed memory given back.

glibc gives each thread that allocates at the same time as another an arena of its own, up to
eight per core, and memory freed in one arena serves only that arena's threads: a gunicorn worker
with four threads held about four times the memory its busiest moments needed. Two arenas keep that
near what one thread needs; Python allocates under its global lock, so the threads seldom wait for
an arena. On other C libraries both functions do nothing.
"""

from __future__ import annotations

import ctypes
import gc
import os

ARENAS = 2
M_ARENA_MAX = -8  # glibc's malloc.h


def _glibc() -> ctypes.CDLL | None:
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return None
        return ctypes.CDLL(None)
    except (ValueError, OSError, AttributeError):  # not glibc, or no confstr on this system
        return None


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Limit glibc's malloc arenas for this process (before its threads start); True when set.

    An operator's MALLOC_ARENA_MAX wins: it is left as the environment says.
    """
    libc = _glibc()
    if libc is None or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    return bool(libc.mallopt(M_ARENA_MAX, arenas))


def release_freed_memory() -> None:
    """Give back to the system what a large piece of work freed: glibc keeps freed blocks of its heap.

    Reading 5,000 lessons from the render cache leaves about 27 MB freed but still resident
    (the JSON of each entry, each lesson's HTML before it went to the page file).
    """
    gc.collect()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
