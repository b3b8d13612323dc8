"""Hostile lesson content runs no script in a real browser: no dialog, no console error, a clean DOM."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_COURSE, PASSWORD

from course.content.sandbox import InProcess

from .helpers import sign_in
from .hostile import VECTORS, write_hostile_course

HOSTILE_NAME = "<img src=x onerror=alert('name')>"

# Finds what hostile content could use to run script or pass as Kurs's own interface.
FIND_VIOLATIONS = """() => {
  const found = [];
  const risky = /^(javascript|vbscript|data):/i;
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' && !(el.getAttribute('src') || '').startsWith('/static/')) found.push('<script>');
    for (const a of el.attributes) {
      const value = a.value.replace(/[\\u0000-\\u0020]/g, '');
      if (a.name.startsWith('on')) found.push(`<${tag} ${a.name}>`);
      if (['style', 'srcdoc', 'formaction'].includes(a.name)) found.push(`<${tag} ${a.name}>`);
      if (['href', 'src', 'action', 'data', 'poster', 'xlink:href'].includes(a.name) && risky.test(value))
        found.push(`<${tag} ${a.name}="${a.value}">`);
    }
  }
  const content = '.prose, .prompt, .options label, .feedback, .explanation, .question-text, h1, h2, h3, .crumbs, .who';
  const foreign = 'iframe, frame, object, embed, base, meta, link, style, svg, math, template, noscript, form, button,'
    // inputs: only the quiz's gaps, task-list boxes (disabled) and content-tab switches (issue 12)
    + ' input:not(.gap):not([type="checkbox"][disabled]):not([type="radio"][name^="__tabbed_"]),'
    + ' textarea, select, audio, video, source, marquee, [id="main"], [class*="flash"]';
  for (const el of document.querySelectorAll(content))
    for (const inner of el.querySelectorAll(foreign)) found.push(`<${inner.tagName.toLowerCase()}> inside ${el.className || el.tagName}`);
  if (document.querySelectorAll('#main').length !== 1) found.push('a second #main');
  return found;
}"""


@pytest.fixture
def lessons_dir(tmp_path: Path) -> Path:
    """The hostile course instead of the fixture course."""
    root = tmp_path / "hostile"
    write_hostile_course(root, (FIXTURE_COURSE / "01-basics" / "diagram.png").read_bytes())
    return root


@pytest.fixture
def hostile_learner(make_user):
    make_user("admin@example.com", role="admin")
    return make_user("eve@example.com", name=HOSTILE_NAME, department="<svg onload=alert('dept')>")


def visit_every_learner_page(page, submit: bool = True) -> list[str]:
    """Open each learner page of the hostile course, submit its quiz, and collect DOM violations."""
    violations = []

    def check(where: str) -> None:
        violations.extend(f"{where}: {v}" for v in page.evaluate(FIND_VIOLATIONS))

    sign_in(page, "eve@example.com", PASSWORD)
    check("dashboard")
    for path in ("/learn/hostile", "/learn/hostile/text", "/learn/hostile/quiz"):
        page.goto(path)
        check(path)
    if not submit:
        return violations
    questions = page.locator("fieldset.question")
    assert questions.count() == len(VECTORS) + 1, "the hostile quiz did not load whole"
    # right and wrong answers alternate, so both kinds of feedback are shown (set in one go: there are many)
    page.evaluate("""() => document.querySelectorAll('fieldset.question').forEach((q, n) => {
      const option = q.querySelector(`input[value='${n % 2}']`); if (option) option.checked = true; })""")
    questions.nth(len(VECTORS)).locator("input.gap").fill("yes")
    with page.expect_navigation():
        page.click("#submit-quiz")
    assert "/attempts/" in page.url
    assert page.locator(".feedback").count() == len(VECTORS)
    check("result")
    page.goto("/history")
    check("history")
    return violations


def test_hostile_content_runs_no_script(page, hostile_learner):
    violations = visit_every_learner_page(page)
    assert violations == []
    assert page.watch.dialogs == []
    # a script or inline handler blocked by the CSP would show here as a console error
    assert page.watch.console_errors == []
    assert page.inner_text(".who") == HOSTILE_NAME  # shown as text


def test_the_check_catches_a_broken_sanitiser(app, page, hostile_learner, monkeypatch):
    """Without the sanitiser the same visit must find violations: the test above can fail."""

    class NoCleaner:
        def clean(self, html: str) -> str:
            return html

    monkeypatch.setattr("course.content.markup._cleaner", NoCleaner)
    # the patch reaches only this process: render here, not in the render process
    monkeypatch.setattr(app.extensions["kurs_catalog"], "renderer", InProcess())
    violations = visit_every_learner_page(page, submit=False)
    assert any("onerror" in v for v in violations)
    assert any("<script>" in v for v in violations)
    assert page.watch.console_errors  # the CSP refused what got through
