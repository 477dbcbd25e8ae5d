"""The indicators view: every figure of the documents as a searchable table (cards on a phone),
its download as CSV or XLSX named after the search, and a chart of the shares and rates found."""
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
import time
from functools import lru_cache
from pathlib import Path

from ..knowledge import doc_id, local_id
from ..language import to_simplified
from ..render import figure_text, period_text
from .strings import TEXT

log = logging.getLogger(__name__)

# the files: every field, machine-readable (the document; id and of local to it; period as in
# indicators.csv; value and unit apart; source as answers cite it, <doc-id>#p02)
COLUMNS = ["document", "id", "scope_zh", "scope", "metric_zh", "metric_en", "period", "value", "unit", "qualifier",
           "kind", "of", "figure_zh", "figure_en", "source", "quote"]
# the table on screen: figures as answers state them, the period in the interface language
HEADERS = ["文档 document", "id", "范围", "scope", "指标", "metric", "时期 period", "数值", "figure", "来源 source",
           "原文 quote"]
_SHOWN = [COLUMNS.index(c) for c in ("document", "id", "scope_zh", "scope", "metric_zh", "metric_en", "period",
                                     "figure_zh", "figure_en", "source", "quote")]
_OF = COLUMNS.index("of")  # not searched: an id finds its own row, not the rows about it
# where Debian's fonts-wqy-microhei puts its file; registered with matplotlib explicitly, so a
# font cache made before the font was installed still finds it
CJK_FONT_FILES = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "SimHei",
             "PingFang SC", "Heiti SC", "Arial Unicode MS")


def folder(directory: Path | None = None) -> Path:
    path = Path(directory or Path(tempfile.gettempdir()) / "mjq-ui")
    path.mkdir(parents=True, exist_ok=True)
    return path


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


def indicator_cards(rows: list[list[str]], lang: str = "zh", documents: dict | None = None) -> str:
    """The rows as cards (the phone's view of the table): metric and scope, figure, period, source, quote."""
    t = TEXT[lang]
    fields = dict(zip(COLUMNS, range(len(COLUMNS))))
    cards = []
    for row in rows:
        def cell(name):
            return html.escape(row[fields[name]])
        metric, scope = (cell("metric_zh"), cell("scope_zh")) if lang == "zh" else (cell("metric_en"), cell("scope"))
        period = html.escape(period_label(row[fields["period"]], lang, (documents or {}).get(row[fields["document"]])))
        cards.append(
            f"<article class='mjq-card'><h4>{metric} <small>{scope}</small></h4>"
            f"<p class='mjq-figure'>{cell('figure_zh' if lang == 'zh' else 'figure_en')}</p>"
            f"<p><span>{html.escape(t['card_period'])}</span> {period} · "
            f"<span>{html.escape(t['card_source'])}</span> <code>{cell('source')}</code></p>"
            f"<blockquote lang='zh-CN'>{cell('quote')}</blockquote></article>")
    return f"<div class='mjq-cards'>{''.join(cards)}</div>"


def file_stem(query: str) -> str:
    """mjq-indicators-<the search, as a file name>; -all without one."""
    words = re.findall(r"[\w\u4e00-\u9fff]+", to_simplified(query or "").lower())
    return "mjq-indicators-" + ("-".join(words)[:60] or "all")


def table_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def _write(rows, query: str, suffix: str, directory: Path | None, write) -> Path:
    """The rows in a file named after the search, in a folder named by its content: the same
    search gives the same file, so repeated searches do not pile up files."""
    digest = hashlib.sha256((table_csv(rows) + suffix).encode("utf-8")).hexdigest()[:12]
    target = folder(directory) / digest
    target.mkdir(exist_ok=True)
    path = target / f"{file_stem(query)}{suffix}"
    if not path.exists():
        tmp = target / f".{os.getpid()}-{time.monotonic_ns()}.tmp"
        write(tmp)
        os.replace(tmp, path)
    return path


def write_csv(rows: list[list[str]], directory: Path | None = None, query: str = "") -> Path:
    """The rows as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese)."""
    return _write(rows, query, ".csv", directory,
                  lambda tmp: tmp.write_text(table_csv(rows), encoding="utf-8-sig"))


def write_xlsx(rows: list[list[str]], directory: Path | None = None, query: str = "") -> Path:
    """The rows as an Excel workbook: values stay text as written (400.19 keeps its decimals)."""
    from openpyxl import Workbook

    def write(tmp: Path):
        book = Workbook()
        sheet = book.active
        sheet.title = "indicators"
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        book.save(tmp)
    return _write(rows, query, ".xlsx", directory, write)


