"""The admin's handbook documents every configuration variable the code reads."""

from __future__ import annotations

import re
from pathlib import Path

from course.config import ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent
ENV_READ = re.compile(r"""os\.(?:environ(?:\.get)?|getenv)\s*[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_in_code() -> set[str]:
    """Every environment variable read by the app's code, plus the configurable list."""
    found = set(ENVIRONMENT)
    for path in [ROOT / "app.py", *(ROOT / "course").rglob("*.py")]:
        found |= set(ENV_READ.findall(path.read_text(encoding="utf-8")))
    return found


def variables_documented() -> set[str]:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("## 4. Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, re.M))


def test_every_variable_the_code_reads_is_documented():
    assert variables_in_code() == variables_documented()


def test_the_scan_finds_variables():
    assert {"DATABASE_URL", "SECRET_KEY", "KURS_LESSONS_DIR"} <= variables_in_code()


def test_base_url_comes_from_the_environment(monkeypatch, make_app):
    monkeypatch.setenv("KURS_BASE_URL", "https://kurs.intranet.example")
    assert make_app().config["KURS_BASE_URL"] == "https://kurs.intranet.example"
