"""The app in headless Chromium at desktop (1440x900) and phone (390x844) sizes: answers with
their own sources, follow-ups, per-answer feedback, clearing, conversations that survive a reload,
export, the language switch (Gradio's labels and <html lang> too), the indicators view, the phone
layout, and WCAG AA checked with axe-core. Screenshots go to test-artifacts/.

Needs the system Chromium (`apt-get install -y chromium fonts-wqy-microhei`; never `playwright
install`) and axe-core from npm (`make test-tools`, or MJQ_AXE=<path of axe.min.js>)."""
from __future__ import annotations

import csv
import json
import os
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
AXE = Path(os.environ.get("MJQ_AXE") or REPO / ".test-tools" / "node_modules" / "axe-core" / "axe.min.js")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000
INPUT = "#mjq-input textarea"
BOT = "[data-testid='bot']"
USER = "[data-testid='user']"
ZH_QUESTION = "2024年1至11月马驹桥镇规上工业产值是多少？"


@pytest.fixture(scope="module")
def server(serve_app):
    return serve_app()  # the real streaming delay, as users see it


@pytest.fixture(scope="module")
def chromium():  # not named `browser`: pytest-playwright's fixture of that name would launch its own build
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(server, chromium):
    """open_page(viewport) -> a page of the app in a fresh browser profile (no stored conversations);
    every request it makes outside the app fails the test (the app must work offline)."""
    contexts, outside = [], []

    def start(viewport=DESKTOP, locale="zh-CN", url=None):
        url = url or server
        context = chromium.new_context(viewport=viewport, locale=locale, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith((url.rstrip("/"), "data:", "blob:")) else None)
        page.goto(url)
        page.wait_for_selector(INPUT, timeout=TIMEOUT_MS)
        # the load events have run: the conversation list names the current conversation
        page.wait_for_function("() => document.querySelector('#mjq-session input')?.value", timeout=TIMEOUT_MS)
        page.wait_for_timeout(300)
        return page

    yield start
    for context in contexts:
        context.close()
    assert outside == [], f"the page fetched from outside the app: {outside}"


def ask(page, question: str, n: int, expect: str = "") -> object:
    """Type `question`, wait for the n-th answer to be complete (its sources shown) and hold `expect`."""
    page.locator(INPUT).fill(question)
    page.locator(INPUT).press("Enter")
    return wait_answer(page, n, expect)


def wait_answer(page, n: int, expect: str = ""):
    page.wait_for_function(
        """([sel, n, expect]) => { const m = document.querySelectorAll(sel);
             return m.length >= n && m[n - 1].innerText.includes(expect)
                    && m[n - 1].querySelector('.mjq-sources, .mjq-notice'); }""",
        arg=[BOT, n, expect], timeout=TIMEOUT_MS)
    page.wait_for_function("(sel) => document.activeElement === document.querySelector(sel)", arg=INPUT,
                           timeout=TIMEOUT_MS)  # focus is back in the input
    return page.locator(BOT).nth(n - 1)


def shoot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    print(f"\nscreenshot: {path}")
    return path


def axe_violations(page) -> list:
    """axe-core's WCAG 2 A/AA violations on the page: [(rule, [element, …]), …]."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test-tools` (npm install axe-core)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
        return r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)]); }""")


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def wait_records(page, path: Path, n: int) -> list[dict]:
    for _ in range(60):  # feedback is written by the server: at most 30 s
        if len(records(path)) >= n:
            break
        page.wait_for_timeout(500)
    return records(path)


