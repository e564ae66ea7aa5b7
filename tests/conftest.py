import datetime as dt
import shutil
from pathlib import Path

import pytest

from deploy.harness import CHROMIUM_ARGS, block_outside, running_app
from pages import require_chromium

from geo.seeds import DEFAULT_DIR, load_seeds

AS_OF = dt.date(2013, 10, 31)
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every test under tests/browser/ drives Chromium: mark it ``browser`` (``-m "not browser"`` skips them)."""
    for item in items:
        if (TESTS / "browser") in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def seeds():
    return load_seeds(DEFAULT_DIR)


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of the shipped seed folder."""
    target = tmp_path / "seeds"
    shutil.copytree(DEFAULT_DIR, target)
    return target


# Browser fixtures: one app server per test module, one Chromium per module, a fresh offline page per test.
@pytest.fixture(scope="module")
def app_url():
    require_chromium()
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    path = require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.blocked = []
    block_outside(page, page.blocked)
    yield page
    context.close()


@pytest.fixture
def file_page(browser):
    """Opens a file:// URL in Chromium with every request that would leave the disk aborted; the
    page keeps what it tried in ``.requested``, what was aborted in ``.aborted``, script errors in ``.errors``."""
    contexts = []

    def open_page(uri: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.requested, page.aborted, page.errors = [], [], []

        def route(route):
            if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                page.aborted.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("request", lambda request: page.requested.append(request.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(uri)
        return page

    yield open_page
    for context in contexts:
        context.close()
