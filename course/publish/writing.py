"""Writing course files so that no reader ever sees half of one: a temporary file, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path through a hidden temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # a hidden name: the loader never takes it for a lesson while it is being written
    handle, temporary = tempfile.mkstemp(prefix=".kurs-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)  # atomic on one file system, NFS included
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def remove(path: Path) -> None:
    """Remove a course file if it is there."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
