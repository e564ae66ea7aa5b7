"""Issue 36, point 6, in headless Chromium with every outside request blocked: the red team's what-if name
(a backtick, an image, a link) is shown as written in the export caption's command line and in the figure
button's tooltip; the page loads no image and shows no link from it (Chromium fetched evil.example/p.png)."""

from pages import ARTIFACTS, open_app, wait_settled

RED_TEAM = ("?what_if=a%60%21%5B%5D%28https%3A%2F%2Fevil.example%2Fp.png%29%5BVerify%5D%28%2F%2Fevil.example%29"
            "%60%4050%2C10%2C100")
NAME = "a`![](https://evil.example/p.png)[Verify](//evil.example)`"


def no_trace_of_it(page) -> None:
    """No image or link in the page (or its frames) leads to the name's host, and nothing was asked of it.
    (Links to the view itself carry the name in their query: their host is the app's.)"""
    for frame in page.frames:
        hosts = frame.evaluate("""() => [...document.querySelectorAll('img[src], a[href]')]
            .map(e => new URL(e.src || e.href, document.baseURI).hostname)""")
        assert "evil.example" not in hosts, frame.url
    assert [url for url in page.blocked if "evil.example" in url] == []


def test_the_red_teams_what_if_name_is_text(page, app_url):
    open_app(page, app_url, RED_TEAM)
    caption = page.locator("[data-testid=stCaptionContainer]", has_text="The same bytes as")
    caption.wait_for(timeout=60000)
    command = caption.locator("code")
    assert command.count() == 1 and f"--what-if '{NAME}@50,10,100'" in command.inner_text()
    no_trace_of_it(page)

    page.get_by_role("button", name="Download figure (PNG)").hover()
    tooltip = page.locator("[data-testid=stTooltipContent]", has_text="shieldmap figure")
    tooltip.wait_for(timeout=30000)
    assert f"--what-if '{NAME}@50,10,100'" in tooltip.locator("code").inner_text()
    assert "try again in a minute" in tooltip.inner_text()
    wait_settled(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "markdown-names.png"))
    no_trace_of_it(page)
    assert page.locator("[data-testid=stException]").count() == 0
