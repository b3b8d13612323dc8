"""When the course folder is a git repository, each browser publish is also a commit by the trainer."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)
GIT = shutil.which("git") or "/usr/bin/git"


def in_repository(root: Path) -> bool:
    """Return whether the course folder lies in a git work tree."""
    try:
        # an argument list, never a shell: a path or a message cannot become a command
        result = subprocess.run([GIT, "-C", str(root), "rev-parse", "--is-inside-work-tree"],  # noqa: S603
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.strip() == "true"


def commit(root: Path, names: list[str], author_name: str, author_email: str, message: str) -> bool:
    """Commit these files (written or removed) with the trainer as author; Kurs is the committer.

    A failing commit is logged, never undoes the publish: the files are live and in Kurs's history.
    """
    if not in_repository(root):
        return False
    env = {**os.environ, "GIT_COMMITTER_NAME": "Kurs", "GIT_COMMITTER_EMAIL": "kurs@localhost",
           "GIT_AUTHOR_NAME": author_name, "GIT_AUTHOR_EMAIL": author_email}
    try:
        subprocess.run([GIT, "-C", str(root), "add", "--all", "--", *names],  # noqa: S603
                       check=True, capture_output=True, env=env, timeout=30)
        subprocess.run([GIT, "-C", str(root), "commit", "--quiet", "--no-verify", "-m", message, "--", *names],  # noqa: S603
                       check=True, capture_output=True, env=env, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("git commit of %s failed: %s", names, getattr(exc, "stderr", b"") or exc)
        return False
    return True
