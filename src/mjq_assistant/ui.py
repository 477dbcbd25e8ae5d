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

from .render import figure_text, period_text
from . import gate
from .errors import MjqError
from .feedback import record_feedback
from .figures import find_figures
from .knowledge import doc_id, local_id
from .language import detect_language, to_simplified

log = logging.getLogger(__name__)

CONCURRENCY = 8          # requests served at once; answers are CPU-bound, more would only share the cores
STREAM_DELAY = 0.02      # seconds between streamed pieces (at most ~12 pieces)
LANGUAGES = [("中文", "zh"), ("English", "en")]

TEXT = {
    "zh": {
        "title": "经济数据问答",
        "description": "下列资料的中英文问答。答案中的每个数字都标有 [n]，右侧列出原文出处。完全离线运行。",
        "lang_label": "界面语言 / Interface language",
        "tab_chat": "问答",
        "tab_indicators": "指标",
        "tab_about": "说明",
        "chatbot": "对话",
        "placeholder": "**请用中文或英文提问**",
        "placeholder_example": "**请用中文或英文提问**，例如：{example}",
        "input": "输入问题，按回车发送",
        "sources": "来源",
        "sources_empty": "答案引用的原文段落会显示在这里：编号、出处（资料标题和日期）、中文原文（数字高亮）和英文译文。",
        "sources_none": "这个回答没有引用原文：资料中没有相关数据。",
        "translation": "英文译文",
        "undated": "日期未注明",
        "fictional": "虚构",
        "feedback_title": "这个回答有帮助吗？",
        "comment": "意见（可选）",
        "comment_ph": "哪里不对，或者缺少什么？",
        "up": "有帮助",
        "down": "没帮助",
        "thanks": "谢谢，反馈已记录。",
        "nothing": "还没有可以评价的回答。",
        "search": "搜索指标",
        "search_ph": "例如：占比、增长、亿元、ind-02",
        "table": "指标表（{n} 行）",
        "download": "下载 CSV",
        "chart": "关键百分比：占比与比率",
        "chart_share": "占比（%）",
        "chart_rate": "增长率等比率（%）",
    },
    "en": {
        "title": "Town economy assistant",
        "description": ("Questions and answers, in Chinese or English, about the documents below. Every figure "
                        "carries a [n] marker; the panel on the right quotes its source. Runs fully offline."),
        "lang_label": "界面语言 / Interface language",
        "tab_chat": "Chat",
        "tab_indicators": "Indicators",
        "tab_about": "About",
        "chatbot": "Conversation",
        "placeholder": "**Ask in English or Chinese**",
        "placeholder_example": "**Ask in English or Chinese**, e.g. {example}",
        "input": "Type a question and press Enter",
        "sources": "Sources",
        "sources_empty": "The passages an answer cites appear here: marker, source (the document's title and "
                         "date), the Chinese original (figures highlighted) and its English translation.",
        "sources_none": "This answer cites nothing: the data does not hold it.",
        "translation": "English translation",
        "undated": "date not stated",
        "fictional": "fictional",
        "feedback_title": "Was this answer helpful?",
        "comment": "Comment (optional)",
        "comment_ph": "What was wrong or missing?",
        "up": "Helpful",
        "down": "Not helpful",
        "thanks": "Thank you, your feedback was saved.",
        "nothing": "There is no answer to rate yet.",
        "search": "Search indicators",
        "search_ph": "e.g. share, growth, 亿元, ind-02",
        "table": "Indicators ({n} rows)",
        "download": "Download CSV",
        "chart": "Key percentages: shares and rates",
        "chart_share": "Shares (%)",
        "chart_rate": "Growth and other rates (%)",
    },
}

ABOUT = {
    "zh": """
### 数据范围
{documents}

资料中没有的内容（例如其他年份、资料未提及的指标），助手会明确说明“没有”，不会编造。

### 怎么读答案
- 每个数字后的 **[n]** 对应右侧来源面板中的第 n 条原文，并注明出自哪份资料；原文中与答案一致的数字用 <mark>高亮</mark> 标出。
{notes}

### API
```python
from gradio_client import Client
client = Client("http://127.0.0.1:7860/")
result = client.predict({example!r}, "[]", api_name="/ask")
print(result["text"], result["citations"])
```
第二个参数是可选的对话历史（JSON：`[{{"role": "user", "content": "…"}}, …]`），用于追问。
""",
    "en": """
### What the data covers
{documents}

When the data does not hold an answer (other years, figures the documents do not give…) the assistant says so instead of guessing.

### Reading an answer
- Each **[n]** after a figure points to passage n in the sources panel, which names its document; figures of the answer are <mark>highlighted</mark> in the quote.
{notes}

### API
```python
from gradio_client import Client
client = Client("http://127.0.0.1:7860/")
result = client.predict({example!r}, "[]", api_name="/ask")
print(result["text"], result["citations"])
```
The second parameter is the optional conversation so far (JSON: `[{{"role": "user", "content": "…"}}, …]`), for follow-ups.
""",
}


