"""The web app in a real browser: Debian's headless Chromium, driven by Playwright.

The app runs under uvicorn in a background thread on 127.0.0.1 and a free
port. Each test loads a page, acts as a user would (drags a slider, picks
options, uploads a file, runs Monte Carlo, filters the evidence), checks what
the page then shows, that the page made no request outside the app and raised
no error, and saves a screenshot to ``test-artefacts/``. The README's ``accord
serve`` command is started as a real process too.
"""

from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from accord.web import create_app
from conftest import ALASKA, ARTEFACTS, ROOT, needs_chromium

SCENARIO = ALASKA / "scenario.yaml"
TOY_TEXT = (Path(__file__).parent / "data" / "toy.yaml").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60.0, proc: subprocess.Popen[str] | None = None
                  ) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the server stopped: {proc.communicate()}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app on Alaska, served by uvicorn in a thread."""
    port = free_port()
    app = create_app([SCENARIO])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                        access_log=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/api/scenarios")
    yield base
    srv.should_exit = True
    thread.join(timeout=10)


class Page:
    """A page in a fresh browser context, recording requests and errors."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type == "error" and "422" not in m.text else None)

    def open_scenario(self) -> Any:
        self.page.goto(f"{self.base}/scenarios/alaska-2025")
        self.wait_verdict()
        return self.page

    def wait_verdict(self, state: str | None = None) -> str:
        # the verdict is looked for until the scenario's page has put it in place
        condition = ("(document.querySelector('#verdict')?.dataset.state ?? 'pending') "
                     + (f"=== '{state}'" if state else "!== 'pending'"))
        self.page.wait_for_function(condition, timeout=15_000)
        return str(self.page.text_content("#verdict"))

    def verdicts(self) -> dict[str, str]:
        return {row.get_attribute("data-actor"): row.get_attribute("data-verdict")
                for row in self.page.query_selector_all("#actor-results tr[data-actor]")}

    def finish(self, screenshot: str) -> None:
        ARTEFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / screenshot), full_page=True)
        outside = [u for u in self.requests if not u.startswith(self.base)
                   and not u.startswith("data:")]
        self.context.close()
        assert outside == [], outside
        assert self.errors == [], self.errors


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Page]:
    p = Page(browser, server)
    yield p
    if not p.context.pages:     # already finished
        return
    p.context.close()


@needs_chromium
def test_the_alaska_page_loads_with_its_verdicts(page: Page) -> None:
    page.page.goto(page.base + "/")
    assert page.page.text_content("#scenarios") is not None
    ARTEFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTEFACTS / "web-index.png"), full_page=True)
    page.page.click("a[href='/scenarios/alaska-2025']")
    assert page.wait_verdict() == "Not an agreement: rejected by Russia."
    assert page.verdicts() == {"us": "accepts", "ru": "rejects", "ua": "accepts",
                               "eu": "accepts", "hu": "accepts"}
    assert page.page.text_content("#deal-summary") == "Deal: (status quo)"
    page.page.wait_for_selector("#fig-utilities .main-svg")
    page.page.wait_for_function("document.querySelector('#nash').textContent.includes('Deal:')")
    assert page.page.eval_on_selector_all("input[data-param$='.reservation']", "e => e.length") \
        == 5
    page.finish("web-scenario.png")


@needs_chromium
def test_moving_a_reservation_slider_changes_the_verdict(page: Page) -> None:
    p = page.open_scenario()
    slider = p.locator("input[data-param='ru.reservation']")
    slider.fill("0.2")      # as a drag does: the value changes and 'input' fires
    assert page.wait_verdict("agreement") == "Agreement: every party with a veto accepts."
    assert p.input_value("input[data-param-number='ru.reservation']") == "0.2"
    assert page.verdicts()["ru"] == "accepts"
    assert p.text_content("#actor-results tr[data-actor='ru'] .reservation") == "0.200"
    assert p.text_content("#override-count") == "1 number(s) changed"
    p.fill("input[data-param-number='ru.reservation']", "0.9")
    page.wait_verdict("rejected")
    assert page.verdicts()["ru"] == "rejects"
    p.click("#reset-params")
    p.wait_for_function("document.querySelector('#override-count').textContent === ''")
    assert page.wait_verdict("rejected") == "Not an agreement: rejected by Russia."
    assert p.input_value("input[data-param-number='ru.reservation']") == "0.513"
    page.finish("web-slider.png")


@needs_chromium
def test_composing_a_proposal_updates_every_verdict(page: Page) -> None:
    p = page.open_scenario()
    p.select_option("#issue-nato", "renounced")
    p.select_option("#issue-donetsk", "ceded")
    p.select_option("#issue-luhansk", "ceded")
    p.select_option("#issue-recognition", "de-jure")
    p.wait_for_function("document.querySelector('#deal-summary').textContent.includes("
                        "'recognition=de-jure')")
    page.wait_verdict("rejected")
    after = page.verdicts()
    assert after["ua"] == "rejects"
    assert after["eu"] == "rejects"
    assert after["ru"] == "accepts"
    assert "rejected by" in str(p.text_content("#verdict"))
    assert p.query_selector_all("#nearest-changes li")
    p.click("#nearest-compose")             # the nearest agreement, composed
    assert page.wait_verdict("agreement") == "Agreement: every party with a veto accepts."
    assert set(page.verdicts().values()) == {"accepts"}
    p.select_option("#proposal-pick", "us-economic-package")
    page.wait_verdict("rejected")
    assert p.input_value("#issue-ceasefire") == "full"
    p.click("#nash-compose")
    page.wait_verdict("agreement")
    page.finish("web-composer.png")


