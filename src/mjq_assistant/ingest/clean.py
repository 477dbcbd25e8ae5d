"""Clean read text into paragraphs: the second stage of `mjq add`.

Drops page headers, footers and page numbers (lines repeated at the top or
bottom of several pages), joins sentences a page break or a hard line wrap cut
("发挥技" / "术和资源优势"), turns full-width letters and digits into half-width
and half-width punctuation between Chinese characters into full-width, and
tells titles and headings from paragraphs. Written by hand: the rules are
Chinese-layout specific and short.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from .. import lexicon
from ..language import HEADING_MAX
from .extract import is_target
from .read import PAGE_BREAK

_END = "。！？；…”」）!?"  # a paragraph may end after these
_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[/／共]\s*\d+\s*页?)?|[-—–]?\s*\d+\s*[-—–]?|\d+\s*/\s*\d+|page\s+\d+(?:\s+of\s+\d+)?)\s*$",
                          re.IGNORECASE)
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = r"[\u4e00-\u9fff“”]"
TITLE_MAX = 4 * HEADING_MAX  # the first block, a title with its subtitle and date lines (——某某在…上的讲话；（2025年2月12日）)


def normalize_width(text: str) -> str:
    """Full-width letters, digits, ％ and ．-between-digits to half-width; half-width
    punctuation next to Chinese characters to full-width; the ideographic space to a space."""
    text = "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ" else c
                   for c in text)
    text = text.replace("％", "%").replace("\u3000", " ").replace("\u00a0", " ")
    text = re.sub(r"(?<=\d)．(?=\d)", ".", text)
    space = r"(?: (?! ))?"  # one space goes with the mark; two or more part a table's cells
    return re.sub(rf"(?<={_CJK}){space}([,;:?!()]){space}|{space}([,;:?!()]){space}(?={_CJK})",
                  lambda m: _HALF_PUNCT[m.group(1) or m.group(2)], text)


def _strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Lines at the top or bottom of pages that repeat on several pages, and page numbers."""
    if len(pages) > 1:
        edges = Counter(re.sub(r"\d+", "#", line.strip()) for page in pages
                        for line in {*page[:2], *page[-2:]} if line.strip())
        running = {line for line, n in edges.items() if n >= max(2, len(pages) // 2)}
    else:
        running = set()
    return [[line for line in page if not _PAGE_NUMBER.match(line)
             and re.sub(r"\d+", "#", line.strip()) not in running] for page in pages]


@functools.cache
def _byline() -> re.Pattern:
    bylines = lexicon.load("extraction")["bylines"]
    return re.compile(rf"(?:{'|'.join(bylines['starts'])})\s*[：:]|{bylines['dateline']}|{bylines['reporters']}")


def is_byline(line: str) -> bool:
    """发布日期：…, 来源：…, a speech's dateline: who published the text and when."""
    return bool(_byline().match(line))


def byline_date(line: str) -> str:
    """The date a byline gives, as YYYY-MM-DD (YYYY-MM when it names no day), or ""."""
    m = re.search(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*(?:[-月/.]\s*(\d{1,2})|月)", line) if is_byline(line) else None
    return (f"{m.group(1)}-{int(m.group(2)):02d}" + (f"-{int(m.group(3)):02d}" if m.group(3) else "")) if m else ""


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _unwrap(lines: list[str]) -> list[str]:
    """Lines wrapped at the page width (a PDF's): a line nearly as wide as the widest goes on,
    unless it ends a sentence and a heading (a short line without end punctuation) follows."""
    lines = [line for line in lines if line]
    full = 0.85 * max(map(_width, lines), default=0)
    blocks, current = [], ""
    for line, following in zip(lines, [*lines[1:], ""]):
        current += line
        heading_next = _width(following) < full and not following.endswith(tuple(_END))
        if _width(line) < full or (line.endswith(tuple(_END)) and heading_next):
            blocks.append(current)
            current = ""
    return blocks + ([current] if current else [])


_BULLET = re.compile(r"^[·•●○■□▪◆◇►▶➢]\s*")  # a list's mark, no part of the item: · 地区生产总值：41.86亿元
_ITEM_MARK = "\u2063"  # where a list's mark was, until the lines are joined: the line is a clause of its own
_CELLS = re.compile(r"\s*[|｜│┃]\s*| {2,}|\t")  # (a bar with the spaces padding it is one split)
_RULE = re.compile(r"[|｜│┃:：\-—─━═┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬\s]+")  # a rule line: |---|:--|, ├───┼───┤
_FIGURE_CELL = re.compile(r"[-+−]?\d[\d.,]*\s*\S{0,4}")  # 25.37亿元, -3.2%, 4600万元
_PERIOD_CELL = re.compile(r"\d{1,2}\s*[—–\-~至]\s*\d{1,2}\s*月\S*|\d{1,2}月\S*|(?:19|20)\d\d\s*年\S*")  # 1—10月, 2024年完成: a header
_EMPTY_CELL = re.compile(r"[—–\-－/／…]+")  # 规模以上工业增加值 | — | — | 10.8: no figure given


def _cells(line: str) -> list[str]:
    return _CELLS.split(line.strip("|｜│┃ "))


def _names_measure(header: str) -> bool:
    """A column header naming what its figures measure (总投资, 1—6月完成投资), not a change (同比增长)
    nor only where the figure is (数值, 1—6月完成)."""
    return bool(header) and bool(lexicon.gloss(header)) and not re.search(r"增|降|率|比|%", header)


@functools.cache
def _header_unit() -> re.Pattern:
    """A header cell that gives its column's unit in brackets: 总投资（亿元）, 同比增长(%)."""
    units = sorted(lexicon.units(), key=len, reverse=True)
    return re.compile(rf"(?P<name>.*?)\s*[（(](?P<said>[^（）()]*?)(?P<unit>{'|'.join(map(re.escape, units))}|[%％])[）)]\s*")


_UNIT_HEADER = re.compile(r"(计量)?单位")  # a column giving each row's unit: 指标名称 | 单位 | 1—6月累计
_UNIT_SAID = re.compile(r"单位[：:]\s*(?P<unit>[^\s）)，,；;、]{1,4})(?=[\s）)，,；;]|$)")  # a table's title: …推进情况（单位：亿元）
_PERIOD_HEADER = re.compile(r"\d|月|季度|年")  # 1—6月累计, 2024年: the period of the column's figures
_CHANGE_HEADER = re.compile(r"增|降|率|比重|占比|%|％")  # a column of changes or shares takes no amount's unit


def _unit_after(header: str, cell: str, unit: str = "") -> tuple[str, str]:
    """(header, cell) with a bracketed unit of the header put after the cell's bare number:
    总投资（亿元） 3.80 -> 总投资 3.80亿元, 年度目标（增长%） 6.0 -> 年度目标增长 6.0%, as a sentence
    writes it; with none, the row's or the table's `unit`, unless the column is of changes. A bound
    after the number stays after the unit: 300以上 -> 300亿元以上."""
    m = _header_unit().fullmatch(header) or re.fullmatch(r"(?P<name>.*?)(?P<said>)(?P<unit>[%％])", header)  # 增长%
    number = re.fullmatch(r"(?P<n>[-+−]?\d[\d.,]*)(?P<bound>左右|以上|以下)?", cell)
    if not number:
        return (m.group("name") + m.group("said") if m else header), cell
    n, bound = number.group("n"), number.group("bound") or ""
    if m:
        return m.group("name") + m.group("said"), n + m.group("unit") + bound
    return header, n + (unit if unit and not _CHANGE_HEADER.search(header) else "") + bound


_SHORT_HEADER = re.compile(r"简称|别称|简写")
_NUMBER_HEADER = re.compile(r"序号|编号|序|No\.?", re.I)  # a column numbering the rows
_ROW_MARK = re.compile(r"^\s*(?:[#＃]|其中[：:])\s*")  # #出口额: an "of which" row of the one above
_CHANGE_COLUMN = re.compile(r"同比|增长|增速|增幅|下降|比上年|较上年")
_CHANGE_ROW = re.compile(r"(同比|比上年|较上年)?(增长|增速|增幅)(率|%|（%）)?")  # a row giving the change of the row above


def _latest_first(cols: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A row's (header, cell) pairs with the latest year's column first and the change columns right
    after it: 2025年1—9月 | 2024年1—9月 | 同比增长 has the growth of 2025's figure, not of the one before it."""
    years = [max(map(int, re.findall(r"(?:19|20)\d\d", h)), default=0) for h, _ in cols]
    if sum(1 for y in years if y) < 2:
        return cols
    latest = max(range(len(cols)), key=lambda i: (not is_target(cols[i][0]), years[i]))  # (a goal's year is no result's)
    rest = [c for i, c in enumerate(cols) if i != latest]
    return [cols[latest]] + sorted(rest, key=lambda hc: not _CHANGE_COLUMN.search(hc[0]))


_RANK_HEADER = re.compile(r"位次|名次|排位|排名")  # 全区位次 | 2: the row's rank, 全区第2
_YEAR_WORDS = re.compile(r"全年|年度")
_BASE_HEADER = re.compile(r"上年|去年|同期")
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_YEAR_PERIOD = re.compile(r"(?:19|20)\d\d\s*年(?:\d{1,2}\s*[—–\-~至]\s*\d{1,2}\s*月份?|[一二三四]季度|上半年|前三季度)?")


def _is_base(header: str) -> bool:
    """A column of the figures compared with (上年同期), not of the change (比上年增长)."""
    return bool(_BASE_HEADER.search(header)) and not _CHANGE_COLUMN.search(header)


def _period_sentence(name: str, header: str, cell: str) -> str:
    """Another period's cell of a row as a sentence of its own: 2023年 -> 2023年，规上工业总产值229.77亿元。,
    2026年目标 -> 2026年，规上工业总产值目标300亿元。 (a year right before 目标 would be no period), 上年同期 ->
    规上工业总产值上年同期42.25亿元。"""
    period = _YEAR_PERIOD.match(header)
    if not period:
        return name + header + cell + "。"
    rest = header[period.end():]
    return f"{period.group()}，{name}{_YEAR_WORDS.sub('', rest) if is_target(rest) else ''}{cell}。"


_GROWTH_HEADER = re.compile(r"增长|增速|增幅")


def _cell_clause(name: str, header: str, cell: str) -> str:
    """A cell after a row's first as a clause: a goal column names the row's measure (全年目标 455亿元 ->
    规上工业总产值目标455亿元, last in the row), a rank column says 第 (全区第2), others header and cell."""
    if _RANK_HEADER.search(header):  # (排名 | 第1, moved from the row's front, keeps its header: 排名第1)
        prefix = header if _RANK_HEADER.fullmatch(header) else _RANK_HEADER.sub("", header)
        return prefix + ("" if cell.startswith("第") else "第") + re.sub(r"(?<=\d)\D+$", "", cell)  # (not the row's unit)
    if is_target(header):
        return name + _YEAR_WORDS.sub("", header) + cell
    return _signed(header, cell)


def _signed(header: str, cell: str) -> str:
    """A header and its cell as a clause; a negative growth (同比增长 | -4.3%) as the fall prose says
    (同比下降4.3%)."""
    negative = re.match(r"[-－−–]\s*(?=\d)", cell)
    if negative and _GROWTH_HEADER.search(header):
        return _GROWTH_HEADER.sub("下降", header, count=1) + cell[negative.end():]
    return header + cell


def _take_column(heads: list[str], cells: list[str], header: re.Pattern) -> tuple[str | None, list[str], list[str]]:
    """The cell under the first header after the row's name that `header` matches (None without one),
    and the row's headers and cells without that column."""
    at = next((i for i, h in enumerate(heads) if i and header.fullmatch(h)), None)
    if at is None:
        return None, heads, cells
    return cells[at], heads[:at] + heads[at + 1:], cells[:at] + cells[at + 1:]


def _tables(lines: list[str]) -> list[str]:
    """Table lines (cells apart by two spaces, a tab or a bar) as clauses: under a header 指标 数值 增速,
    地区生产总值  128.64亿元  6.3% becomes 地区生产总值：128.64亿元，增速6.3%; a header naming a
    measure (项目 | 总投资 | 1—6月完成投资) names the first figure too (某项目总投资3.2亿元，1—6月完成投资…).
    A header line goes once a table line follows it; a line that only looked like one stays as it is."""
    out, header, table_unit, last_name = [], [], "", ""
    for line in lines:
        cells = _cells(line)
        if _RULE.fullmatch(line) and (len(cells) >= 2 or len(line) >= 3):
            continue  # |---|---|, ┌───┬───┐, ──────: no content
        if len(cells) >= 2 and not any(_FIGURE_CELL.fullmatch(c) and not _PERIOD_CELL.fullmatch(c) for c in cells[1:]):
            # a header, if table lines follow (or a title set apart by two spaces, giving the unit)
            out.append(line)
            header = cells
            said = _UNIT_SAID.search(line)
            table_unit = said.group("unit") if said else table_unit
        elif len(cells) >= 2:
            above = max((i for i, o in enumerate(out) if o), default=-1)  # (blank lines may come between)
            first_row = bool(header) and above >= 0 and _cells(out[above]) == header  # its header line
            if first_row:
                del out[above]
            heads = [header[i] if i < len(header) and header[i] not in c else "" for i, c in enumerate(cells)]
            if heads and (_NUMBER_HEADER.fullmatch(heads[0]) or _RANK_HEADER.fullmatch(heads[0])) and len(cells) > 2:
                # 序号 | 项目名称 | …: the name first; a rank (排名 | 1) goes last, as 排名第1
                rank = [(heads[0], "第" + cells[0])] if _RANK_HEADER.fullmatch(heads[0]) and cells[0].isdigit() else []
                heads, cells = heads[1:] + [h for h, _ in rank], cells[1:] + [c for _, c in rank]
            unit, heads, cells = _take_column(heads, cells, _UNIT_HEADER)  # the unit column: each figure's unit
            unit = table_unit if unit is None else "" if _EMPTY_CELL.fullmatch(unit) else unit
            short, heads, cells = _take_column(heads, cells, _SHORT_HEADER)  # 企业名称 | 简称: 某公司（简称“某某”）, once
            short = f"（简称“{short}”）" if short and not _EMPTY_CELL.fullmatch(short) else ""
            named_unit = _header_unit().fullmatch(cells[0])  # 规上工业总产值（亿元） | 118.64: the row's unit
            if named_unit:
                unit, cells[0] = named_unit.group("unit"), named_unit.group("name") + named_unit.group("said")
            heads, cells = map(list, zip(*(_unit_after(h, c, unit) for h, c in zip(heads, cells))))
            title = max((i for i, o in enumerate(out) if o), default=-1)  # (blank lines may come between)
            if first_row and title >= 0 and not ends_sentence(out[title]) and not out[title].endswith(("：", ":")):
                out[title] += "。"  # the table's title (表2 重点项目推进情况) is no part of its first row (apart, a heading)
            worded = heads[1] and not _FIGURE_CELL.fullmatch(cells[1]) and any(
                _FIGURE_CELL.fullmatch(c) and h and not _CHANGE_HEADER.search(h) for h, c in zip(heads[2:], cells[2:]))
            if worded:  # 企业名称 | 所属行业 | 纳税额: a column of words after the name goes after the figures
                heads, cells = [heads[0], *heads[2:], heads[1]], [cells[0], *cells[2:], cells[1]]
            if worded or _names_measure(heads[1]):
                # each row a sentence naming its figures (某项目总投资3.2亿元，某项目1—6月完成投资0.68亿元，…。), a
                # plan's column (年度计划投资) last, so that it makes no goal of the columns after it
                cols = sorted(zip(heads[1:], cells[1:]), key=lambda hc: is_target(hc[0]))
                out.append("，".join((cells[0] + ("" if i else short) if not i or _FIGURE_CELL.fullmatch(c) and h
                                      and not _CHANGE_HEADER.search(h) else "") + _signed(h, c) for i, (h, c) in enumerate(cols)) + "。")
            else:  # 地区生产总值：1—6月累计14.05亿元，同比增长5.8%。 (a header naming the period stays)
                name = _ROW_MARK.sub("", cells[0])
                if _CHANGE_ROW.fullmatch(name) and last_name:  # 地区生产总值 | …, then 增长 | …: the growth of the row above
                    name = last_name + name
                last_name = name
                cols = _latest_first([(h, c) for h, c in zip(heads[1:], cells[1:]) if not _EMPTY_CELL.fullmatch(c)])
                named = _PERIOD_HEADER.search(cols[0][0]) or _CHANGE_COLUMN.search(cols[0][0])  # not 数值
                first = (cols[0][0] if named else "") + cols[0][1]
                # goals last; an earlier period's figure (上年同期, 2023年) a sentence of its own, that no goal
                # or change runs into: 2023年，规上工业总产值229.77亿元。
                own = [hc for hc in cols[1:] if _is_base(hc[0]) or _YEAR.search(hc[0]) and not _CHANGE_COLUMN.search(hc[0])]
                rest = sorted((hc for hc in cols[1:] if hc not in own), key=lambda hc: is_target(hc[0]))
                dated = _YEAR_PERIOD.match(cols[0][0])  # 2025年 | 2024年: each sentence opens with its period, which
                lead = f"{dated.group()}，{name}{short}{cols[0][1]}" if dated else f"{name}{short}：{first}"  # carries on
                out.append("，".join([lead, *(_cell_clause(name, h, c) for h, c in rest)]) + "。"
                           + "".join(_period_sentence(name, h, c) for h, c in own))
        elif not line:  # a blank line between a table's title, header and rows: the table goes on
            out.append(line)
        else:
            out.append(line)
            header = []
            said = _UNIT_SAID.search(line)
            table_unit = said.group("unit") if said else ""
    return out


def _blocks(text: str) -> list[str]:
    """Paragraph-sized blocks of a text, without running heads or table rules; a list's mark is
    left as _ITEM_MARK."""
    pages = _strip_running_lines([page.splitlines() for page in text.split(PAGE_BREAK)])
    lines = _tables([_BULLET.sub(_ITEM_MARK, line.strip()) for page in pages for line in page])
    return _grouped(lines, PAGE_BREAK in text)


def _grouped(lines: list[str], paged: bool) -> list[str]:
    """Lines as blocks: separated by blank lines when the text has them, else one a line (or, for a
    PDF's pages, lines joined back to the page width)."""
    if paged:
        return _unwrap(lines)
    if not any(not line for line in lines):
        return [line for line in lines if line]
    blocks, current = [], []
    for line in lines + [""]:
        if line and (is_byline(line) or _BRACKETED_HEADING.match(line)):  # a byline or 【区位交通】: a block of its own
            blocks += [_join_lines(current)] if current else []
            blocks.append(line)
            current = []
        elif line:
            current.append(line)
        elif current:
            blocks.append(_join_lines(current))
            current = []
    return blocks


_BRACKETED_HEADING = re.compile(r"^【[^【】]{1,20}】$")  # a brochure's or a feature's section: 【产业基础】
_NUMBERED = r"[（(]?[0-9一二三四五六七八九十]{1,2}[)）．.、](?!\d)|[①-⑳]"  # 1. / 一、 / （三） / ②
_LABELLED_FIGURE = re.compile(r"[^，。；：]{2,20}：[^，。；：]{0,8}\d(?!\d{0,3}年)")  # 工业用电量：0.47亿千瓦时 (not 日期：2025年)
_ITEM = re.compile(rf"{_NUMBERED}|{_LABELLED_FIGURE.pattern}")


def _join_lines(lines: list[str]) -> str:
    """The lines of one block as one paragraph: a line wrapped mid-sentence runs on; a list
    item or a table line (地区生产总值：47.86亿元) without end punctuation is a clause of its
    own (joined by ；), not run into the line before or after it."""
    text = lines[0]
    for previous, line in zip(lines, lines[1:]):
        ended = text.endswith(tuple(_END.replace("）", "") + "，；：、"))  # (not after 年度目标增长6.0%）: the next item
        # (nor is a short line after a short line: a signature's lines, 镇长　某某 then the date, or
        # ——某镇党委书记　某某 then ——镇长　某某, each its own; but a subtitle, ——某镇2024年…, runs on from its
        # title; a bulleted line, · 地区生产总值152.6亿元，同比增长7.3%, is an item whatever its length)
        subtitle = line.startswith(("—", "－")) and not previous.startswith(("—", "－"))
        own = _ITEM.match(line) or _ITEM.match(previous) or line.startswith(_ITEM_MARK) or previous.startswith(_ITEM_MARK) \
            or len(previous) <= HEADING_MAX and len(line) <= HEADING_MAX and not subtitle
        text += line if ended or not own else "；" + line
    return text


def clean(text: str) -> list[str]:
    """The paragraphs of a text, cleaned; a block cut by a page break or wrap is joined to the next."""
    out: list[str] = []
    item = False
    for block in _blocks(normalize_width(text)):
        # (● 一般公共预算收入3.12亿元，同比增长5.8%: an item, never run on, nor run on to)
        after_item, item = item, block.startswith(_ITEM_MARK)
        block = re.sub(r"\s+", " ", block.replace(_ITEM_MARK, "")).strip()
        # a numbered heading (一、主要指标) after 如下： stays a heading; a list after it runs on
        numbered_heading = re.match(_NUMBERED, block) and len(block) <= HEADING_MAX and not ends_sentence(block)
        title = len(out) == 1 and len(out[0]) <= TITLE_MAX and "。" not in out[0]  # the first short block: no run-on
        if out and not title and not out[-1].endswith(tuple(_END)) and (len(out[-1]) > HEADING_MAX or "。" in out[-1]) \
                and not is_byline(out[-1]) and not is_byline(block) and not _ITEM.match(out[-1].rsplit("；", 1)[-1]) \
                and not numbered_heading and not _BRACKETED_HEADING.match(block) and not item and not after_item:
            out[-1] = out[-1] + block if re.match(_CJK, block) or re.search(rf"{_CJK}$", out[-1]) else f"{out[-1]} {block}"
        else:
            out.append(block)
    return out


def ends_sentence(text: str) -> bool:
    """Ends with a sentence's end, maybe inside quotes or brackets: 说：“好。” does, 报告（摘要） not."""
    return text.rstrip("”」）)").endswith(tuple("。！？；…!?"))


def paragraphs(blocks: list[str]) -> list[dict]:
    """Rows of article.zh.jsonl: the first short block is the title, short blocks
    without end punctuation are headings, the rest paragraphs."""
    rows, section = [], ""
    for number, text in enumerate(blocks, start=1):
        short = len(text) <= TITLE_MAX and "。" not in text if number == 1 else len(text) <= HEADING_MAX
        if is_byline(text):
            kind = "byline"
        elif short and not ends_sentence(text) and not _LABELLED_FIGURE.match(text):  # (a table's row is no heading)
            kind = "title" if number == 1 else "heading"
            section = text if kind == "heading" else section
        else:
            kind = "paragraph"
        rows.append({"id": f"p{number:02d}", "kind": kind, "section": section if kind != "title" else "", "text": text})
    return rows
