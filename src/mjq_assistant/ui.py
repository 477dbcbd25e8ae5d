"""The Gradio app: a cited chat, the indicator table and chart, feedback, an API.

    from mjq_assistant import Assistant
    from mjq_assistant.ui import build_app, launch
    launch(build_app(Assistant.load()), host="127.0.0.1", port=7860)

A thin layer over `Assistant.ask`: the library never imports this module.
API endpoints (gradio_client):
    /ask   (question, history JSON) -> answer.to_dict(): text, language, abstained, citations
    /chat  (message) -> (streamed answer text, sources panel HTML); one Client keeps the conversation
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import logging
import os
import re
import tempfile
import textwrap
import threading
import time
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no usage pings

import gradio as gr

from .answer import _period, figure_text
from .errors import MjqError
from .feedback import record_feedback
from .figures import find_figures
from .language import detect_language, to_simplified

log = logging.getLogger(__name__)

CONCURRENCY = 8          # requests served at once; answers are CPU-bound, more would only share the cores
STREAM_DELAY = 0.02      # seconds between streamed pieces (at most ~12 pieces)
LANGUAGES = [("中文", "zh"), ("English", "en")]

TEXT = {
    "zh": {
        "title": "马驹桥镇经济问答",
        "description": ("关于马驹桥镇2024年经济的一篇报道（数据多为2024年1至11月）的中英文问答。"
                        "答案中的每个数字都标有 [n]，右侧列出原文出处。完全离线运行。"),
        "lang_label": "界面语言 / Interface language",
        "tab_chat": "问答",
        "tab_indicators": "指标",
        "tab_about": "说明",
        "chatbot": "对话",
        "placeholder": "**请用中文或英文提问**，例如规上工业产值、固定资产投资、市场主体……",
        "input": "输入问题，按回车发送",
        "sources": "来源",
        "sources_empty": "答案引用的原文段落会显示在这里：编号、出处、中文原文（数字高亮）和英文译文。",
        "sources_none": "这个回答没有引用原文：资料中没有相关数据。",
        "translation": "英文译文",
        "feedback_title": "这个回答有帮助吗？",
        "comment": "意见（可选）",
        "comment_ph": "哪里不对，或者缺少什么？",
        "up": "有帮助",
        "down": "没帮助",
        "thanks": "谢谢，反馈已记录。",
        "nothing": "还没有可以评价的回答。",
        "search": "搜索指标",
        "search_ph": "例如：占比、增长、亿元、ind-02、Tongzhou",
        "table": "指标表（{n} 行）",
        "download": "下载 CSV",
        "chart": "关键百分比：占通州区比重与同比增长",
        "chart_share": "占通州区比重（%）",
        "chart_growth": "同比增长（%）",
        "examples": ["投资者", "镇政府工作人员", "评估人员"],
    },
    "en": {
        "title": "Majuqiao Economy Assistant",
        "description": ("Questions and answers, in Chinese or English, about one article on Majuqiao town's 2024 "
                        "economy (most figures: January–November 2024). Every figure carries a [n] marker; the "
                        "panel on the right quotes its source. Runs fully offline."),
        "lang_label": "界面语言 / Interface language",
        "tab_chat": "Chat",
        "tab_indicators": "Indicators",
        "tab_about": "About",
        "chatbot": "Conversation",
        "placeholder": "**Ask in English or Chinese**, e.g. industrial output, fixed-asset investment, new firms…",
        "input": "Type a question and press Enter",
        "sources": "Sources",
        "sources_empty": "The passages an answer cites appear here: marker, source, the Chinese original "
                         "(figures highlighted) and its English translation.",
        "sources_none": "This answer cites nothing: the data does not hold it.",
        "translation": "English translation",
        "feedback_title": "Was this answer helpful?",
        "comment": "Comment (optional)",
        "comment_ph": "What was wrong or missing?",
        "up": "Helpful",
        "down": "Not helpful",
        "thanks": "Thank you, your feedback was saved.",
        "nothing": "There is no answer to rate yet.",
        "search": "Search indicators",
        "search_ph": "e.g. share, growth, 亿元, ind-02, 通州",
        "table": "Indicators ({n} rows)",
        "download": "Download CSV",
        "chart": "Key percentages: shares of Tongzhou District and growth rates",
        "chart_share": "Share of Tongzhou District (%)",
        "chart_growth": "Year-on-year growth (%)",
        "examples": ["Investor", "Town staff", "Evaluator"],
    },
}

TEXT["zh"]["about"] = """
### 数据范围
一篇关于马驹桥镇2024年经济的报道：规上工业、汽车制造（小米汽车工厂）、协同区域、固定资产投资、消费市场、
市场主体、企业服务和基层治理。资料中没有的内容（例如其他年份、人口、房价），助手会明确说明“没有”，不会编造。

