"""Templates compiled once per interface language: sentences translated then, values computed on each page."""

from __future__ import annotations

import pytest
from babel.support import NullTranslations
from markupsafe import Markup

from course.web import i18n, pretranslate

SOURCE = ("<title>{{ _('Dashboard') }}</title><p>{{ _('%(num)s min', num=minutes) }}</p>"
          "<p>{{ _('Done %% today') }}</p><html lang=\"{{ page_language() }}\">{{ gettext('Dashboard') }}")


GERMAN = {"Dashboard": "Übersicht", "%(num)s min": "%(num)s Min.", "Lesson %(position)s of %(total)s": "Lektion %(position)s von %(total)s",
          "%(first)s before %(second)s": "%(second)s nach %(first)s", "%(num)d tries": "%(num)d Versuche",
          "Sent to %(name)s": "An %(name)s gesendet (100 %%)", "Open": "%(missing)s offen"}


class German:
    language = "de"

    def gettext(self, string: str) -> str:
        return GERMAN.get(string, string)


class GermanTranslations(NullTranslations):
    def ugettext(self, message: str) -> str:
        return GERMAN.get(message, message)


def compiled(app, language, source: str = SOURCE) -> str:
    token = pretranslate._compiling.set(language)
    try:
        return app.jinja_env.compile(source, raw=True)
    finally:
        pretranslate._compiling.reset(token)


def test_sentences_and_the_page_language_are_settled_when_the_template_compiles(app):
    code = compiled(app, German())
    assert "'<title>Übersicht</title><p>'" in code and "'Dashboard'" not in code.split("<html")[0]
    assert "'%(num)s min'" not in code and "' Min.</p><p>Done % today</p>" in code  # the value stays an expression
    assert "minutes" in code
    assert '<html lang="de">' in code
    assert "'Dashboard'" in code.split("<html")[-1]  # only `_()` is folded, not gettext()


ADA = "&lt;b&gt;Ada &amp; Bo&lt;/b&gt;"
SENTENCES = [  # source, what a German reader sees, whether the sentence is settled when compiling
    ("{{ _('Lesson %(position)s of %(total)s', position=n, total=items|length) }}", "Lektion 3 von 2", True),
    ("{{ _('%(first)s before %(second)s', first=a, second=b if n else 'x') }}", f"<em>ok</em> nach {ADA}", True),
    ("{{ _('%(num)s min', num=f(n, 2)) }}, {{ _('Sent to %(name)s', name=a) }}", f"6 Min., An {ADA} gesendet (100 %)", True),
    ("{{ _('%(num)d tries', num=n) }}", "3 Versuche", False),  # another format: left to _()
    ("{{ _('Dashboard', unused=a) }} {{ _('Not in the catalog %(x)s', x=html) }}", "Übersicht Not in the catalog <i>x</i>", True),
    ("{% autoescape false %}{{ _('Sent to %(name)s', name=a) }}{% endautoescape %}", "An <b>Ada & Bo</b> gesendet (100 %)", True),
]


@pytest.mark.parametrize(("source", "shown", "settled"), SENTENCES)
def test_a_settled_sentence_gives_what_the_run_time_call_gives(app, monkeypatch, source, shown, settled):
    """Each value computed on the page and escaped as `_()` escapes it (not at all in text), in the translation's order."""
    monkeypatch.setattr(i18n, "_catalog", lambda: i18n._Catalog(GermanTranslations(), "de"))
    values = {"n": 3, "items": [1, 2], "a": "<b>Ada & Bo</b>", "b": Markup("<em>ok</em>"), "html": Markup("<i>x</i>"),
              "f": lambda x, y: x * y}
    results = []
    for language in (German(), None):
        token = pretranslate._compiling.set(language)
        try:
            template = app.jinja_env.from_string(source)
        finally:
            pretranslate._compiling.reset(token)
        with app.test_request_context():
            results.append(template.render(values))
    assert results == [shown, shown]
    assert ("resolve('_')" not in compiled(app, German(), source)) == settled  # no call of _() left on the page


def test_a_sentence_whose_translation_lacks_a_value_fails_at_run_time_as_before(app, monkeypatch):
    monkeypatch.setattr(i18n, "_catalog", lambda: i18n._Catalog(GermanTranslations(), "de"))
    code = compiled(app, German(), "{{ _('Open', state=s) }}")
    assert "'Open'" in code  # left to _(), which names the missing value when the page renders


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


def test_a_template_sees_the_environments_globals_and_its_own_in_one_plain_dict(app):
    """A plain dict is copied into each page's context in C; Jinja's ChainMap was copied key by key."""
    template = app.jinja_env.from_string("{{ own }} {{ url_for('static', filename='kurs.css') }}", globals={"own": "mine"})
    assert type(template.globals) is dict
    assert template.globals["url_for"] is app.jinja_env.globals["url_for"]
    with app.test_request_context():
        assert template.render() == "mine /static/kurs.css"
    assert "own" not in app.jinja_env.globals  # a template's own globals stay its own


def test_flasks_own_template_context_is_added_once_on_a_blueprints_page(app, client, make_user, auth):
    """Flask 3.1 copies its default processor into every blueprint; Kurs keeps the app's only."""
    from flask.templating import _default_template_ctx_processor

    chain = [p for name in (None, "learn") for p in app.template_context_processors.get(name, [])]
    assert chain.count(_default_template_ctx_processor) == 1
    make_user("de@example.com", language="de")
    auth.login("de@example.com")
    html = client.get("/history").get_data(as_text=True)  # base.html reads `session` (flashed messages) and `request`
    assert '<html lang="de">' in html and "Abmelden" in html