# -- what the loaded documents say about themselves (doc.yaml) ---------------------

def _documents(knowledge) -> list:
    return list(getattr(knowledge, "documents", {}).values())


def document_title(doc, lang: str) -> str:
    """《title》 in Chinese, the title as is in English; marked when the document is fictional."""
    mark = TEXT[lang]["fictional"]
    if lang == "zh":
        return f"《{doc.title.zh}》" + (f"（{mark}）" if doc.fictional else "")
    return doc.title.en + (f" ({mark})" if doc.fictional else "")


def document_date(doc, lang: str) -> str:
    return doc.date or TEXT[lang]["undated"]


def example_questions(knowledge, lang: str) -> list[str]:
    """Every document's example questions in `lang`, in document order, each once."""
    return list(dict.fromkeys(q for d in _documents(knowledge) for q in d.examples.get(lang)))


def example_messages(knowledge, lang: str) -> list[dict]:
    """The chatbot's example buttons (Gradio ExampleMessage dicts)."""
    return [{"text": q} for q in example_questions(knowledge, lang)]


def placeholder(knowledge, lang: str) -> str:
    examples = example_questions(knowledge, lang)
    t = TEXT[lang]
    return t["placeholder_example"].format(example=examples[0]) if examples else t["placeholder"]


def header_markdown(knowledge, lang: str) -> str:
    """The page header: a generic title, then each document's title and coverage."""
    t = TEXT[lang]
    lines = [f"# {t['title']}", t["description"], ""]
    for doc in _documents(knowledge):
        lines.append(f"- **{document_title(doc, lang)}**{'：' if lang == 'zh' else ': '}{doc.coverage.get(lang)}")
    return "\n".join(lines).rstrip()


