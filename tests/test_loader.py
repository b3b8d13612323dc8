"""The course loader: ids, front matter, ordering, images, and errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.content.frontmatter import split_front_matter
from course.content.loader import load_course

PNG = b"\x89PNG\r\n\x1a\n"
LESSON = "---\ntitle: {title}\n---\nSome text.\n"
QUIZ = "<quiz>\nPick one.\n- [x] Right\n- [ ] Wrong\n</quiz>\n"


def make_course(root: Path, files: dict[str, str | bytes], base: bool = True) -> Path:
    """Write a course: a course.md and a module 01-basics with module.md (unless base=False), plus files."""
    everything = {"course.md": "---\ntitle: Test course\n---\nWelcome.\n", "01-basics/module.md": "---\ntitle: Basics\n---\nIntro.\n"}
    for name, content in ({**everything, **files} if base else files).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def load(root: Path):
    """Load the course and return it with its errors as 'relative/path:line: message'."""
    course = load_course(root)
    return course, [str(e).replace(f"{root}/", "") for e in course.errors]


def lesson_ids(course) -> list[tuple[str, str]]:
    return [(m.id, lesson.id) for m in course.modules for lesson in m.lessons]


def test_ids_come_from_names_without_number_prefix(tmp_path):
    root = make_course(tmp_path, {
        "01-social-media-basics/module.md": "---\ntitle: Basics\n---\n",
        "01-social-media-basics/01-why-it-matters.md": LESSON.format(title="Why"),
        "01-social-media-basics/02_the_networks.md": LESSON.format(title="Networks"),
        "01-social-media-basics/final-check.md": LESSON.format(title="Final"),
    }, base=False)
    course, errors = load(root)
    assert errors == []
    assert lesson_ids(course) == [
        ("social-media-basics", "why-it-matters"), ("social-media-basics", "the_networks"), ("social-media-basics", "final-check"),
    ]
    assert course.title == "Course"  # no course.md: a plain default title, no error


def test_id_in_front_matter_overrides_the_name(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/module.md": "---\ntitle: Basics\nid: social-basics\n---\n",
        "01-basics/03-renamed.md": "---\ntitle: Why\nid: why-it-matters\n---\nText.\n",
    })
    course, errors = load(root)
    assert errors == []
    assert lesson_ids(course) == [("social-basics", "why-it-matters")]
    assert course.lesson("social-basics", "why-it-matters").module_id == "social-basics"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"01-basics/01-Why it matters.md": LESSON.format(title="W")},
         "01-basics/01-Why it matters.md:1: the name '01-Why it matters' gives id 'Why it matters'"),
        ({"01-basics/01-a.md": "---\ntitle: A\nid: two words\n---\n"}, "01-basics/01-a.md:3: id 'two words' may hold only"),
    ],
)
def test_invalid_ids_are_errors(tmp_path, files, expected):
    _, errors = load(make_course(tmp_path, files))
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_duplicate_module_ids_keep_the_first(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/01-a.md": LESSON.format(title="A"),
        "02-basics/module.md": "---\ntitle: Basics again\n---\n",
        "02-basics/01-b.md": LESSON.format(title="B"),
        "03-other/module.md": "---\ntitle: Other\nid: basics\n---\n",
        "04-last/module.md": "---\ntitle: Last\n---\n",
        "04-last/01-c.md": LESSON.format(title="C"),
    })
    course, errors = load(root)
    assert errors == [
        "02-basics/module.md:1: duplicate module id 'basics': rename the folder or set id:",
        "03-other/module.md:1: duplicate module id 'basics': rename the folder or set id:",
    ]
    assert lesson_ids(course) == [("basics", "a"), ("last", "c")]
    assert course.module("basics").title == "Basics"


def test_duplicate_lesson_ids_keep_the_first(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/01-intro.md": LESSON.format(title="First"),
        "01-basics/02-intro.md": LESSON.format(title="Second"),
        "01-basics/03-other.md": "---\ntitle: Third\nid: intro\n---\n",
        "01-basics/04-end.md": LESSON.format(title="End"),
    })
    course, errors = load(root)
    assert [e.split(": ", 1) for e in errors] == [
        ["01-basics/02-intro.md:1", "duplicate lesson id 'intro' in this module: rename the file or set id:"],
        ["01-basics/03-other.md:1", "duplicate lesson id 'intro' in this module: rename the file or set id:"],
    ]
    assert [lesson.title for lesson in course.module("basics").lessons] == ["First", "End"]


def test_same_lesson_id_in_two_modules_is_fine(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/01-check.md": LESSON.format(title="A"),
        "02-more/module.md": "---\ntitle: More\n---\n",
        "02-more/01-check.md": LESSON.format(title="B"),
    })
    course, errors = load(root)
    assert errors == [] and lesson_ids(course) == [("basics", "check"), ("more", "check")]


def test_modules_and_lessons_are_ordered_by_their_number(tmp_path):
    files = {f"{n}-m{n}/module.md": f"---\ntitle: M{n}\n---\n" for n in (1, 2, 10)}
    files |= {f"2-m2/{n}-l{n}.md": LESSON.format(title=f"L{n}") for n in (10, 9, 1)}
    files["2-m2/appendix.md"] = LESSON.format(title="Appendix")
    course, errors = load(make_course(tmp_path, files, base=False))
    assert errors == []
    assert [m.id for m in course.modules] == ["m1", "m2", "m10"]
    assert [lesson.id for lesson in course.module("m2").lessons] == ["l1", "l9", "l10", "appendix"]


# (file, content, expected errors) -- each broken lesson is skipped, the good one still loads
BROKEN_LESSONS = [
    ("---\ntitle: T\ntitel: typo\nminute: 3\n---\n", [
        "3: unknown front matter key 'titel' (allowed: title, minutes, id, quiz, confirm)",
        "4: unknown front matter key 'minute' (allowed: title, minutes, id, quiz, confirm)",
    ]),
    ("---\ntitle: [unclosed\nminutes: 3\n---\nBody\n", ["3: invalid YAML in front matter: a list in square brackets is not closed with ']', or lacks a comma"]),
    ("---\ntitle: ok\n\tminutes: 3\n---\n", ["3: invalid YAML in front matter: a tab character: indent with spaces"]),
    ("---\ntitle: Never closed\n\nBody text\n", ["1: front matter is not closed: add a line '---' after it"]),
    ("---\nminutes: 3\n---\nNo title.\n", ["1: 'title' is missing from the front matter"]),
    ("Just text, no front matter.\n", ["1: 'title' is missing from the front matter"]),
    ("---\n- a list\n---\n", ["2: front matter must be 'key: value' lines"]),
    ("---\ntitle: [a, b]\n---\n", ["2: 'title' must be text"]),
    ("---\ntitle: T\nminutes: x\n---\n", ["3: 'minutes' must be a whole number of at least 1"]),
    ("---\ntitle: T\nminutes: 0\n---\n", ["3: 'minutes' must be a whole number of at least 1"]),
    ("---\ntitle: T\nminutes: 2.5\n---\n", ["3: 'minutes' must be a whole number of at least 1"]),
    ("---\ntitle: A\ntitle: B\n---\n", ["3: front matter key 'title' appears twice (also at line 2)"]),
    ("---\ntitle: A\n\x1f\n---\n", ["3: invalid YAML in front matter: the invisible character U+001F is not allowed"]),
    ("---\ntitle: A\n? [a, b]\n: c\n---\n", ["3: front matter keys must be plain words"]),
    ("---\ntitle: !!python/object:os.system x\n---\n", ["2: invalid YAML in front matter: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed here"]),
    ("---\ntitle: T\nquiz:\n  pass_percent: 120\n---\n" + QUIZ, ["3: quiz: pass_percent must be a whole number from 0 to 100"]),
    ("---\ntitle: T\n---\nText\n\n<quiz>\nPick.\n- [ ] a\n- [ ] b\n</quiz>\n", ["6: no correct answer: mark at least one with '- [x]'"]),
    ("---\ntitle: T\n---\n<quiz>\nPick.\n- [x] a\n- [ ] b\n", ["4: unclosed <quiz>: add </quiz> after the question"]),
]


@pytest.mark.parametrize(("content", "expected"), BROKEN_LESSONS, ids=[e[0] for _, e in BROKEN_LESSONS])
def test_broken_lesson_is_reported_with_its_line_and_skipped(tmp_path, content, expected):
    root = make_course(tmp_path, {
        "01-basics/01-good.md": LESSON.format(title="Good"),
        "01-basics/02-broken.md": content,
        "01-basics/03-after.md": LESSON.format(title="After"),
    })
    course, errors = load(root)
    assert errors == [f"01-basics/02-broken.md:{e}" for e in expected]
    assert lesson_ids(course) == [("basics", "good"), ("basics", "after")]


@pytest.mark.parametrize(
    ("module_md", "expected"),
    [
        ("---\ntitle: B\nmandatory: maybe\n---\n", "3: 'mandatory' must be true or false"),
        ("---\ntitle: B\ndue_days: -1\n---\n", "3: 'due_days' must be a whole number of at least 1"),
        ("---\ntitle: B\ndue_days: soon\n---\n", "3: 'due_days' must be a whole number of at least 1"),
        ("---\ntitle: B\nrecertify_months: 0\n---\n", "3: 'recertify_months' must be a whole number of at least 1"),
        ("---\ntitle: B\nminutes: 3\n---\n", "3: unknown front matter key 'minutes'"),
        ("---\nsummary: S\n---\n", "1: 'title' is missing from the front matter"),
    ],
)
def test_module_errors_are_reported_and_the_lessons_stay(tmp_path, module_md, expected):
    root = make_course(tmp_path, {"01-basics/module.md": module_md, "01-basics/01-a.md": LESSON.format(title="A")})
    course, errors = load(root)
    assert len(errors) == 1 and errors[0].startswith(f"01-basics/module.md:{expected}"), errors
    assert lesson_ids(course) == [("basics", "a")]


def test_module_rules_are_read(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/module.md": "---\ntitle: Basics\nsummary: First steps\nmandatory: true\ndue_days: 14\nrecertify_months: 12\n---\n**Intro**\n",
    })
    module = load(root)[0].module("basics")
    assert (module.title, module.summary, module.mandatory, module.due_days, module.recertify_months) == (
        "Basics", "First steps", True, 14, 12,
    )
    assert "<strong>Intro</strong>" in module.intro_html


@pytest.mark.parametrize("name", ["course.md", "01-basics/module.md"])
def test_a_quiz_outside_a_lesson_is_an_error(tmp_path, name):
    root = make_course(tmp_path, {name: f"---\ntitle: T\n---\nIntro.\n\n{QUIZ}\n```\n<quiz>\n```\n"})
    course, errors = load(root)
    assert errors == [f"{name}:6: a <quiz> belongs in a lesson file: move it into one"]
    shown = course.welcome_html if name == "course.md" else course.module("basics").intro_html
    assert "Right" not in shown and "&lt;quiz&gt;" in shown  # the example in code stays, the question does not


def test_missing_module_md_is_an_error_but_the_module_loads(tmp_path):
    root = make_course(tmp_path, {"02-eye-level/01-tone.md": LESSON.format(title="Tone")})
    course, errors = load(root)
    assert errors == ["02-eye-level/module.md:1: module.md is missing: add one with a title"]
    assert course.module("eye-level").title == "Eye level"
    assert lesson_ids(course) == [("eye-level", "tone")]


def test_folders_without_lessons_and_hidden_files_are_ignored(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/01-a.md": LESSON.format(title="A"),
        "images/logo.png": PNG,
        "_drafts/01-wip.md": "not even front matter",
        ".git/HEAD.md": "x",
        "01-basics/_draft.md": "broken",
        "01-basics/.notes.md": "broken",
    })
    course, errors = load(root)
    assert errors == [] and lesson_ids(course) == [("basics", "a")]


def test_non_utf8_file_is_reported_with_its_line(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/01-latin1.md": "---\ntitle: Grüße\n---\n".encode("latin-1"),
        "01-basics/02-ok.md": LESSON.format(title="Ok"),
    })
    course, errors = load(root)
    assert errors == ["01-basics/01-latin1.md:2: not UTF-8 text: save the file as UTF-8"]
    assert lesson_ids(course) == [("basics", "ok")]


def test_byte_order_mark_and_windows_line_endings_are_fine(tmp_path):
    text = "\ufeff---\r\ntitle: Windows\r\n---\r\nText.\r\n\r\n<quiz>\r\nPick.\r\n- [x] a\r\n- [ ] b\r\n</quiz>\r\n"
    root = make_course(tmp_path, {"01-basics/01-win.md": text.encode("utf-8")})
    course, errors = load(root)
    assert errors == []
    lesson = course.lesson("basics", "win")
    assert lesson.title == "Windows" and len(lesson.questions) == 1


# ---------------------------------------------------------------- images


def test_images_next_to_the_lesson_are_served_under_media(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/module.md": "---\ntitle: Basics\n---\n![Intro](intro.png)\n",
        "01-basics/intro.png": PNG,
        "01-basics/my pic.png": PNG,
        "shared/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        "01-basics/01-a.md": "---\ntitle: A\n---\n![A picture](my%20pic.png) ![Logo](../shared/logo.svg)\n\n"
                             "<quiz>\nWhat is this? ![q](intro.png)\n- [x] A ![o](intro.png)\n> ![f](intro.png)\n- [ ] B\n</quiz>\n",
    })
    course, errors = load(root)
    assert errors == []
    lesson = course.lesson("basics", "a")
    assert 'src="/media/01-basics/my%20pic.png"' in lesson.html
    assert 'src="/media/shared/logo.svg"' in lesson.html
    question = lesson.questions[0]
    assert 'src="/media/01-basics/intro.png"' in question.prompt_html[0]
    assert 'src="/media/01-basics/intro.png"' in question.options[0].html
    assert 'src="/media/01-basics/intro.png"' in question.options[0].feedback_html
    assert 'src="/media/01-basics/intro.png"' in course.module("basics").intro_html


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("![Gone](missing.png)", "image 'missing.png' not found"),
        ("![Source](02-b.md)", "image '02-b.md' not found"),
        ("![Out](../../x.png)", "image '../../x.png' leaves the course folder"),
        ("![Out](../../../etc/passwd)", "leaves the course folder"),
        ("![Root](/etc/x.png)", "image '/etc/x.png' is not a file in the course folder"),
        ("![Web](https://example.com/x.png)", "image 'https://example.com/x.png' is not a file in the course folder"),
        ("![Web](//example.com/x.png)", "is not a file in the course folder"),
        ('<img src="https://example.com/x.png">', "is not a file in the course folder"),
        ("<IMG SRC='missing.png'>", "image 'missing.png' not found"),
    ],
)
def test_bad_images_are_errors_at_their_line(tmp_path, markdown, message):
    (tmp_path / "x.png").write_bytes(PNG)  # outside the course folder
    root = make_course(tmp_path / "course", {
        "01-basics/01-a.md": f"---\ntitle: A\n---\nText.\n\n{markdown}\n",
        "01-basics/02-b.md": LESSON.format(title="B"),
    })
    course, errors = load(root)
    assert len(errors) == 1 and errors[0].startswith("01-basics/01-a.md:6: ") and message in errors[0], errors
    assert lesson_ids(course) == [("basics", "b")]


def test_missing_image_in_a_question_is_an_error(tmp_path):
    root = make_course(tmp_path, {"01-basics/01-a.md": "---\ntitle: A\n---\n<quiz>\nWhich? ![x](nope.png)\n- [x] a\n- [ ] b\n</quiz>\n"})
    _, errors = load(root)
    assert errors == ["01-basics/01-a.md:5: image 'nope.png' not found (or not a .gif, .jpeg, .jpg, .png, .svg, .webp file)"]


# ---------------------------------------------------------------- the lesson values


def test_lesson_values(tmp_path):
    words = " ".join(["word"] * 450)
    root = make_course(tmp_path, {
        "01-basics/01-long.md": f"---\ntitle: Long\n---\n{words}\n\n{QUIZ}",
        "01-basics/02-set.md": "---\ntitle: Set\nminutes: 7\n---\nShort.\n",
    })
    course, errors = load(root)
    assert errors == []
    long, short = course.module("basics").lessons
    assert long.minutes == 3  # 450 words + 30 for the question, at 200 a minute
    assert short.minutes == 7
    assert long.has_quiz and not short.has_quiz
    assert "<quiz>" not in long.html and "Pick one" not in long.html
    assert long.path.endswith("01-basics/01-long.md")
    assert course.lesson_count == 2 and course.question_count == 1


def test_content_hash_follows_the_file(tmp_path):
    root = make_course(tmp_path, {"01-basics/01-a.md": LESSON.format(title="A")})
    first = load(root)[0].lesson("basics", "a").content_hash
    assert load(root)[0].lesson("basics", "a").content_hash == first
    (root / "01-basics/01-a.md").write_text(LESSON.format(title="A, reworded"), encoding="utf-8")
    assert load(root)[0].lesson("basics", "a").content_hash != first


def test_missing_course_folder_is_one_error(tmp_path):
    course = load_course(tmp_path / "nowhere")
    assert [str(e) for e in course.errors] == [f"{tmp_path}/nowhere:1: course folder not found"] and course.modules == ()


def test_course_file_gives_title_and_welcome(tmp_path):
    root = make_course(tmp_path, {"course.md": "---\ntitle: Social media\n---\nWelcome **all**.\n"})
    course, errors = load(root)
    assert errors == [] and course.title == "Social media" and "<strong>all</strong>" in course.welcome_html
    root = make_course(tmp_path / "b", {"course.md": "---\ntitle: X\nsubtitle: Y\n---\n"})
    assert load(root)[1] == ["course.md:3: unknown front matter key 'subtitle' (allowed: title, languages, company, contract_number)"]


def test_course_file_names_the_company_for_certificates(tmp_path):
    root = make_course(tmp_path, {"course.md": "---\ntitle: Social media\ncompany: Nordwind Telekom GmbH\n---\n"})
    course, errors = load(root)
    assert errors == [] and course.company == "Nordwind Telekom GmbH"
    assert load(make_course(tmp_path / "b", {"course.md": "---\ntitle: X\n---\n"}))[0].company == ""


def test_split_front_matter_keeps_body_line_numbers():
    source, errors = split_front_matter("---\ntitle: T\nminutes: 3\n---\nFirst body line\n", "f.md")
    assert errors == []
    assert source.meta == {"title": "T", "minutes": 3}
    assert source.key_lines == {"title": 2, "minutes": 3}
    assert source.body_line == 5 and source.body.startswith("First body line")


def test_a_folder_without_modules_is_an_error(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("not a course", encoding="utf-8")
    course, errors = load(tmp_path)
    assert errors == ["course.md:1: no modules here: a module is a folder of lesson files with a module.md"]
    assert course.modules == ()


def test_a_lesson_beside_course_md_is_reported_not_lost(tmp_path):
    root = tmp_path / "course"
    (root / "01-basics").mkdir(parents=True)
    (root / "course.md").write_text("---\ntitle: C\n---\n", encoding="utf-8")
    (root / "01-basics" / "module.md").write_text("---\ntitle: Basics\n---\n", encoding="utf-8")
    (root / "01-basics" / "01-a.md").write_text("---\ntitle: A\n---\nText.\n", encoding="utf-8")
    (root / "intro.md").write_text("---\ntitle: Intro\n---\nLost?\n", encoding="utf-8")
    (root / "README.md").write_text("Notes for the trainers.\n", encoding="utf-8")
    (root / "_draft.md").write_text("draft\n", encoding="utf-8")
    course = load_course(root)
    assert [str(e) for e in course.errors] == [
        f"{root}/intro.md:1: a lesson must stand in a module folder: move it into one (or name it _draft.md to keep it aside)"
    ]
    assert [lesson.id for lesson in course.modules[0].lessons] == ["a"]


def test_a_short_title_heads_the_matrix_column_and_a_long_one_is_refused(tmp_path):
    root = make_course(tmp_path, {
        "01-basics/module.md": "---\ntitle: Basics of talking with customers in public\nshort_title: Basics\n---\nIntro.\n",
        "02-more/module.md": "---\ntitle: More\nshort_title: A header far too long for any column\n---\nIntro.\n",
    })
    course, errors = load(root)
    assert course.module("basics").header == "Basics" and course.module("more").header == "More"
    assert errors == ["02-more/module.md:3: short_title is a column header: at most 24 characters, not 36"]