def test_answers_sources_follow_ups_feedback_and_clearing(open_page, tmp_path, monkeypatch):
    feedback = tmp_path / "feedback.jsonl"
    monkeypatch.setenv("MJQ_FEEDBACK", str(feedback))
    page = open_page()
    from mjq_assistant.knowledge import load_knowledge
    doc = load_knowledge(REPO / "knowledge").documents[DOC]
    assert doc.title.zh in page.locator("#mjq-header").inner_text()
    assert page.locator("#mjq-chatbot").get_by_text(doc.examples.zh[0]).first.is_visible()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"

    # an empty or blank question is refused in the interface's language, and nothing is added
    page.locator(INPUT).fill("   ")
    page.locator("#mjq-send").click()
    page.locator("#mjq-input").get_by_text("请先输入问题。").wait_for(timeout=TIMEOUT_MS)
    assert page.locator(USER).count() == 0 and page.locator(BOT).count() == 0

    # an example question, clicked: answered, with its sources under it
    page.locator("#mjq-chatbot").get_by_text(doc.examples.zh[2]).first.click()
    first = wait_answer(page, 1, "400.19亿元")
    card = first.locator(".mjq-source").first
    assert not card.evaluate("c => c.open")  # folded until asked for
    first.locator("a.mjq-ref").first.click()  # its [1] opens its card
    page.wait_for_function("(c) => c.open", arg=card.element_handle(), timeout=TIMEOUT_MS)
    assert doc.title.zh in card.locator("summary").inner_text()
    zh, en = card.locator(".mjq-zh"), card.locator(".mjq-en")
    assert zh.locator("mark").first.inner_text() == "400.19亿" and "40.019 billion" in en.inner_text()
    assert en.bounding_box()["x"] > zh.bounding_box()["x"] + 200  # side by side on a desktop

    # typed HTML is shown as text: no bold, no image, nothing fetched (open_page checks requests)
    typed = "<b>粗体</b> **星号** 2024年马驹桥镇新增市场主体多少家？"
    second = ask(page, typed, 2, "4681")
    bubble = page.locator(USER).nth(1)
    assert bubble.inner_text().strip() == typed
    assert bubble.locator("b, img, strong").count() == 0

    # follow-ups under the latest answer: 2-3, from the data; one click asks it
    options = page.locator("#mjq-chatbot button.option")
    assert 2 <= options.count() <= 3, options.all_inner_texts()
    follow_up = options.first.inner_text().strip()
    options.first.click()
    third = wait_answer(page, 3)
    assert page.locator(USER).nth(2).inner_text().strip() == follow_up
    assert third.locator(".mjq-source").count() >= 1
    assert first.locator(".mjq-source").count() >= 1 and "p02" in first.locator("summary").first.inner_text()
    assert "4681" in second.locator(".mjq-zh").first.text_content()  # each answer keeps its own sources (folded)
    shoot(page, "desktop-chat.png")

    violations = axe_violations(page)
    assert violations == [], violations

    # a thumb on the first answer records that answer, with its server-issued id; then a comment on it
    first.hover()
    page.locator("#mjq-chatbot button[aria-label='踩']").first.click()
    page.locator("#mjq-comment-row").wait_for(state="visible", timeout=TIMEOUT_MS)
    assert "第 1 个回答" in page.locator("#mjq-comment").inner_text()
    saved = wait_records(page, feedback, 1)
    assert saved[0]["rating"] == "down" and saved[0]["question"] == doc.examples.zh[2]
    assert "400.19" in saved[0]["answer"] and len(saved[0]["answer_id"]) == 24
    page.locator("#mjq-comment textarea").fill("缺少增长率")
    page.locator("#mjq-send-comment").click()
    page.get_by_text("谢谢，意见已记录。").wait_for(timeout=TIMEOUT_MS)
    saved = wait_records(page, feedback, 2)
    assert saved[1]["comment"] == "缺少增长率" and saved[1]["answer_id"] == saved[0]["answer_id"]
    shoot(page, "desktop-feedback.png", full_page=False)

    # clearing empties the conversation, its sources and the feedback state
    first.hover()
    page.locator("#mjq-chatbot button[aria-label='踩']").first.click()
    page.locator("#mjq-comment-row").wait_for(state="visible", timeout=TIMEOUT_MS)
    page.locator("#mjq-chatbot button[aria-label='清空对话'], #mjq-chatbot button[aria-label='清除']").first.click()
    page.wait_for_function("() => !document.querySelector('#mjq-chatbot .mjq-source')", timeout=TIMEOUT_MS)
    assert page.locator(BOT).count() == 0
    page.locator("#mjq-comment-row").wait_for(state="hidden", timeout=TIMEOUT_MS)
    assert page.locator("#mjq-feedback-status").inner_text().strip() == ""