def _periods(doc, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(p.zh if lang == "zh" else p.en for p in doc.periods)


def _scopes(indicators, lang: str, most: int = 3) -> list[str]:
    """The scopes most figures have (each at least twice): figures of different scopes differ."""
    counts: dict[str, int] = {}
    for r in indicators:
        name = r.scope_zh if lang == "zh" else _short_scope(r.scope)
        counts[name] = counts.get(name, 0) + 1
    return [s for s, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2][:most]


def about_markdown(knowledge, lang: str) -> str:
    """The About tab: each document (title, publisher, authors, date, periods, coverage), how to read
    an answer (the documents' cumulative periods and scopes), the API with an example question."""
    zh = lang == "zh"
    docs = []
    for doc in _documents(knowledge):
        facts = [(("发布" if zh else "published by"), doc.publisher.get(lang))]
        if doc.authors:
            facts.append((("作者" if zh else "by"), doc.authors.get(lang)))
        facts += [(("日期" if zh else "date"), doc.date or ("未注明" if zh else "not stated")),
                  (("时期" if zh else "periods"), _periods(doc, lang))]
        facts_text = ("；" if zh else "; ").join(f"{k}{'：' if zh else ': '}{v}" for k, v in facts if v)
        docs.append(f"**{document_title(doc, lang)}**  \n{facts_text}  \n{doc.coverage.get(lang)}")
    notes = []
    ranges = [p for doc in _documents(knowledge) for p in doc.periods if ".." in p.id]
    if ranges:
        p = ranges[0]
        notes.append(f"- “{p.zh}”等累计时期的数字不是全年数字。" if zh else
                     f"- Figures for a cumulative period such as \"{p.en}\" are not full-year figures.")
    scopes = _scopes(getattr(knowledge, "indicators", []), lang)
    if len(scopes) > 1:
        named = ("、" if zh else ", ").join(f"“{s}”" for s in scopes)
        notes.append(f"- {named}等是不同的范围，其数字不能混用。" if zh else
                     f"- {named} are different scopes: their figures are not interchangeable.")
    examples = example_questions(knowledge, lang) or example_questions(knowledge, "zh") or [""]
    return ABOUT[lang].format(documents="\n\n".join(docs), notes="\n".join(notes), example=examples[0])


CSS = """
.mjq-sources { font-size: 0.95em; }
.mjq-source { border-left: 3px solid var(--color-accent, #f97316); padding: 0.3em 0.8em; margin: .6em 0; }
.mjq-source-head { font-weight: 600; margin-bottom: 0.2em; }
.mjq-source-head code { font-weight: normal; }
.mjq-source-head .mjq-doc, .mjq-source-head .mjq-date { font-weight: normal; font-size: 0.9em; opacity: 0.8; }
.mjq-quote { margin: 0.2em 0; line-height: 160%; }
.mjq-translation { margin: 0.2em 0; color: var(--body-text-color, #333); opacity: 0.8; font-size: 0.93em; }
.mjq-sources mark { background: #fde68a; color: inherit; padding: 0 0.1em; border-radius: 2px; }
.mjq-notice { color: var(--body-text-color-subdued, #555); font-style: italic; }
"""

# Fonts the machine has: no web fonts, the app must work offline (on Windows, system-ui falls back
# to the system's CJK font)
FONTS = ["Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "WenQuanYi Micro Hei", "Source Han Sans SC",
         "system-ui", "sans-serif"]


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


def normalize_history(history, language: str = "zh") -> list[dict]:
    """Chat history (a list, or its JSON text) as plain {"role", "content": str} messages,
    through the input gate (gate.py): InputError for anything malformed."""
    if isinstance(history, str):
        return gate.parse_history(history, language)
    return gate.messages(history, language)


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


def _document_note(documents, source: str, lang: str) -> str:
    """The title and date of the document a citation source (`<doc-id>#p02`) belongs to."""
    doc = (documents or {}).get(doc_id(source))
    if doc is None:
        return ""
    return (f" <cite class='mjq-doc'>{html.escape(document_title(doc, lang))}</cite>"
            f" <span class='mjq-date'>{html.escape(document_date(doc, lang))}</span>")


def sources_html(answer: dict | None, lang: str = "zh", documents: dict | None = None) -> str:
    """The sources panel for an answer (`Answer.to_dict()`): each citation's marker, source with its
    document's title and date (`documents`: Knowledge.documents), Chinese quote with the answer's
    figures marked, and English translation."""
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
            f"<div class='mjq-source-head'>[{marker}] <code>{html.escape(source)}</code>"
            f"{_document_note(documents, source, lang)}</div>"
            f"<p class='mjq-quote' lang='zh'>{highlight(c.get('quote') or '', figures)}</p>")
        if c.get("translation"):
            parts.append(f"<p class='mjq-translation' lang='en' title='{html.escape(t['translation'], quote=True)}'>"
                         f"{highlight(c['translation'], figures)}</p>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


# -- indicators ---------------------------------------------------------------------

# the CSV: every field, machine-readable (the document; id and of local to it; period as in
# indicators.csv; value and unit apart; source as answers cite it, <doc-id>#p02)
COLUMNS = ["document", "id", "scope_zh", "scope", "metric_zh", "metric_en", "period", "value", "unit", "qualifier",
           "kind", "of", "figure_zh", "figure_en", "source", "quote"]
# the table on screen: figures as answers state them, the period in the interface language
HEADERS = ["文档 document", "id", "范围", "scope", "指标", "metric", "时期 period", "数值", "figure", "来源 source",
           "原文 quote"]
_SHOWN = [COLUMNS.index(c) for c in ("document", "id", "scope_zh", "scope", "metric_zh", "metric_en", "period",
                                     "figure_zh", "figure_en", "source", "quote")]
_OF = COLUMNS.index("of")  # not searched: an id finds its own row, not the rows about it


def period_label(period: str, lang: str, doc=None) -> str:
    """A period as the document names it (doc.yaml periods), else spelled out from its id."""
    for p in getattr(doc, "periods", None) or []:
        if p.id == period:
            return p.zh if lang == "zh" else p.en
    return period_text(period, lang)


def indicator_table(indicators, query: str = "", documents: dict | None = None) -> list[list[str]]:
    """Rows (COLUMNS order) whose text holds every word of `query` (any case, either script)."""
    words = to_simplified(query or "").lower().split()
    documents = documents or {}
    rows = []
    for r in indicators:
        owner = doc_id(r.id) if "#" in r.id else ""
        doc = documents.get(owner)
        row = [owner, local_id(r.id), r.scope_zh, r.scope, r.metric_zh, r.metric_en, r.period, r.value, r.unit,
               r.qualifier, r.kind, local_id(r.of) if r.of else "", figure_text(r, "zh"), figure_text(r, "en"),
               r.source, r.quote]
        haystack = " ".join(row[:_OF] + row[_OF + 1:] + [period_label(r.period, "zh", doc),
                                                         period_label(r.period, "en", doc), r.keywords]).lower()
        if all(w in haystack for w in words):
            rows.append(row)
    return rows


def display_rows(rows: list[list[str]], lang: str = "zh", documents: dict | None = None) -> list[list[str]]:
    """Table rows (COLUMNS order) as shown on screen (HEADERS order)."""
    period, document = COLUMNS.index("period"), COLUMNS.index("document")
    documents = documents or {}
    return [[period_label(row[period], lang, documents.get(row[document])) if i == period else row[i]
             for i in _SHOWN] for row in rows]


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
    """The % rows of the chart, by the kind indicators.csv gives them: shares, and rates (growth…)."""
    shares = [r for r in indicators if r.kind == "share" and r.unit == "%"]
    rates = [r for r in indicators if r.kind == "rate" and r.unit == "%"]
    return shares, rates


def subject_names(knowledge) -> dict[str, dict[str, str]]:
    """Each document's subject place (its glossary entry), by language: chart labels tell documents apart."""
    entries = getattr(knowledge, "entries", {})
    out = {}
    for doc in _documents(knowledge):
        entry = entries.get(f"{doc.id}#{doc.subject}")
        out[doc.id] = {"zh": entry.zh, "en": entry.en} if entry else {"zh": doc.id, "en": doc.id}
    return out


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """A font with Chinese glyphs that matplotlib can use, or None."""
    from matplotlib import font_manager
    have = {f.name for f in font_manager.fontManager.ttflist}
    for name in ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "SimHei",
                 "PingFang SC", "Heiti SC", "Arial Unicode MS"):
        if name in have:
            return name
    return None


