"""Response headers that keep pages from running anything Kurs did not ship; hostile input refused.

Behind a reverse proxy (KURS_TRUSTED_PROXIES = how many), the client's address comes from
X-Forwarded-For; without one, that header is ignored, since any client can write it.
"""

from __future__ import annotations

from flask import Flask, Response, abort
from flask.globals import _cv_app, _cv_request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# endpoints whose responses set their own caching: the app's static files and lesson images
CACHEABLE = {"static", "learn.media"}


class FixedHeaders:
    """WSGI middleware: HEADERS on every response, appended to its header list in one step.

    Four werkzeug header sets per response cost more than the rest of the security work; a
    response that sets one of them itself (lesson images) keeps its own, and its policy still
    forbids framing. Error pages and redirects pass through here as well.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.fixed = [(name, value) for name, value in HEADERS.items()]
        self.names = {name.lower() for name in HEADERS}

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            own = [i for i, (name, _) in enumerate(headers) if name.lower() in self.names]
            if not own:
                headers.extend(self.fixed)
            else:
                _add_missing(headers, own, self.fixed)
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def _add_missing(headers: list[tuple[str, str]], own: list[int], fixed: list[tuple[str, str]]) -> None:
    """Add the fixed headers a response does not set itself; its own policy gets frame-ancestors 'none'."""
    present = {headers[i][0].lower() for i in own}
    for i in own:
        name, value = headers[i]
        if name.lower() == "content-security-policy" and "frame-ancestors" not in value:
            headers[i] = (name, value + "; frame-ancestors 'none'")
    headers.extend((name, value) for name, value in fixed if name.lower() not in present)


class RecordId(IntegerConverter):
    """An `int` URL part no larger than a database integer: a bigger one is not found (404), not a crash."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**63 - 1, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def has_nul(values) -> bool:
    """Return whether any of these strings holds a NUL character."""
    return any("\x00" in value for value in values)


def _strings(multidict) -> list[str]:
    return [text for pair in multidict.items(multi=True) for text in pair]


def init_app(app: Flask) -> None:
    """Trust the configured proxies, bound ids, refuse NUL characters, add the headers to every response."""
    app.url_map.converters["int"] = RecordId  # before any blueprint adds its routes
    proxies = int(app.config.get("KURS_TRUSTED_PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    def _refuse_nul() -> None:
        # no text in Kurs holds NUL; PostgreSQL refuses to store it, so stop it at the door
        request = _cv_request.get().request  # every request runs this: no proxy per use
        environ = request.environ
        # a decoded path or query holds NUL only where the raw one holds it or "%00": no need to parse them
        query = environ.get("QUERY_STRING", "")
        if "\x00" in environ.get("PATH_INFO", "") or "%00" in query or "\x00" in query:
            abort(400)
        if request.method == "POST" and has_nul(_strings(request.form)):
            abort(400)

    # first of all checks, before any of them looks a value up in the database
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_nul)

    app.wsgi_app = FixedHeaders(app.wsgi_app)

    @app.after_request
    def _private(response: Response) -> Response:
        # what a signed-in person sees (pages, CSV downloads) stays out of every cache, shared or
        # the browser's; lesson images say `private` themselves, the static files are public
        # every response passes here: the contexts themselves, not a proxy per use
        if getattr(_cv_app.get().g, "user", None) is not None and _cv_request.get().request.endpoint not in CACHEABLE:
            response.headers["Cache-Control"] = "no-store"
        return response
