"""Templates compiled once per interface language: fixed strings translated then, the rest left to run time."""

from __future__ import annotations

import pytest

from course.web import pretranslate

SOURCE = ("<title>{{ _('Dashboard') }}</title><p>{{ _('%(num)s min', num=minutes) }}</p>"
          "<p>{{ _('Done %% today') }}</p><html lang=\"{{ page_language() }}\">{{ gettext('Dashboard') }}")


class German:
    language = "de"

    def gettext(self, string: str) -> str:
        return {"Dashboard": "Übersicht", "%(num)s min": "%(num)s Min."}.get(string, string)


def compiled(app, language) -> str:
    token = pretranslate._compiling.set(language)
    try:
        return app.jinja_env.compile(SOURCE, raw=True)
    finally:
        pretranslate._compiling.reset(token)


def test_a_fixed_string_and_the_page_language_are_settled_when_the_template_compiles(app):
    code = compiled(app, German())
    assert "'<title>Übersicht</title><p>'" in code and "'Dashboard'" not in code.split("<html")[0]
    assert "'%(num)s min'" in code  # a string with values is translated and formatted at run time
    assert "'Done %% today'" in code  # a % in the text: left to _() as well
    assert '<html lang="de">' in code
    assert "'Dashboard'" in code.split("<html")[-1]  # only `_()` is folded, not gettext()


@pytest.mark.parametrize("language", [None, type("Unknown", (), {"language": None, "gettext": str})()])
def test_without_a_known_language_every_call_stays(app, language):
    code = compiled(app, language)
    assert "'Dashboard'" in code and "'Übersicht'" not in code and "page_language" in code


def test_one_template_renders_in_each_readers_language(client, make_user, auth):
    make_user("de@example.com", language="de")
    make_user("en@example.com", language="en")
    for email, dashboard, language in (("de@example.com", "Übersicht", "de"), ("en@example.com", "Dashboard", "en"),
                                       ("de@example.com", "Übersicht", "de")):
        auth.login(email)
        html = client.get("/history").get_data(as_text=True)
        assert f'<html lang="{language}">' in html and f">{dashboard}</a>" in html, email
        auth.logout()


def test_kurs_still_recognises_a_coroutine_view(app):
    async def view():
        return "async"

    def plain():
        return "plain"

    assert app.ensure_sync(plain) is plain and app.ensure_sync(plain) is plain
    try:
        wrapped = app.ensure_sync(view)
    except RuntimeError as exc:  # Flask without its async extra says so: it was seen as a coroutine
        assert "async" in str(exc)
    else:
        assert wrapped is not view and wrapped() == "async"