# -- the chart ------------------------------------------------------------------------

def chart_rows(indicators):
    """The % rows of the chart, by the kind indicators.csv gives them: shares, and rates (growth…)."""
    shares = [r for r in indicators if r.kind == "share" and r.unit == "%"]
    rates = [r for r in indicators if r.kind == "rate" and r.unit == "%"]
    return shares, rates


def subject_names(knowledge) -> dict[str, dict[str, str]]:
    """Each document's subject place (its glossary entry), by language: chart labels tell documents apart."""
    entries = getattr(knowledge, "entries", {})
    out = {}
    for doc in getattr(knowledge, "documents", {}).values():
        entry = entries.get(f"{doc.id}#{doc.subject}")
        out[doc.id] = {"zh": entry.zh, "en": entry.en} if entry else {"zh": doc.id, "en": doc.id}
    return out


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """A font with Chinese glyphs for matplotlib, or None. The font files of CJK_FONT_FILES are
    registered first, whatever matplotlib's font cache says."""
    from matplotlib import font_manager
    for path in CJK_FONT_FILES:
        if Path(path).is_file():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError) as exc:
                log.info("cannot use the font %s: %s", path, exc)
    have = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in have), None)


def short_scope(scope: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", scope)


def _label(r, lang: str, places: dict | None = None) -> str:
    """scope·metric (zh) or metric (scope) (en), after the document's place when several are loaded."""
    place = (places or {}).get(doc_id(r.id), {}).get(lang, "")
    if lang == "zh":
        return textwrap.fill(f"{place + '·' if place else ''}{r.scope_zh}·{r.metric_zh}", 18)
    return textwrap.fill(f"{place + ': ' if place else ''}{r.metric_en} ({short_scope(r.scope)})", 38)


def indicator_chart(indicators, lang: str = "zh", places: dict | None = None):
    """A matplotlib figure of the shares and rates, or None when there are none; English labels when
    no Chinese font exists. `places` (subject_names()): doc id -> {zh, en} place, to tell documents apart."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    shares, rates = chart_rows(indicators)
    if not shares and not rates:
        return None
    font = cjk_font()
    if lang == "zh" and font is None:
        log.info("no CJK font for matplotlib (install fonts-wqy-microhei): chart labels in English")
        lang = "en"
    t = TEXT[lang]
    rc = {"axes.unicode_minus": False}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    if places is not None and len({doc_id(r.id) for r in shares + rates}) < 2:
        places = None  # one document: its place needs no saying
    panels = [(rows, title, color) for rows, title, color in ((shares, t["chart_share"], "#1d4ed8"),
                                                               (rates, t["chart_rate"], "#b45309")) if rows]
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(10, 1.2 + 0.62 * (len(shares) + len(rates))), layout="constrained")
        axes = fig.subplots(len(panels), 1, height_ratios=[len(rows) for rows, _, _ in panels], squeeze=False)
        for ax, (rows, title, color) in zip(axes[:, 0], panels):
            values = [float(r.value) for r in rows]
            bars = ax.barh(range(len(rows)), values, color=color)
            ax.set_yticks(range(len(rows)), [_label(r, lang, places) for r in rows], fontsize=8)
            ax.invert_yaxis()
            ax.set_title(title, fontsize=10, loc="left")
            about = {"约": "约" if lang == "zh" else "about "}
            ax.bar_label(bars, [f"{about.get(r.qualifier, '')}{r.value}%" for r in rows], padding=3, fontsize=8)
            ax.set_xlim(0, max(values) * 1.2)  # room for the bar labels
            ax.spines[["top", "right"]].set_visible(False)
            ax.tick_params(axis="x", labelsize=8)
        fig.suptitle(t["chart"], fontsize=11)
    return fig


def chart_png(indicators, lang: str = "zh", directory: Path | None = None, places: dict | None = None) -> Path | None:
    """The chart as a PNG file named by its rows and language (None when there is nothing to draw)."""
    indicators = list(indicators)
    key = hashlib.sha256("|".join([lang, *(r.id for r in indicators)]).encode()).hexdigest()[:12]
    path = folder(directory) / f"mjq-chart-{lang}-{key}.png"
    if path.exists():
        return path
    fig = indicator_chart(indicators, lang, places)
    if fig is None:
        return None
    tmp = path.with_name(f".{os.getpid()}-{time.monotonic_ns()}.png")
    fig.savefig(tmp, dpi=110)
    os.replace(tmp, path)
    return path