def test_conversations_survive_a_reload_and_export(open_page):
    page = open_page()
    ask(page, ZH_QUESTION, 1, "400.19")
    page.locator("#mjq-new").click()
    page.wait_for_function("(s) => document.querySelectorAll(s).length === 0", arg=BOT, timeout=TIMEOUT_MS)
    ask(page, "How many new market entities were there in 2024?", 1, "4681")
    page.locator("#mjq-title textarea, #mjq-title input").first.fill("Market entities")
    page.locator("#mjq-rename").click()
    page.wait_for_function("() => document.querySelector('#mjq-session input').value === 'Market entities'",
                           timeout=TIMEOUT_MS)

    page.reload()
    page.wait_for_selector(f"{BOT} .mjq-source", timeout=TIMEOUT_MS)  # the current conversation is back
    assert "4681" in page.locator(BOT).first.inner_text()
    assert page.locator("#mjq-session input").input_value() == "Market entities"
    page.locator("#mjq-session input").click()
    page.get_by_role("option", name=ZH_QUESTION).click()  # the other one, titled by its question
    page.wait_for_function("() => document.querySelector(\"[data-testid='bot']\")?.innerText.includes('400.19')",
                           timeout=TIMEOUT_MS)
    shoot(page, "desktop-sessions.png", full_page=False)

    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#mjq-export").click()
    assert download.value.suggested_filename.endswith(".md")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert ZH_QUESTION in text and "400.19亿元[1]" in text and f"`{DOC}#p02`" in text
    assert "> 2024年1至11月，马驹桥镇规模以上工业企业91家" in text

    page.locator("#mjq-delete").click()
    page.wait_for_function("() => document.querySelector('#mjq-session input').value === 'Market entities'",
                           timeout=TIMEOUT_MS)
    page.locator("#mjq-session input").click()
    assert page.get_by_role("option").count() == 1


def test_language_switch_translates_gradio_and_the_page_language(open_page):
    page = open_page()
    assert page.get_by_text("通过 API 使用").first.is_visible()  # Gradio's own footer, in Chinese
    page.get_by_label("English").check()
    page.get_by_role("tab", name="Indicators").wait_for(timeout=TIMEOUT_MS)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_text("Use via API").first.wait_for(timeout=TIMEOUT_MS)  # ...and Gradio's labels follow
    assert page.locator("#mjq-send").inner_text().strip() == "Send"
    ask(page, ZH_QUESTION, 1, "400.19")
    assert page.locator("#mjq-chatbot button[aria-label='Dislike']").count() >= 1
    assert page.locator("a.mjq-ref").first.inner_text() == "[1]"
    violations = axe_violations(page)
    assert violations == [], violations
    page.reload()  # the choice is kept
    page.get_by_role("tab", name="Indicators").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("Use via API").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_label("中文").check()
    page.get_by_role("tab", name="指标").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("通过 API 使用").first.wait_for(timeout=TIMEOUT_MS)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"


def test_indicators_search_chart_and_downloads(open_page):
    page = open_page()
    page.get_by_role("tab", name="指标").click()
    chart = page.locator("#mjq-chart img")
    chart.wait_for(timeout=TIMEOUT_MS)
    every = chart.get_attribute("src")
    page.locator("#mjq-search textarea, #mjq-search input").first.fill("Tongzhou share")
    page.wait_for_function("() => /指标表（(\\d|1\\d) 行）/.test(document.body.innerText)", timeout=TIMEOUT_MS)
    page.wait_for_function("(src) => document.querySelector('#mjq-chart img')?.src !== src", arg=every,
                           timeout=TIMEOUT_MS)  # the chart follows the search
    for button, name in (("#mjq-download", "mjq-indicators-tongzhou-share.csv"),
                         ("#mjq-download-xlsx", "mjq-indicators-tongzhou-share.xlsx")):
        with page.expect_download(timeout=TIMEOUT_MS) as download:
            page.locator(button).click()
        assert download.value.suggested_filename == name
    from openpyxl import load_workbook
    with open(download.value.path(), "rb") as handle:  # the saved download has no suffix
        ids = {row[1].value for row in load_workbook(handle).active.iter_rows(min_row=2)}
    assert "ind-04" in ids and "ind-02" not in ids
    assert not page.locator("#mjq-cards .mjq-card").first.is_visible()  # cards are for phones
    page.wait_for_timeout(500)
    shoot(page, "desktop-indicators.png")


