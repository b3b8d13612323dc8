"""Links in course text: in-page anchors land, a lesson's `.md` file becomes that lesson's URL.

Runs once the whole course is loaded (a link depends on other files), over the sanitised HTML.
Heading ids carry a prefix against DOM clobbering (`h-installation`); `#installation`, written as
on GitHub or in MkDocs, is pointed at it. A link to a file or an anchor that does not exist is a
content error with the line that holds it.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from course.content.errors import ContentError
from course.content.messages import N_
from course.content.values import Lesson, Module

HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')
ID = re.compile(r'\sid="([^"]+)"')
HEADING = re.compile(r'<h([1-6])\b[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TAG = re.compile(r"<[^>]+>")
HEADING_PREFIX = "h-"


def github_slug(text: str) -> str:
    """Return the anchor GitHub (and pymdownx.slugs) gives a heading: lower case, words and dashes."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


class Anchors:
    """The anchors of one page: its ids, and the spellings (GitHub's, unprefixed) that mean them."""

    def __init__(self, page_html: str) -> None:
        self.ids = set(ID.findall(page_html))
        self.aliases: dict[str, str] = {}
        seen: dict[str, int] = {}
        for _, anchor, inner in HEADING.findall(page_html):
            slug = github_slug(html.unescape(TAG.sub("", inner)))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            self.aliases.setdefault(slug if not count else f"{slug}-{count}", anchor)

    def find(self, fragment: str) -> str | None:
        """Return the id a fragment means on this page, or None."""
        fragment = unquote(fragment)
        for candidate in (fragment, HEADING_PREFIX + fragment):
            if candidate in self.ids:
                return candidate
        return self.aliases.get(fragment.lower()) or self.aliases.get(github_slug(fragment))


class _Targets:
    """Where each course file is served, and the anchors of each lesson page (translations too)."""

    def __init__(self, root: Path, modules: list[Module], lesson_texts: dict | None = None) -> None:
        self.root = root.resolve()
        self.urls: dict[Path, str] = {self.root / "course.md": "/"}
        self.anchors: dict[Path, Anchors] = {}
        for module in modules:
            folder = Path(module.path).resolve().parent
            self.urls[folder] = self.urls[folder / "module.md"] = f"/learn/{quote(module.id)}"
            for lesson in module.lessons:
                url = f"/learn/{quote(module.id)}/{quote(lesson.id)}"
                versions = (lesson, *(lesson_texts or {}).get((module.id, lesson.id), {}).values())
                for version in versions:  # a translation is served at its lesson's URL
                    path = Path(version.path).resolve()
                    self.urls[path] = url
                    self.anchors[path] = Anchors(version.html)


class _Page:
    """Rewrites the links of one course file's HTML and collects their errors."""

    def __init__(self, targets: _Targets, path: str, anchors: Anchors, url: str) -> None:
        self.targets, self.path, self.anchors, self.url = targets, path, anchors, url
        self.problems: list[tuple[str, str]] = []  # (href as written, message)

    def rewrite(self, fragment_html: str, elsewhere: bool = False) -> str:
        """Rewrite every link; elsewhere: the HTML is shown off its page (a quiz result)."""
        return HREF.sub(lambda m: m.group(1) + html.escape(self._href(html.unescape(m.group(2)), elsewhere)) + m.group(3),
                        fragment_html)

    def _href(self, href: str, elsewhere: bool) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("/"):
            return href
        if not parts.path:
            anchor = self.anchors.find(parts.fragment) if parts.fragment else ""
            if anchor is None:
                self.problems.append((href, N_("link to '#%(fragment)s': no heading or anchor of that name in this file",
                                                fragment=parts.fragment)))
                return href
            return f"{self.url}#{anchor}" if elsewhere and anchor else f"#{anchor}" if anchor else href
        target = (Path(self.path).resolve().parent / unquote(parts.path)).resolve()
        if not target.is_relative_to(self.targets.root):
            self.problems.append((href, N_("link to '%(path)s' leaves the course folder", path=parts.path)))
            return href
        url = self.targets.urls.get(target)
        if url is None:
            self.problems.append((href, _missing(target, parts.path)))
            return href
        if not parts.fragment:
            return url
        anchors = self.targets.anchors.get(target)
        anchor = anchors.find(parts.fragment) if anchors else None
        if anchor is None:
            self.problems.append((href, N_("link to '%(href)s': that page has no heading or anchor '#%(fragment)s'",
                                            href=href, fragment=parts.fragment)))
            return href
        return f"{url}#{anchor}"

    def errors(self) -> list[ContentError]:
        if not self.problems:
            return []
        try:
            lines = Path(self.path).read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            lines = []
        used: dict[str, int] = {}  # the same link twice: its first and its second place
        errors = []
        for href, message in self.problems:
            places = _places(lines, href)
            n = used.get(href, 0)
            used[href] = n + 1
            errors.append(ContentError(self.path, places[min(n, len(places) - 1)] if places else 1, message))
        return errors


