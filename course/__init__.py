"""Kurs: a small, self-hosted training platform for Markdown courses.

The app is built in course/app.py; `create_app` is looked up lazily so that importing a lower
floor (course.content above all) does not pull in Flask. docs/architecture.md shows the floors.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from course.app import create_app

        return create_app
    raise AttributeError(f"module 'course' has no attribute {name!r}")