def test_phone_layout(open_page):
    page = open_page(PHONE)
    title = page.locator("#mjq-header h1").bounding_box()
    switch = page.locator("#mjq-lang").bounding_box()
    assert switch["y"] >= title["y"] + title["height"] - 1  # the header is stacked
    box = page.locator(INPUT).bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]  # the input is above the fold
    shoot(page, "phone-start.png", full_page=False)
    answer = ask(page, "2024年1至11月马驹桥镇社会消费品零售额是多少？", 1, "94.45")
    answer.locator("a.mjq-ref").first.click()
    card = answer.locator(".mjq-source").first
    page.wait_for_function("(c) => c.open", arg=card.element_handle(), timeout=TIMEOUT_MS)
    # both boxes in one snapshot: the page may still be scrolling to the opened card between two reads
    zh_bottom, en_top = card.evaluate("c => [c.querySelector('.mjq-zh').getBoundingClientRect().bottom, "
                                      "c.querySelector('.mjq-en').getBoundingClientRect().top]")
    assert en_top >= zh_bottom - 1  # the two languages stacked, under the answer
    assert "240.39亿元" in card.locator(".mjq-zh").inner_text()  # the whole sentence beside its English
    assert "240.39亿元" in card.locator(".mjq-en").inner_text()
    shoot(page, "phone-chat.png", full_page=False)
    violations = axe_violations(page)
    assert violations == [], violations
    typed = "<img src='http://192.0.2.1/x.png'>"
    ask(page, typed, 2)
    assert page.locator(USER).nth(1).inner_text().strip() == typed and page.locator(f"{USER} img").count() == 0

    page.get_by_role("tab", name="指标").click()
    page.locator("#mjq-cards .mjq-card").first.wait_for(timeout=TIMEOUT_MS)
    assert not page.locator("#mjq-table").is_visible()  # cards, not a ten-column table
    assert page.locator("#mjq-cards .mjq-card").first.bounding_box()["width"] <= PHONE["width"]
    shoot(page, "phone-indicators.png", full_page=False)


def test_documents_tab_reviews_a_user_documents_rows(open_page, serve_app, user_document):
    """The Documents tab over an app with a document added by `mjq add` (conftest.user_document): the
    list, a user document's rows in an editable table, a row accepted and saved; then a shipped one, read-only."""
    page = open_page(url=serve_app(over=user_document.assistant, stream_delay=0))
    page.get_by_role("tab", name="文档").click()
    page.locator("#mjq-docs").get_by_text(user_document.id).first.wait_for(timeout=TIMEOUT_MS)
    assert DOC in page.locator("#mjq-docs").inner_text()
    assert "只能查看" not in page.locator("#mjq-docs-note").inner_text()  # loopback: a local session may edit

    page.locator("#mjq-doc-pick input").click()
    page.get_by_role("option", name=user_document.id).click()
    page.locator("#mjq-doc-rows").get_by_text("87.05").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector('#mjq-doc-save').disabled", timeout=TIMEOUT_MS)
    page.locator("#mjq-doc-rows [data-testid='cell-0-0']").dblclick()  # row 1's action
    page.keyboard.type("accept")
    page.keyboard.press("Enter")
    page.locator("#mjq-doc-save").click()
    page.locator("#mjq-doc-status").get_by_text("已保存").wait_for(timeout=TIMEOUT_MS)
    assert "1 行已核对" in page.locator("#mjq-doc-status").inner_text()
    with open(user_document.folder / "indicators.csv", encoding="utf-8") as f:
        assert next(csv.DictReader(f))["status"] == "reviewed"
    page.wait_for_timeout(300)
    shoot(page, "desktop-documents.png")
    violations = axe_violations(page)
    assert violations == [], violations

    page.locator("#mjq-doc-pick input").click()
    page.get_by_role("option", name=DOC).click()
    page.locator("#mjq-docs-note").get_by_text("只读").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('#mjq-doc-save').disabled", timeout=TIMEOUT_MS)