@needs_chromium
def test_uploading_a_broken_scenario_shows_its_errors(page: Page, tmp_path: Path) -> None:
    p = page.page
    p.goto(page.base + "/")
    p.fill("#upload-text", TOY_TEXT.replace("status_quo: slow", "status_quo: slwo"))
    p.click("#upload-submit")
    p.wait_for_selector("#upload-errors:not([hidden])")
    text = str(p.text_content("#upload-errors"))
    assert re.search(r"pasted\.yaml:\d+:\d+: error: .*status quo", text), text
    assert "did you mean 'slow'?" in text
    ARTEFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTEFACTS / "web-upload-error.png"), full_page=True)
    good = tmp_path / "fine.yaml"
    good.write_text(TOY_TEXT.replace("A seller, a buyer", "An uploaded seller, a buyer"),
                    encoding="utf-8")
    p.fill("#upload-text", "")
    p.set_input_files("#upload-file", str(good))
    p.click("#upload-submit")
    p.wait_for_url(re.compile(r".*/scenarios/toy(-\d+)?$"))
    assert page.wait_verdict()
    assert "An uploaded seller" in str(p.text_content("h1"))
    p.click("#frontier-draw")               # the frontier of the uploaded scenario, drawn
    p.wait_for_selector("#fig-frontier .main-svg")
    assert re.match(r"\d+ agreements among 15 feasible deals \(of 18\)\.",
                    str(p.text_content("#frontier-status")))
    page.errors = [e for e in page.errors if "422" not in e]
    page.finish("web-upload-ok.png")


@needs_chromium
def test_monte_carlo_runs_with_a_progress_bar(page: Page) -> None:
    p = page.open_scenario()
    p.fill("#mc-draws", "1000")
    p.fill("#mc-seed", "3")
    p.evaluate("""() => {            // every status the page shows while the run goes
        window.mcSeen = [];
        const status = document.querySelector('#mc-status');
        new MutationObserver(() => window.mcSeen.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
    }""")
    p.click("#mc-run")
    p.wait_for_function("document.querySelector('#mc-status').textContent.startsWith('done')",
                        timeout=60_000)
    assert p.eval_on_selector("#mc-progress", "e => e.value === e.max && e.max === 1000")
    seen = p.evaluate("window.mcSeen")
    partial = [int(m[1].replace(",", "")) for m in
               (re.match(r"^([\d,]+) of 1,000 draws$", text) for text in seen) if m]
    assert any(0 < n < 1000 for n in partial), seen        # the bar moved while it ran
    assert partial == sorted(partial), seen
    agreement = str(p.text_content("#mc-agreement"))
    assert re.match(r"Some agreement exists in \d+\.\d% of the draws", agreement), agreement
    assert len(p.query_selector_all("#mc-result tr[data-mc-row]")) == 6   # 5 + the composed
    p.wait_for_selector("#fig-probability .main-svg")
    page.finish("web-montecarlo.png")


@needs_chromium
def test_the_evidence_browser_filters(page: Page) -> None:
    p = page.open_scenario()
    p.wait_for_function("document.querySelectorAll('#ev-rows tr').length > 0")
    total = len(p.query_selector_all("#ev-rows tr"))
    p.select_option("#ev-actor", "ru")
    p.wait_for_function(f"document.querySelectorAll('#ev-rows tr').length < {total}")
    actors = p.eval_on_selector_all("#ev-rows tr td:nth-child(2)", "e => e.map(x => x.textContent)")
    assert actors
    assert set(actors) == {"ru"}
    p.select_option("#ev-act", "demand")
    p.wait_for_function("[...document.querySelectorAll('#ev-rows tr')]"
                        ".every(r => r.dataset.act === 'demand')")
    p.fill("#ev-from", "2025-08-20")
    p.dispatch_event("#ev-from", "change")
    p.wait_for_function("document.querySelectorAll('#ev-rows tr').length === 0")
    assert str(p.text_content("#ev-count")).startswith("0 of")
    page.finish("web-evidence.png")


def _readme_serve_command() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    lines = [line.split(" #")[0].strip() for body in blocks for line in body.splitlines()
             if line.strip().startswith("accord serve")]
    assert len(lines) == 1, lines
    return shlex.split(lines[0])


def test_the_readme_serve_command_answers() -> None:
    args = _readme_serve_command()
    port = free_port()
    args[args.index("--port") + 1] = str(port)
    proc = subprocess.Popen([str(Path(sys.executable).parent / "accord"), *args[1:]], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", proc=proc)
        page = httpx.get(f"http://127.0.0.1:{port}/").text
        assert "Ukraine ceasefire talks around the Alaska summit" in page
        other = socket.gethostbyname(socket.gethostname())
        if not other.startswith("127."):       # bound to loopback only
            with pytest.raises(httpx.TransportError):
                httpx.get(f"http://{other}:{port}/", timeout=2.0)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/" in out, (out, err)


@needs_chromium
def test_the_api_documentation_renders_offline(page: Page) -> None:
    page.page.goto(page.base + "/docs")
    page.page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    paths = page.page.eval_on_selector_all(".opblock-summary-path",
                                           "e => e.map(x => x.textContent)")
    assert any("/api/scenarios/{sid}/evaluate" in p.replace("\u200b", "") for p in paths)
    page.finish("web-api-docs.png")
