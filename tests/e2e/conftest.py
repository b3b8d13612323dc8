"""Browser fixtures: the app on a loopback port, one headless Chromium per session, a page per test.

Browser tests run on SQLite only (the app tests cover PostgreSQL). Without Chromium they are
skipped, with the reason in pytest's summary, unless E2E_REQUIRED=1 (CI), which fails them.
Each failing test leaves a full-page screenshot in tests/e2e/failures/.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
    # no DNS lookups leave the machine: Chromium's own services would otherwise try
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
FAILURES = Path(__file__).parent / "failures"
DESKTOP = {"width": 1024, "height": 768}
PHONE = {"width": 375, "height": 740}
REPORTS = pytest.StashKey[dict]()


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.path)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # keep each phase's report, so the page fixture knows whether its test failed
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


def _unavailable(reason: str):
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(f"{reason}, and E2E_REQUIRED=1 forbids skipping the browser tests", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (install: apt-get install --no-install-recommends chromium)")


@pytest.fixture(scope="session")
def browser():
    """Launch one headless Chromium for the whole session (Debian's, not a downloaded one)."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
    except Exception as error:
        pw.stop()
        _unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
    yield chromium
    chromium.close()
    pw.stop()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Browser tests use a SQLite file: the server thread opens its own connection to it."""
    return f"sqlite:///{tmp_path / 'kurs.db'}"


@pytest.fixture
def live_server(app):
    """Serve the test's app on a free loopback port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


class Watch:
    """What a page did that a test may forbid: dialogs, console errors, script errors, 5xx answers."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.server_errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda error: self.console_errors.append(f"page error: {error}"))
        page.on("response", lambda r: r.status >= 500 and self.server_errors.append(f"{r.status} {r.url}"))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def open_page(browser, live_server, request):
    """Open pages (desktop size unless told otherwise) on the live server; screenshot on failure."""
    contexts = []

    def open_(viewport: dict = DESKTOP, **options):
        context = browser.new_context(viewport=viewport, base_url=live_server, **options)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.watch = Watch(page)
        contexts.append((context, page))
        return page

    yield open_
    report = request.node.stash.get(REPORTS, {}).get("call")
    for n, (context, page) in enumerate(contexts):
        if report is not None and report.failed and not page.is_closed():
            FAILURES.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
            page.screenshot(path=str(FAILURES / f"{name}-{n}.png"), full_page=True)
        server_errors = page.watch.server_errors
        context.close()
        assert not server_errors, f"the server answered with an error: {server_errors}"


@pytest.fixture
def page(open_page):
    """A desktop-sized page on the live server."""
    return open_page()