### 怎么读答案
- 每个数字后的 **[n]** 对应右侧来源面板中的第 n 条原文；原文中与答案一致的数字用 <mark>高亮</mark> 标出。
- “1至11月”指2024年1至11月，不是全年；“全镇”与“协同区域”是不同的范围。

### API
```python
from gradio_client import Client
client = Client("http://127.0.0.1:7860/")
result = client.predict("2024年1至11月规上工业产值是多少？", "[]", api_name="/ask")
print(result["text"], result["citations"])
```
第二个参数是可选的对话历史（JSON：`[{"role": "user", "content": "…"}, …]`），用于追问。
"""
TEXT["en"]["about"] = """
### What the data covers
One article on Majuqiao town's 2024 economy: above-designated-size industry, car making (the Xiaomi EV factory),
the coordinated area, fixed-asset investment, consumption, new firms, services to firms and local governance.
When the data does not hold an answer (other years, population, house prices…) the assistant says so instead of guessing.

### Reading an answer
- Each **[n]** after a figure points to passage n in the sources panel; figures of the answer are <mark>highlighted</mark> in the quote.
- "January–November" is Jan–Nov 2024, not the full year; "whole town" and "coordinated area" are different scopes.

### API
```python
from gradio_client import Client
client = Client("http://127.0.0.1:7860/")
result = client.predict("What was the above-designated-size industrial output in Jan-Nov 2024?", "[]", api_name="/ask")
print(result["text"], result["citations"])
```
The second parameter is the optional conversation so far (JSON: `[{"role": "user", "content": "…"}, …]`), for follow-ups.
"""

# (role index, question): shown in the chat before the first question, in both languages
EXAMPLES = [
    (0, "小米汽车工厂所在的马驹桥镇汽车制造业产值是多少？"),
    (0, "What share of Tongzhou's fixed-asset investment did Majuqiao account for?"),
    (1, "2024年马驹桥镇新增市场主体多少家？"),
    (1, "How many high-tech enterprises does Majuqiao have?"),
    (2, "2024年1至11月马驹桥镇规上工业产值是多少？"),
    (2, "What was Majuqiao's GDP in 2023?"),
]

CSS = """
.mjq-sources { font-size: 0.95em; }
.mjq-source { border-left: 3px solid var(--color-accent, #f97316); padding: 0.3em 0.8em; margin: 0.6em 0; }
.mjq-source-head { font-weight: 600; margin-bottom: 0.2em; }
.mjq-source-head code { font-weight: normal; }
.mjq-quote { margin: 0.2em 0; line-height: 1.6; }
.mjq-translation { margin: 0.2em 0; color: var(--body-text-color, #333); opacity: 0.8; font-size: 0.93em; }
.mjq-sources mark { background: #fde68a; color: inherit; padding: 0 0.1em; border-radius: 2px; }
.mjq-notice { color: var(--body-text-color-subdued, #555); font-style: italic; }
"""

# Fonts the machine has: no web fonts, the app must work offline
FONTS = ["Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei",
         "Source Han Sans SC", "system-ui", "sans-serif"]


def theme():
    return gr.themes.Default(font=FONTS, font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"])


# -- messages -----------------------------------------------------------------

def content_text(content) -> str:
    """A message's text: the browser sends a list of {"type": "text", "text"} blocks, the client a string."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    if isinstance(content, (list, tuple)):
        return " ".join(content_text(c) for c in content if not (isinstance(c, dict) and c.get("type") not in (None, "text")))
    return str(content)


def normalize_history(history) -> list[dict]:
    """Chat history as plain {"role", "content": str} messages; anything else is dropped."""
    if isinstance(history, str):
        history = parse_history(history)
    out = []
    for m in history or []:
        if isinstance(m, dict) and m.get("role") in ("user", "assistant"):
            text = content_text(m.get("content"))
            if text.strip():
                out.append({"role": m["role"], "content": text})
    return out


def parse_history(text: str | None) -> list:
    if text is None or not str(text).strip():
        return []
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise gr.Error(f"history must be a JSON list of {{role, content}} messages ({exc})") from None
    if not isinstance(value, list):
        raise gr.Error("history must be a JSON list of {role, content} messages")
    return value


def stream_pieces(text: str, most: int = 12) -> list[str]:
    """Growing prefixes of `text`, cut after spaces and punctuation (never inside 400.19 or [1])."""
    cuts = [i + 1 for i, ch in enumerate(text[:-1])
            if ch in " \n，。；：、）" or (ch in ",;:)" and text[i + 1] == " ")]
    if len(cuts) > most - 1:
        step = len(cuts) / (most - 1)
        cuts = [cuts[int(k * step)] for k in range(most - 1)]
    return [text[:c] for c in cuts] + [text]


# -- sources panel ----------------------------------------------------------------

def highlight(text: str, figures) -> str:
    """`text` HTML-escaped, with <mark> around each figure of it that matches one of `figures`."""
    if not text:
        return ""
    out, pos = [], 0
    for f in find_figures(text):
        if not any(f.matches(a) for a in figures):
            continue
        end = f.start + len(text[f.start:f.end].rstrip())
        if f.start < pos:
            continue
        out.append(html.escape(text[pos:f.start]))
        out.append(f"<mark>{html.escape(text[f.start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def sources_html(answer: dict | None, lang: str = "zh") -> str:
    """The sources panel for an answer (`Answer.to_dict()`): each citation's marker, source,
    Chinese quote with the answer's figures marked, and English translation."""
    t = TEXT[lang]
    head = f"<h3>{html.escape(t['sources'])}</h3>"
    if not answer:
        return f"<div class='mjq-sources'>{head}<p class='mjq-notice'>{html.escape(t['sources_empty'])}</p></div>"
    citations = answer.get("citations") or []
    if not citations:
        return f"<div class='mjq-sources'>{head}<p class='mjq-notice'>{html.escape(t['sources_none'])}</p></div>"
    figures = find_figures(answer.get("text") or "")
    parts = [f"<div class='mjq-sources'>{head}"]
    for c in citations:
        marker, source = int(c["marker"]), str(c["source"])
        parts.append(
            f"<div class='mjq-source' id='mjq-source-{marker}' data-source='{html.escape(source, quote=True)}'>"
            f"<div class='mjq-source-head'>[{marker}] <code>{html.escape(source)}</code></div>"
            f"<p class='mjq-quote' lang='zh'>{highlight(c.get('quote') or '', figures)}</p>")
        if c.get("translation"):
            parts.append(f"<p class='mjq-translation' lang='en' title='{html.escape(t['translation'], quote=True)}'>"
                         f"{highlight(c['translation'], figures)}</p>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


# -- indicators ---------------------------------------------------------------------

# the CSV: every field, machine-readable (period as in indicators.csv, value and unit apart)
COLUMNS = ["id", "scope_zh", "scope", "metric_zh", "metric_en", "period", "value", "unit", "qualifier",
           "figure_zh", "figure_en", "source", "quote"]
# the table on screen: figures as answers state them, the period in the interface language
HEADERS = ["id", "范围", "scope", "指标", "metric", "时期 period", "数值", "figure", "来源 source", "原文 quote"]
_SHOWN = [COLUMNS.index(c) for c in ("id", "scope_zh", "scope", "metric_zh", "metric_en", "period", "figure_zh",
                                     "figure_en", "source", "quote")]


def indicator_table(indicators, query: str = "") -> list[list[str]]:
    """Rows (COLUMNS order) whose text holds every word of `query` (any case, either script)."""
    words = to_simplified(query or "").lower().split()
    rows = []
    for r in indicators:
        row = [r.id, r.scope_zh, r.scope, r.metric_zh, r.metric_en, r.period, r.value, r.unit, r.qualifier,
               figure_text(r, "zh"), figure_text(r, "en"), f"article#{r.source}", r.quote]
        haystack = " ".join(row + [_period(r.period, "zh"), _period(r.period, "en"), r.keywords]).lower()
        if all(w in haystack for w in words):
            rows.append(row)
    return rows


def display_rows(rows: list[list[str]], lang: str = "zh") -> list[list[str]]:
    """Table rows (COLUMNS order) as shown on screen (HEADERS order)."""
    period = COLUMNS.index("period")
    return [[_period(row[period], lang) if i == period else row[i] for i in _SHOWN] for row in rows]


def table_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(rows: list[list[str]], directory: Path | None = None) -> Path:
    """The rows as a CSV file (UTF-8 with BOM so spreadsheet programs read the Chinese);
    the same rows give the same file, so repeated searches do not pile up files."""
    text = table_csv(rows)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    folder = Path(directory or Path(tempfile.gettempdir()) / "mjq-ui") / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mjq-indicators.csv"
    if not path.exists():
        tmp = folder / f".{os.getpid()}-{time.monotonic_ns()}.tmp"
        tmp.write_text(text, encoding="utf-8-sig")
        os.replace(tmp, path)
    return path


def chart_rows(indicators):
    """The % rows of the chart: shares of Tongzhou District and year-on-year growth rates."""
    shares = [r for r in indicators if r.unit == "%" and "share of tongzhou" in r.metric_en.lower()]
    growth = [r for r in indicators if r.unit == "%" and "growth" in r.metric_en.lower()
              and "contribution" not in r.metric_en.lower()]
    return shares, growth


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """A font with Chinese glyphs that matplotlib can use, or None."""
    from matplotlib import font_manager
    have = {f.name for f in font_manager.fontManager.ttflist}
    for name in ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "SimHei",
                 "Microsoft YaHei", "PingFang SC", "Heiti SC", "Arial Unicode MS"):
        if name in have:
            return name
    return None


def _short_scope(scope: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", scope)


def _label(r, lang: str) -> str:
    if lang == "zh":
        return textwrap.fill(f"{r.scope_zh}·{r.metric_zh}", 18)
    return textwrap.fill(f"{r.metric_en} ({_short_scope(r.scope)})", 38)


def indicator_chart(indicators, lang: str = "zh"):
    """A matplotlib figure of the key percentages; English labels when no Chinese font exists."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    font = cjk_font()
    if lang == "zh" and font is None:
        log.info("no CJK font for matplotlib (install fonts-wqy-microhei): chart labels in English")
        lang = "en"
    t = TEXT[lang]
    shares, growth = chart_rows(indicators)
    rc = {"axes.unicode_minus": False}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(10, 1.2 + 0.62 * (len(shares) + len(growth))), layout="constrained")
        axes = fig.subplots(2, 1, height_ratios=[max(len(shares), 1), max(len(growth), 1)])
        for ax, rows, title, color in ((axes[0], shares, t["chart_share"], "#2563eb"),
                                       (axes[1], growth, t["chart_growth"], "#f97316")):
            values = [float(r.value) for r in rows]
            labels = [_label(r, lang) for r in rows]
            bars = ax.barh(range(len(rows)), values, color=color)
            ax.set_yticks(range(len(rows)), labels, fontsize=8)
            ax.invert_yaxis()
            ax.set_title(title, fontsize=10, loc="left")
            about = {"约": "约" if lang == "zh" else "about "}
            ax.bar_label(bars, [f"{about.get(r.qualifier, '')}{r.value}%" for r in rows],
                         padding=3, fontsize=8)
            ax.set_xlim(0, max(values or [1]) * 1.15)
            ax.spines[["top", "right"]].set_visible(False)
            ax.tick_params(axis="x", labelsize=8)
        fig.suptitle(t["chart"], fontsize=11)
    return fig


def chart_png(indicators, lang: str = "zh", directory: Path | None = None) -> Path:
    """The chart as a PNG file (drawing takes most of a second: the app draws each language once)."""
    fig = indicator_chart(indicators, lang)
    folder = Path(directory or Path(tempfile.gettempdir()) / "mjq-ui")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"mjq-chart-{lang}-{os.getpid()}.png"
    tmp = folder / f".{os.getpid()}-{time.monotonic_ns()}.png"
    fig.savefig(tmp, dpi=110)
    os.replace(tmp, path)
    return path


# -- feedback ---------------------------------------------------------------------

def _feedback(question: str, answer: str, rating: str, comment: str) -> str:
    language = detect_language(question) if question.strip() else None
    record_feedback(question, answer, rating, comment=comment or "", language=language)
    return language or "zh"


def _from_like(history, index) -> tuple[str, str]:
    """The (question, answer) pair for a liked bot message in the chatbot's history."""
    if isinstance(index, (list, tuple)):
        index = index[0]
    messages = list(history or [])
    if not isinstance(index, int) or not 0 <= index < len(messages):
        return "", ""
    answer = content_text(messages[index].get("content") if isinstance(messages[index], dict) else messages[index])
    question = ""
    for m in reversed(messages[:index]):
        if isinstance(m, dict) and m.get("role") == "user":
            question = content_text(m.get("content"))
            break
    return question, answer


# -- the app ----------------------------------------------------------------------

def build_app(assistant, *, lang: str = "zh", stream_delay: float = STREAM_DELAY,
              concurrency: int = CONCURRENCY) -> gr.Blocks:
    """The Gradio Blocks app over `assistant` (an `Assistant`). Launch it with `launch()`."""
    indicators = assistant.knowledge.indicators
    all_rows = indicator_table(indicators)
    charts: dict[str, str] = {}
    chart_lock = threading.Lock()

    def chart(ui_lang: str) -> str:
        with chart_lock:
            if ui_lang not in charts:
                charts[ui_lang] = str(chart_png(indicators, ui_lang))
            return charts[ui_lang]

    def known(ui_lang) -> str:
        return ui_lang if ui_lang in TEXT else "zh"

    def ask(message, history, ui_lang):
        question = content_text(message)
        try:
            answer = assistant.ask(question, history=normalize_history(history))
        except MjqError as exc:
            raise gr.Error(str(exc)) from None
        data = answer.to_dict()
        panel = sources_html(data, known(ui_lang))
        for piece in stream_pieces(answer.text)[:-1]:
            yield piece, panel, data
            if stream_delay:
                time.sleep(stream_delay)
        yield answer.text, panel, data

    def ask_api(question: str, history: str = "") -> dict:
        """Answer `question` (Chinese or English). `history`: optional JSON list of earlier
        {"role": "user"|"assistant", "content": "..."} messages, for follow-up questions.
        Returns answer.to_dict(): text (with [n] markers), language, abstained, citations
        (marker, source, quote, translation)."""
        if not isinstance(question, str):
            raise gr.Error("question must be text")
        try:
            return assistant.ask(question, history=normalize_history(history)).to_dict()
        except MjqError as exc:
            raise gr.Error(str(exc)) from None

    def header_md(ui_lang):
        t = TEXT[ui_lang]
        return f"# {t['title']}\n{t['description']}"

    def switch_language(ui_lang, last, query):
        ui_lang = known(ui_lang)
        t = TEXT[ui_lang]
        rows = indicator_table(indicators, query)
        return (header_md(ui_lang), gr.Tab(label=t["tab_chat"]), gr.Tab(label=t["tab_indicators"]),
                gr.Tab(label=t["tab_about"]), t["about"],
                gr.Chatbot(label=t["chatbot"], placeholder=t["placeholder"]),
                gr.Textbox(placeholder=t["input"]), sources_html(last, ui_lang),
                f"**{t['feedback_title']}**", gr.Textbox(label=t["comment"], placeholder=t["comment_ph"]),
                gr.Button(t["up"]), gr.Button(t["down"]),
                gr.Textbox(label=t["search"], placeholder=t["search_ph"]),
                gr.Dataframe(value=display_rows(rows, ui_lang), label=t["table"].format(n=len(rows))),
                gr.DownloadButton(t["download"]), gr.Image(value=chart(ui_lang), label=t["chart"]))

    def search_rows(query, ui_lang):
        rows = indicator_table(indicators, query)
        t = TEXT[known(ui_lang)]
        return (gr.Dataframe(value=display_rows(rows, known(ui_lang)), label=t["table"].format(n=len(rows))),
                gr.DownloadButton(value=str(write_csv(rows))))

    def rate(rating):
        def save(last, comment, ui_lang):
            t = TEXT[known(ui_lang)]
            if not last:
                return t["nothing"], comment
            try:
                _feedback(last.get("question") or "", last.get("text") or "", rating, comment)
            except MjqError as exc:
                raise gr.Error(str(exc)) from None
            return t["thanks"], ""
        return save

    def on_like(history, comment, ui_lang, evt: gr.LikeData):
        t = TEXT[known(ui_lang)]
        if evt.liked not in (True, False):  # taking a like back is not feedback
            return gr.skip(), gr.skip()
        question, answer = _from_like(history, evt.index)
        if not answer:
            return t["nothing"], comment
        try:
            _feedback(question, answer, "up" if evt.liked else "down", comment)
        except MjqError as exc:
            raise gr.Error(str(exc)) from None
        return t["thanks"], ""

    t = TEXT[lang]
    with gr.Blocks(title="马驹桥镇经济问答 · Majuqiao Economy Assistant", analytics_enabled=False,
                   fill_width=True) as demo:
        with gr.Row(equal_height=False):
            header = gr.Markdown(header_md(lang), elem_id="mjq-header")
            ui_lang = gr.Radio(LANGUAGES, value=lang, label=t["lang_label"], elem_id="mjq-lang",
                               scale=0, min_width=220)
        last_answer = gr.State(None)
        with gr.Tabs():
            with gr.Tab(t["tab_chat"], id="chat") as chat_tab:
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label=t["chatbot"], placeholder=t["placeholder"], height=520,
                                             elem_id="mjq-chatbot", buttons=["copy"],
                                             feedback_options=("Like", "Dislike"))
                        textbox = gr.Textbox(placeholder=t["input"], show_label=False, submit_btn=True,
                                             elem_id="mjq-input", render=False)
                        sources = gr.HTML(sources_html(None, lang), elem_id="mjq-sources", render=False)
                        gr.ChatInterface(
                            ask, chatbot=chatbot, textbox=textbox, additional_inputs=[ui_lang],
                            additional_outputs=[sources, last_answer],
                            examples=[[q] for _, q in EXAMPLES],
                            example_labels=[f"{TEXT['zh']['examples'][r]} · {TEXT['en']['examples'][r]}｜{q}"
                                            for r, q in EXAMPLES],
                            concurrency_limit=concurrency, api_name="chat", fill_height=False,
                            autofocus=False)
                        feedback_title = gr.Markdown(f"**{t['feedback_title']}**", elem_id="mjq-feedback-title")
                        with gr.Row(equal_height=True):
                            comment = gr.Textbox(label=t["comment"], placeholder=t["comment_ph"], lines=1,
                                                 scale=4, elem_id="mjq-comment")
                            with gr.Column(scale=1, min_width=120):
                                up = gr.Button(t["up"], size="sm", elem_id="mjq-up")
                                down = gr.Button(t["down"], size="sm", elem_id="mjq-down")
                        status = gr.Markdown("", elem_id="mjq-feedback-status")
                    with gr.Column(scale=2, min_width=320):
                        sources.render()
            with gr.Tab(t["tab_indicators"], id="indicators") as ind_tab:
                search = gr.Textbox(label=t["search"], placeholder=t["search_ph"], elem_id="mjq-search")
                table = gr.Dataframe(value=display_rows(all_rows, lang), headers=HEADERS,
                                     label=t["table"].format(n=len(all_rows)), interactive=False, wrap=True,
                                     max_height=560, elem_id="mjq-table", datatype="str",
                                     column_widths=["6%", "8%", "9%", "10%", "13%", "9%", "8%", "10%", "8%", "19%"])
                download = gr.DownloadButton(t["download"], value=str(write_csv(all_rows)), size="sm",
                                             elem_id="mjq-download")
                plot = gr.Image(value=chart(lang), label=t["chart"], show_label=False, type="filepath", interactive=False,
                                elem_id="mjq-chart", buttons=["download", "fullscreen"])
            with gr.Tab(t["tab_about"], id="about") as about_tab:
                about = gr.Markdown(t["about"])

        quiet = {"api_visibility": "private", "show_progress": "hidden"}
        search.change(search_rows, [search, ui_lang], [table, download], **quiet)
        up.click(rate("up"), [last_answer, comment, ui_lang], [status, comment], **quiet)
        down.click(rate("down"), [last_answer, comment, ui_lang], [status, comment], **quiet)
        chatbot.like(on_like, [chatbot, comment, ui_lang], [status, comment], **quiet)
        ui_lang.change(switch_language, [ui_lang, last_answer, search],
                       [header, chat_tab, ind_tab, about_tab, about, chatbot, textbox, sources, feedback_title,
                        comment, up, down, search, table, download, plot], **quiet)
        gr.api(ask_api, api_name="ask", concurrency_limit=concurrency)
    demo.queue(default_concurrency_limit=concurrency)
    return demo


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int | None = 7860, **kwargs):
    """Start the server with the app's theme and styles (Gradio 6 takes them at launch)."""
    options = {"server_name": host, "server_port": port, "theme": theme(), "css": CSS,
               "footer_links": ["api"], "show_error": True}
    options.update(kwargs)
    return demo.launch(**options)
