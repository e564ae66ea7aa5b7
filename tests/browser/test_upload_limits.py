"""The files a visitor may have uploaded at once, in the browser (issue 36.1): the uploader's label says how
many; past them Streamlit's own uploader marks the file it could not upload, and the others are drawn."""

from pathlib import Path

from geo.uploads import MAX_FILES
from pages import ARTIFACTS, MISSION, drawn, open_app, wait_for_counts, wait_settled


def test_one_file_more_than_a_visitor_may_hold(page, app_url, tmp_path):
    paths = []
    for n in range(MAX_FILES + 1):
        paths.append(Path(tmp_path / f"points{n}.csv"))
        paths[-1].write_text(f"name,lat,lon\np{n},{50 + n},10\n")
    frame = open_app(page, app_url)
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    uploader = page.locator("[data-testid=stFileUploader]")
    assert f"up to {MAX_FILES} files at once, 5 MiB and 5,000 features a file" in uploader.inner_text()
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(p) for p in paths])
    counts = wait_for_counts(frame, lambda c: len([k for k in drawn(c) if k.startswith("user_")]) == MAX_FILES)
    wait_settled(page)
    assert all(count == 1 for layer, count in drawn(counts).items() if layer.startswith("user_"))
    refused = uploader.get_by_text("status code 413")
    refused.wait_for()
    assert refused.count() == 1
    assert page.locator("[data-testid=stException]").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    uploader.screenshot(path=str(ARTIFACTS / "app-upload-limit.png"))


def test_a_file_the_server_does_not_hold_is_one_line(page, app_url, tmp_path):
    """Issue 36.7 as a visitor meets it: the browser's upload went to a server that does not hold the file (here
    answered on the way, as another backend behind a proxy would), so the rerun names a file this server does not
    have. One line in the visitor's language; the page and the map stay (before: AttributeError, the page
    ended); the next file uploads and is drawn."""
    lost, kept = tmp_path / "lost.csv", tmp_path / "kept.csv"
    lost.write_text("name,lat,lon\nlost,52,13\n")
    kept.write_text("name,lat,lon\nkept,53,14\n")
    frame = open_app(page, app_url, "?lang=ru")
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)

    def elsewhere(route):
        return route.fulfill(status=204) if route.request.method == "PUT" else route.continue_()

    page.route("**/_stcore/upload_file/**", elsewhere)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(lost)])
    error = page.locator("[data-testid=stAlertContentError]").first
    error.wait_for()
    assert error.inner_text() == ("Не удалось добавить загруженный файл: файла больше нет на сервере; "
                                  "добавьте его снова")
    assert page.locator("[data-testid=stException]").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "app-upload-gone.png"))
    page.unroute("**/_stcore/upload_file/**")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(kept)])
    counts = wait_for_counts(frame, lambda c: drawn(c).get("user_kept") == 1)
    assert {k: v for k, v in drawn(counts).items() if not k.startswith("user_")} == MISSION