def _missing(target: Path, written: str) -> str:
    if target.suffix == ".md" and target.is_file():
        return N_("link to '%(path)s': that file is not a published lesson (a draft, broken, or outside a module folder)",
                  path=written)
    if target.suffix == ".md" or not target.exists():
        return N_("link to '%(path)s': no such file (paths are relative to this file's folder)", path=written)
    return N_("link to '%(path)s': Kurs serves lessons, not other files: link a lesson, or show an image with ![text](file)",
              path=written)


def _places(lines: list[str], href: str) -> list[int]:
    """Return the line of each place a link to href is written, in order."""
    for written in (href, quote(href, safe="/#:?&=%"), urlsplit(href).path or href):
        places = [number for number, line in enumerate(lines, 1)
                  for _ in range(line.count(f"({written}") + line.count(f"]: {written}") + line.count(f'"{written}"'))]
        if places:
            return places
    return []


def resolve_links(root: Path, welcome: str, modules: list[Module], lesson_texts: dict | None = None,
                  module_texts: dict | None = None, texts: dict | None = None) -> tuple[str, list[Module], list[ContentError]]:
    """Rewrite the links of every loaded page; return the new welcome text, modules and link errors.

    lesson_texts, module_texts and texts (translations, see translations.py) are rewritten in place.
    """
    targets = _Targets(root, modules, lesson_texts)
    errors: list[ContentError] = []
    page = _Page(targets, str(targets.root / "course.md"), Anchors(welcome), "/")
    welcome = page.rewrite(welcome)
    errors += page.errors()
    for language, (title, text) in (texts or {}).items():
        page = _Page(targets, str(targets.root / f"course.{language}.md"), Anchors(text), "/")
        texts[language] = (title, page.rewrite(text))
        errors += page.errors()
    resolved = []
    for module in modules:
        intro = _module_links(targets, module, errors)
        for language, text in (module_texts or {}).get(module.id, {}).items():
            if text is not module:
                module_texts[module.id][language] = replace(text, intro_html=_module_links(targets, text, errors))
        lessons = []
        for lesson in module.lessons:
            lessons.append(_lesson_links(targets, lesson, errors))
            versions = (lesson_texts or {}).get((module.id, lesson.id), {})
            for language, version in versions.items():
                versions[language] = _lesson_links(targets, version, errors)
        resolved.append(replace(module, intro_html=intro, lessons=tuple(lessons)))
    return welcome, resolved, errors


def _module_links(targets: _Targets, module: Module, errors: list[ContentError]) -> str:
    page = _Page(targets, module.path, Anchors(module.intro_html), targets.urls.get(Path(module.path).resolve(), "/"))
    intro = page.rewrite(module.intro_html)
    errors += page.errors()
    return intro


def _lesson_links(targets: _Targets, lesson: Lesson, errors: list[ContentError]) -> Lesson:
    path = Path(lesson.path).resolve()
    page = _Page(targets, lesson.path, targets.anchors[path], targets.urls[path])
    questions = tuple(
        replace(
            q,
            prompt_html=tuple(page.rewrite(part, elsewhere=True) for part in q.prompt_html),
            options=tuple(replace(o, html=page.rewrite(o.html, True), feedback_html=page.rewrite(o.feedback_html, True))
                          for o in q.options),
            explanation_html=page.rewrite(q.explanation_html, elsewhere=True),
        )
        for q in lesson.questions
    )
    html = page.rewrite(lesson.html)
    errors += page.errors()
    return replace(lesson, body=html, questions=questions)
