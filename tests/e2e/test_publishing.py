"""Publishing from the browser (issue 17): upload with an error shown first, edit-preview-publish, a stale edit, a restore."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import PASSWORD

from .helpers import sign_in

LESSON = "01-basics/01-welcome.md"
GOOD = "---\ntitle: Good lesson\n---\n\nA good lesson.\n"
BROKEN = "---\ntitle: Broken lesson\n---\n\nText.\n\n![gone](gone.png)\n"


@pytest.fixture
def people(make_user):
    make_user("admin@example.com", role="admin")
    make_user("tina@example.com", role="trainer", name="Tina Trainer")
    make_user("tom@example.com", role="trainer", name="Tom Trainer")
    make_user("ann@example.com", name="Ann Berger")


def module_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("03-extra/module.md", "---\ntitle: Extra\n---\n")
        archive.writestr("03-extra/01-good.md", GOOD)
        archive.writestr("03-extra/02-broken.md", BROKEN)
    return out.getvalue()


def test_an_uploaded_module_shows_its_broken_file_before_anything_is_published(page, people, lessons_dir):
    sign_in(page, "tina@example.com", PASSWORD)
    page.goto("/train/content")
    page.click("#upload-link")
    page.select_option("#upload-folder", "")
    page.set_input_files("#upload-files", {"name": "extra.zip", "mimeType": "application/zip", "buffer": module_zip()})
    page.click("#upload-button")
    errors = page.locator("#upload-errors")
    assert "03-extra/02-broken.md:7" in errors.inner_text() and "gone.png" in errors.inner_text()
    assert not (lessons_dir / "03-extra").exists()  # nothing written yet
    page.click("#publish-good")
    assert (lessons_dir / "03-extra/01-good.md").read_text() == GOOD
    assert not (lessons_dir / "03-extra/02-broken.md").exists()
    assert page.locator("#module-extra").count() == 1  # live at once, on the content page


def test_a_trainer_edits_previews_and_publishes_and_a_learner_sees_it(open_page, people, lessons_dir):
    trainer = open_page()
    sign_in(trainer, "tina@example.com", PASSWORD)
    trainer.goto("/train/content")
    trainer.click(f"a.edit-lesson[href$='{LESSON}']")
    source = trainer.locator("#source")
    source.fill(source.input_value() + "\nWritten in the browser today.\n")
    trainer.click("#preview-button")  # fetched by static/editor.js, shown beside the editor
    assert "Written in the browser today." in trainer.locator("#preview-lesson").inner_text()
    assert "Written in the browser" not in (lessons_dir / LESSON).read_text()
    source.fill(source.input_value() + "\n![missing](nowhere.png)\n")
    trainer.click("#preview-button")
    trainer.locator("#preview-errors .line-error").wait_for()
    assert "nowhere.png" in trainer.locator("#preview-errors").inner_text()
    source.fill(source.input_value().replace("\n![missing](nowhere.png)\n", ""))
    trainer.click("#publish-button")
    assert "Published" in trainer.locator(".flash").first.inner_text()
    learner = open_page()
    sign_in(learner, "ann@example.com", PASSWORD)
    learner.goto("/learn/basics/welcome")
    assert "Written in the browser today." in learner.locator(".prose").inner_text()
    assert not trainer.watch.console_errors


def test_a_stale_edit_is_refused_with_the_difference(open_page, people, lessons_dir):
    tina, tom = open_page(), open_page()
    sign_in(tina, "tina@example.com", PASSWORD)
    sign_in(tom, "tom@example.com", PASSWORD)
    for trainer in (tina, tom):
        trainer.goto(f"/train/content/edit/{LESSON}")
    tina.locator("#source").fill(tina.locator("#source").input_value() + "\nTina's sentence.\n")
    tina.click("#publish-button")
    tom.locator("#source").fill(tom.locator("#source").input_value() + "\nTom's sentence.\n")
    tom.click("#publish-button")
    diff = tom.locator("#conflict-diff").inner_text()
    assert "-Tina's sentence." in diff and "+Tom's sentence." in diff
    assert "Tom's sentence." in tom.locator("#source").input_value()  # nothing lost
    text = (lessons_dir / LESSON).read_text()
    assert "Tina's sentence." in text and "Tom's sentence." not in text


def test_a_restore_brings_back_the_earlier_text(open_page, people, lessons_dir):
    original = (lessons_dir / LESSON).read_text()
    trainer = open_page()
    sign_in(trainer, "tina@example.com", PASSWORD)
    trainer.goto(f"/train/content/edit/{LESSON}")
    trainer.locator("#source").fill("---\ntitle: Welcome\n---\n\nReplaced by mistake.\n")
    trainer.click("#publish-button")
    assert "Replaced by mistake." in (lessons_dir / LESSON).read_text()
    trainer.goto(f"/train/content/history/{LESSON}")
    trainer.locator("article.version").nth(1).locator("button.restore").click()
    assert "Restored" in trainer.locator(".flash").first.inner_text()
    assert (lessons_dir / LESSON).read_text() == original
    learner = open_page()
    sign_in(learner, "ann@example.com", PASSWORD)
    learner.goto("/learn/basics/welcome")
    assert "Replaced by mistake." not in learner.locator(".prose").inner_text()