def _short_scope(scope: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", scope)


def _label(r, lang: str, places: dict | None = None) -> str:
    """scope·metric (zh) or metric (scope) (en), after the document's place when several are loaded."""
    place = (places or {}).get(doc_id(r.id), {}).get(lang, "")
    if lang == "zh":
        return textwrap.fill(f"{place + '·' if place else ''}{r.scope_zh}·{r.metric_zh}", 18)
    return textwrap.fill(f"{place + ': ' if place else ''}{r.metric_en} ({_short_scope(r.scope)})", 38)


def indicator_chart(indicators, lang: str = "zh", places: dict | None = None):
    """A matplotlib figure of the shares and rates; English labels when no Chinese font exists.
    `places` (subject_names()): doc id -> {zh, en} place name, to prefix labels when documents are several."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    font = cjk_font()
    if lang == "zh" and font is None:
        log.info("no CJK font for matplotlib (install fonts-wqy-microhei): chart labels in English")
        lang = "en"
    t = TEXT[lang]
    shares, rates = chart_rows(indicators)
    rc = {"axes.unicode_minus": False}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    if places is not None and len({doc_id(r.id) for r in shares + rates}) < 2:
        places = None  # one document: its place needs no saying
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(10, 1.2 + 0.62 * (len(shares) + len(rates))), layout="constrained")
        axes = fig.subplots(2, 1, height_ratios=[max(len(shares), 1), max(len(rates), 1)])
        for ax, rows, title, color in ((axes[0], shares, t["chart_share"], "#2563eb"),
                                       (axes[1], rates, t["chart_rate"], "#f97316")):
            values = [float(r.value) for r in rows]
            labels = [_label(r, lang, places) for r in rows]
            bars = ax.barh(range(len(rows)), values, color=color)
            ax.set_yticks(range(len(rows)), labels, fontsize=8)
            ax.invert_yaxis()
            ax.set_title(title, fontsize=10, loc="left")
            about = {"约": "约" if lang == "zh" else "about "}
            ax.bar_label(bars, [f"{about.get(r.qualifier, '')}{r.value}%" for r in rows],
                         padding=3, fontsize=8)
            ax.set_xlim(0, max(values or [1]) * 1.2)  # room for the bar labels
            ax.spines[["top", "right"]].set_visible(False)
            ax.tick_params(axis="x", labelsize=8)
        fig.suptitle(t["chart"], fontsize=11)
    return fig


def chart_png(indicators, lang: str = "zh", directory: Path | None = None, places: dict | None = None) -> Path:
    """The chart as a PNG file (drawing takes most of a second: the app draws each language once)."""
    fig = indicator_chart(indicators, lang, places)
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
    """The Gradio Blocks app over `assistant` (an `Assistant`). Launch it with `launch()`.
    Titles, examples and chart labels come from the loaded documents (doc.yaml)."""
    knowledge = assistant.knowledge
    indicators = knowledge.indicators
    documents = dict(getattr(knowledge, "documents", {}))
    places = subject_names(knowledge)
    all_rows = indicator_table(indicators, documents=documents)
    charts: dict[str, str] = {}
    chart_lock = threading.Lock()

    def chart(ui_lang: str) -> str:
        with chart_lock:
            if ui_lang not in charts:
                charts[ui_lang] = str(chart_png(indicators, ui_lang, places=places))
            return charts[ui_lang]

    def known(ui_lang) -> str:
        return ui_lang if ui_lang in TEXT else "zh"

    def ask(message, history, ui_lang):
        question = content_text(message)
        try:
            answer = assistant.ask(question, history=normalize_history(history, known(ui_lang)), language=known(ui_lang))
        except MjqError as exc:
            raise gr.Error(str(exc)) from None
        data = answer.to_dict()
        panel = sources_html(data, known(ui_lang), documents)
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
            return assistant.ask(question, history=normalize_history(history, gate.asker_language(question))).to_dict()
        except MjqError as exc:
            raise gr.Error(str(exc)) from None

    def switch_language(ui_lang, last, query):
        ui_lang = known(ui_lang)
        t = TEXT[ui_lang]
        rows = indicator_table(indicators, query, documents)
        return (header_markdown(knowledge, ui_lang), gr.Tab(label=t["tab_chat"]), gr.Tab(label=t["tab_indicators"]),
                gr.Tab(label=t["tab_about"]), about_markdown(knowledge, ui_lang),
                gr.Chatbot(label=t["chatbot"], placeholder=placeholder(knowledge, ui_lang),
                           examples=example_messages(knowledge, ui_lang) or None),
                gr.Textbox(placeholder=t["input"]), sources_html(last, ui_lang, documents),
                f"**{t['feedback_title']}**", gr.Textbox(label=t["comment"], placeholder=t["comment_ph"]),
                gr.Button(t["up"]), gr.Button(t["down"]),
                gr.Textbox(label=t["search"], placeholder=t["search_ph"]),
                gr.Dataframe(value=display_rows(rows, ui_lang, documents), label=t["table"].format(n=len(rows))),
                gr.DownloadButton(t["download"]), gr.Image(value=chart(ui_lang), label=t["chart"]))

    def search_rows(query, ui_lang):
        rows = indicator_table(indicators, query, documents)
        t = TEXT[known(ui_lang)]
        return (gr.Dataframe(value=display_rows(rows, known(ui_lang), documents), label=t["table"].format(n=len(rows))),
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
    with gr.Blocks(title=f"{TEXT['zh']['title']} · {TEXT['en']['title']}", analytics_enabled=False,
                   fill_width=True) as demo:
        with gr.Row(equal_height=False):
            header = gr.Markdown(header_markdown(knowledge, lang), elem_id="mjq-header")
            ui_lang = gr.Radio(LANGUAGES, value=lang, label=t["lang_label"], elem_id="mjq-lang",
                               scale=0, min_width=220)
        last_answer = gr.State(None)
        with gr.Tabs():
            with gr.Tab(t["tab_chat"], id="chat") as chat_tab:
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label=t["chatbot"], placeholder=placeholder(knowledge, lang), height=520,
                                             elem_id="mjq-chatbot", buttons=["copy"],
                                             feedback_options=("Like", "Dislike"))
                        textbox = gr.Textbox(placeholder=t["input"], show_label=False, submit_btn=True,
                                             elem_id="mjq-input", render=False)
                        sources = gr.HTML(sources_html(None, lang, documents), elem_id="mjq-sources", render=False)
                        gr.ChatInterface(
                            ask, chatbot=chatbot, textbox=textbox, additional_inputs=[ui_lang],
                            additional_outputs=[sources, last_answer],
                            examples=[[q] for q in example_questions(knowledge, lang)] or None,
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
                table = gr.Dataframe(value=display_rows(all_rows, lang, documents), headers=HEADERS,
                                     label=t["table"].format(n=len(all_rows)), interactive=False, wrap=True,
                                     max_height=560, elem_id="mjq-table", datatype="str",
                                     column_widths=["8%", "5%", "7%", "8%", "9%", "12%", "8%", "7%", "9%", "10%", "17%"])
                download = gr.DownloadButton(t["download"], value=str(write_csv(all_rows)), size="sm",
                                             elem_id="mjq-download")
                plot = gr.Image(value=chart(lang), label=t["chart"], show_label=False, type="filepath", interactive=False,
                                elem_id="mjq-chart", buttons=["download", "fullscreen"])
            with gr.Tab(t["tab_about"], id="about") as about_tab:
                about = gr.Markdown(about_markdown(knowledge, lang))

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
