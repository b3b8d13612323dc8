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
    environment_table = section.split("read from `instance/config.py` only", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", environment_table, re.M))


def test_every_variable_the_code_reads_is_documented():
    assert variables_in_code() == variables_documented()


CONFIG_READ = re.compile(r"""config(?:\.get\(|\[)\s*["'](KURS_[A-Z0-9_]+)["']""")


def test_every_setting_the_code_reads_from_the_config_is_in_a_table():
    """Settings from instance/config.py only are in the handbook's second table (issue 13, item 17)."""
    read = set()
    for path in [ROOT / "app.py", *(ROOT / "course").rglob("*.py")]:
        read |= set(CONFIG_READ.findall(path.read_text(encoding="utf-8")))
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("## 4. Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, re.M))
    assert {"KURS_PASSWORD_METHOD", "KURS_RELOAD_INTERVAL", "KURS_RENDER_CACHE"} <= read
    assert read - documented == set()


def test_the_scan_finds_variables():
    assert {"DATABASE_URL", "SECRET_KEY", "KURS_LESSONS_DIR"} <= variables_in_code()


def test_base_url_comes_from_the_environment(monkeypatch, make_app):
    monkeypatch.setenv("KURS_BASE_URL", "https://kurs.intranet.example")
    assert make_app().config["KURS_BASE_URL"] == "https://kurs.intranet.example"


def test_the_handbook_has_a_security_chapter_covering_what_the_admin_must_set():
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    chapter = text.split("## 13. Security", 1)[1].split("\n## ", 1)[0]
    for topic in ("KURS_TRUSTED_PROXY_ADDRESSES", "KURS_TRUSTED_PROXIES", "KURS_BASE_URL", "12 hours", "Signing out",
                  "chmod 700", "secret_key", "What a trainer with file access can and cannot do"):
        assert topic in chapter, topic
