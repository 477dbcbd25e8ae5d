"""The app in headless Chromium: a Chinese question, English follow-ups, the sources
panel, feedback, the language switch and the indicator tab. Saves screenshots to
test-artifacts/ (ui.png: the chat; ui-indicators.png). Needs the system Chromium
(`apt-get install -y chromium fonts-wqy-microhei`); never `playwright install`."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei", allow_module_level=True)
pytest.importorskip("gradio")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no `playwright install`)")

REPO = Path(__file__).resolve().parents[1]
DOC = "majuqiao-2024"
ARTIFACTS = REPO / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 30_000
INPUT = "textarea[data-testid='textbox']"
BOT = "[data-testid='bot']"


@pytest.fixture(scope="module")
def server(serve_app):
    return serve_app()  # the real streaming delay, as users see it


@pytest.fixture(scope="module")
def chromium():  # not named `browser`: pytest-playwright's fixture of that name would launch its own build
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def ask(page, question: str, n: int, expect: str) -> str:
    """Type `question`, wait for the n-th bot message to hold `expect` and the answer to finish."""
    box = page.locator(INPUT).first
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        """([sel, n, expect]) => { const m = document.querySelectorAll(sel);
             return m.length >= n && m[n - 1].innerText.includes(expect); }""",
        arg=[BOT, n, expect], timeout=TIMEOUT_MS)
    page.wait_for_function("(sel) => !document.querySelector(sel).disabled", arg=INPUT, timeout=TIMEOUT_MS)
    return page.locator(BOT).nth(n - 1).inner_text()


def test_chat_sources_feedback_language_and_indicators(server, chromium, tmp_path, monkeypatch):
    feedback = tmp_path / "feedback.jsonl"
    monkeypatch.setenv("MJQ_FEEDBACK", str(feedback))
    outside = []
    page = chromium.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((server.rstrip("/"), "data:", "blob:")) else None)
    page.goto(server)
    page.wait_for_selector(INPUT, timeout=TIMEOUT_MS)
    assert page.get_by_role("tab", name="指标").is_visible()
    from mjq_assistant.knowledge import load_knowledge
    doc = load_knowledge(REPO / "knowledge").documents[DOC]
    # the header and the example questions come from doc.yaml
    assert doc.title.zh in page.locator("#mjq-header").inner_text()
    assert page.locator("#mjq-chatbot").get_by_text(doc.examples.zh[0]).first.is_visible()

    # a Chinese question: the figure in the answer, its passage in the sources panel
    text = ask(page, "2024年1至11月马驹桥镇规上工业产值是多少？", 1, "400.19")
    assert "400.19亿元" in text and "[1]" in text
    source = page.locator("#mjq-sources .mjq-source").first
    source.wait_for(timeout=TIMEOUT_MS)
    assert f"{DOC}#p" in source.inner_text()
    assert source.locator(".mjq-doc").inner_text() == f"《{doc.title.zh}》"  # the cited document, next to it
    assert source.locator("mark").first.inner_text() == "400.19亿"
    assert "40.019 billion" in source.locator(".mjq-translation").inner_text()

    # an English follow-up: "it" is the output asked about before
    text = ask(page, "And how fast did it grow year on year?", 2, "230.08%")
    assert "[1]" in text
    assert "230.08%" in page.locator("#mjq-sources mark").all_inner_texts()

    # another English question
    text = ask(page, "How many new market entities were there in 2024?", 3, "4681")
    assert "[1]" in page.locator(BOT).nth(2).inner_text()
    page.wait_for_function("() => document.querySelector('#mjq-sources').innerText.includes('4681')",
                           timeout=TIMEOUT_MS)

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "ui.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"\nscreenshot: {shot}")

    # feedback on the last answer, with a comment
    page.locator("#mjq-comment textarea").fill("清楚，有出处")
    page.locator("#mjq-up").click()
    page.wait_for_function("() => document.querySelector('#mjq-feedback-status').innerText.includes('谢谢')",
                           timeout=TIMEOUT_MS)
    record = json.loads(feedback.read_text(encoding="utf-8").splitlines()[-1])
    assert record["rating"] == "up" and record["comment"] == "清楚，有出处" and "4681" in record["answer"]
    assert record["question"] == "How many new market entities were there in 2024?" and record["language"] == "en"

    # the chatbot's own thumbs: a dislike of the first answer records the first question
    dislike = "#mjq-chatbot button[aria-label='Dislike'], #mjq-chatbot button[aria-label='踩']"  # Gradio translates it
    page.locator(dislike).first.click()
    for _ in range(60):  # the like event writes from the server: wait for the second line, at most 30 s
        if len(feedback.read_text(encoding="utf-8").splitlines()) >= 2:
            break
        page.wait_for_timeout(500)
    records = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2
    assert records[-1]["rating"] == "down" and records[-1]["question"] == "2024年1至11月马驹桥镇规上工业产值是多少？"
    assert "400.19" in records[-1]["answer"] and records[-1]["language"] == "zh"

    # the interface in English, then the indicator tab: search and CSV download
    page.get_by_label("English").check()
    page.get_by_role("tab", name="Indicators").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#mjq-up").inner_text().strip() == "Helpful"
    page.get_by_role("tab", name="Indicators").click()
    page.locator("#mjq-search input, #mjq-search textarea").first.fill("Tongzhou share")
    page.wait_for_function("() => /Indicators \\((\\d|1\\d) rows\\)/.test(document.body.innerText)",
                           timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#mjq-download").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith("document,id,scope_zh,")
    ids = {(r["document"], r["id"]) for r in csv.DictReader(io.StringIO(csv_text))}
    assert (DOC, "ind-04") in ids and (DOC, "ind-02") not in ids
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "ui-indicators.png"), full_page=True)

    assert outside == [], f"the page fetched from outside the app (it must work offline): {outside}"
    page.close()
