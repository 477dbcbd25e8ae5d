"""Load and validate the knowledge base: one folder per document.

`<root>/<doc-id>/` holds doc.yaml, article.zh.jsonl (+ optional article.en.jsonl),
indicators.csv and glossary.jsonl (see knowledge/README.md). Every root's
documents are loaded into one Knowledge; ids are qualified with the document
(`<doc-id>#p02`, `<doc-id>#ind-02`) so documents never collide. Every malformed
entry raises KnowledgeError naming the file, the line or row, and the reason.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from . import lexicon
from .errors import KnowledgeError
from .figures import find_figures, parse_figure
from .language import name_end

_SENTENCE_ZH = re.compile(r"(?:(?<=[。！？])(?![”」）\"]))|(?<=[。！？][”」\"])")  # a closing quote stays with its sentence
_SENTENCE_EN = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’)]))(?<!Co\.)(?<!Ltd\.)\s+(?=[A-Z0-9“\"(])")
KINDS = ("amount", "count", "rate", "share", "points", "measure", "rank")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)


class Bilingual(_Strict):
    zh: str
    en: str

    def get(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


class Period(_Strict):
    id: str
    zh: str
    en: str


class Examples(_Strict):
    zh: list[str] = []
    en: list[str] = []

    def get(self, language: str) -> list[str]:
        return self.zh if language == "zh" else self.en


class Document(_Strict):
    """doc.yaml: what a document is, which periods it covers, what to show for it."""
    id: str
    title: Bilingual
    publisher: Bilingual
    authors: Bilingual | None = None
    date: str = ""
    source: str
    fictional: bool = False
    subject: str            # glossary id of the place the document is about
    region: list[str] = []  # glossary ids of the places that contain it
    periods: list[Period]
    coverage: Bilingual
    examples: Examples = Examples()

    @field_validator("id")
    @classmethod
    def _id_form(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,}", v):
            raise ValueError("id must be lowercase letters, digits and hyphens (3+ characters)")
        return v

    @field_validator("date", mode="before")
    @classmethod
    def _date_form(cls, v) -> str:
        v = "" if v is None else str(v)  # YAML reads 2024-01-18 as a date
        if v and not re.fullmatch(r"\d{4}(-\d\d){0,2}", str(v)):
            raise ValueError("date must be YYYY-MM-DD, YYYY-MM, YYYY or empty")
        return str(v)


class Paragraph(_Strict):
    id: str
    kind: Literal["title", "heading", "paragraph", "caption", "byline"]
    section: str
    text: str

    @field_validator("id")
    @classmethod
    def _id_form(cls, v: str) -> str:
        if not re.fullmatch(r"p\d{2,}", v):
            raise ValueError("id must look like p01")
        return v

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is empty")
        return v

    @property
    def source(self) -> str:
        return self.id


class Indicator(_Strict):
    id: str
    scope_zh: str
    scope: str
    metric_zh: str
    metric_en: str
    period: str
    value: str
    unit: str
    qualifier: Literal["", "超过", "余", "约", "多", "近"]
    comparison: str
    kind: Literal[KINDS]
    of: str
    keywords: str
    source: str
    quote: str
    note: str
    status: Literal["reviewed", "extracted"] = "reviewed"  # extracted: by `mjq add`, not yet reviewed

    @field_validator("id", "scope_zh", "scope", "metric_zh", "metric_en", "value", "source", "quote")
    @classmethod
    def _required(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v

    @field_validator("value")
    @classmethod
    def _numeric(cls, v: str) -> str:
        if not re.fullmatch(r"\d+(\.\d+)?", v):
            raise ValueError(f"value {v!r} is not a number as written (digits, optional decimals)")
        return v

    @field_validator("period")
    @classmethod
    def _period_form(cls, v: str) -> str:
        if v and not re.fullmatch(r"\d{4}(-\d\d(\.\.\d{4}-\d\d)?)?|as of \d{4}-\d\d-\d\d", v):
            raise ValueError(f"period {v!r} must be YYYY, YYYY-MM, YYYY-MM..YYYY-MM, 'as of YYYY-MM-DD' or empty")
        return v

    @property
    def doc(self) -> str:
        return doc_id(self.id)

    @property
    def figure(self):
        return parse_figure(self.value, self.unit)

    @property
    def english_words(self) -> str:
        """The English name without the Chinese name it may repeat (接待游客数量 (number of: tourist
        arrivals)): searched beside metric_zh, the Chinese would count twice."""
        return self.metric_en.replace(self.metric_zh, " ").strip() if self.metric_en != self.metric_zh else ""

    @property
    def period_end(self) -> str:
        """Where the period ends, in sortable form: 2023 -> 2023-12, 2024-01..2024-06 -> 2024-06."""
        end = self.period.removeprefix("as of ").split("..")[-1]
        return f"{end}-12" if re.fullmatch(r"\d{4}", end) else end

    @property
    def series(self) -> tuple[str, str, str, str]:
        """What the row measures, whatever its period: bulletins of several periods repeat it,
        with or without the comparison's words (产值同比增长 is 产值增长)."""
        return self._series_of(self.metric_zh)

    @property
    def measured(self) -> tuple[str, str, str, str]:
        """The series a goal is set for (规上工业总产值目标: 规上工业总产值's), named as that
        series is (社会消费品零售总额增长目标: the series of 社会消费品零售总额增长); a result's own series."""
        return self._series_of(self.metric_zh.removesuffix(_TARGET) if self.is_target else self.metric_zh)

    def _series_of(self, metric_zh: str) -> tuple[str, str, str, str]:
        metric = _SERIES_NOISE.sub("", _COMPARED.sub("", lexicon.canonical(metric_zh)))
        for full, short in _SERIES_SHORT.items():
            metric = metric.replace(full, short)
        return (self.scope_zh, metric, self.kind, self.unit)

    @property
    def is_target(self) -> bool:
        """A goal (规上工业总产值目标), not a result: `mjq add` gives a goal's metric the targets' suffix."""
        return self.metric_zh.endswith(_TARGET) and len(self.metric_zh) > len(_TARGET)

    @property
    def is_goal_done(self) -> bool:
        """The share of a goal done (完成全年目标的62.4%: `mjq add` names it 固定资产投资目标完成比例)."""
        return self.kind == "share" and self.metric_zh.endswith(_GOAL_DONE)

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(";") if k.strip()]


_WRITING = lexicon.load("extraction")  # how reports word a measure: comparisons, noise, short forms
_COMPARED = re.compile("|".join(r["pattern"] for r in _WRITING["comparisons"]["rules"]))
_SERIES_NOISE = re.compile(_WRITING["series_noise"])
_SERIES_SHORT = _WRITING["series_short"]
_TARGET = _WRITING["targets"]["suffix"]
_GOAL_DONE = _WRITING["metric"]["goal_done"]["metric"]
COLUMNS = [c for c in Indicator.model_fields if c != "status"]  # status is an optional last column


class GlossaryEntry(_Strict):
    id: str
    zh: str
    en: str
    aliases: list[str]
    type: Literal["person", "firm", "place", "programme", "industry", "organisation", "event", "product", "scope"]
    role_zh: str
    role_en: str
    source: str
    note: str

    @property
    def names(self) -> list[str]:
        return [n for n in (self.zh, self.en, *self.aliases) if n]


def _without_place(name: str, places: list[str]) -> str | None:
    """`name` with a leading place name cut off, when what is left is still a name of its own:
    2+ Chinese characters, or 2+ English words."""
    place = next((p for p in places if name.lower().startswith(p) and len(name) > len(p)), None)
    rest = name[len(place):].strip(" -") if place else ""
    english = re.fullmatch(r"[A-Za-z][\w&.'-]*(\s+[\w&.'-]+)+", rest)
    return rest if re.fullmatch(r"[\u4e00-\u9fff]{2,}", rest) and not re.search(r"[A-Za-z]", name) or english else None


def _is_short_for(short: str, full: str, ending: str) -> bool:
    """Whether `short` is `full` said short: all its characters in order, three at least, ending as `full`
    ends, one before its ending (经开区 for 某某经济技术开发区; not 产业园)."""
    start, at = _short_for(short, len(short) - 1, full)
    return start == 0 and 3 <= len(at) < len(full) and min(at) < len(full) - len(ending)


def _short_for(said, j: int, full) -> tuple[int, list[int]]:
    """Going back from said[j], the items of `full` it matches in order from the end of `full` (none
    unless said[j] is its last): where that run starts in `said`, and the positions matched in `full`."""
    at, i = [], j
    while i >= 0:
        k = next((p for p in range((at[-1] if at else len(full)) - 1, -1, -1) if full[p] == said[i]), None)
        if k is None or not at and k != len(full) - 1:
            break
        at.append(k)
        i -= 1
    return i + 1, at


@dataclass
class Knowledge:
    """The validated knowledge base (every document), as the rest of the library sees it."""

    directories: list[Path]
    documents: dict[str, Document]
    article_zh: list[Paragraph]
    article_en: list[Paragraph]
    indicators: list[Indicator]
    glossary: list[GlossaryEntry]

    @cached_property
    def zh(self) -> dict[str, Paragraph]:
        return {p.id: p for p in self.article_zh}

    @cached_property
    def en(self) -> dict[str, Paragraph]:
        return {p.id: p for p in self.article_en}

    @cached_property
    def entries(self) -> dict[str, GlossaryEntry]:
        return {g.id: g for g in self.glossary}

    def subset(self, doc_ids) -> "Knowledge":
        """The same knowledge restricted to some documents."""
        keep = set(doc_ids)
        def mine(items):
            return [x for x in items if doc_id(x.id) in keep]
        return Knowledge(self.directories, {d: v for d, v in self.documents.items() if d in keep},
                         mine(self.article_zh), mine(self.article_en), mine(self.indicators), mine(self.glossary))

    @cached_property
    def naming(self) -> dict[str, frozenset[str]]:
        """Names (lower case) of places, firms, people, products and programmes that some documents'
        glossaries have and others' do not -> those documents' ids: a town's bulletins of several
        periods share its name (generic aliases such as 镇党委 do not name a document)."""
        owners: dict[str, set[str]] = {}
        for g in self.glossary:
            if g.type not in ("place", "firm", "person", "product", "programme"):
                continue
            for name in g.names:
                if len(name) >= 2:
                    owners.setdefault(name.lower(), set()).add(doc_id(g.id))
        return {name: frozenset(docs) for name, docs in owners.items() if len(docs) < len(self.documents)}

    def documents_named(self, text: str) -> set[str]:
        """The documents a text names by a name only they have."""
        lowered = text.lower()
        return {doc for name, docs in self.naming.items() if name in lowered and name_end(lowered, name) >= 0
                for doc in docs}

    @cached_property
    def years(self) -> set[int]:
        """Every year a document's periods or figures cover."""
        found = {int(y) for d in self.documents.values() for p in d.periods for y in re.findall(r"\d{4}", p.id)}
        return found | {int(y) for r in self.indicators for y in re.findall(r"\d{4}", r.period)}

    @cached_property
    def result_years(self) -> set[int]:
        """The years the figures report results for (a report's plans for the next year aside):
        "this year" is the latest of them."""
        found = {int(y) for r in self.indicators if not r.is_target for y in re.findall(r"\d{4}", r.period)[:1]}
        return found or self.years

    @cached_property
    def this_year(self) -> int | None:
        """The year the data is read in: the newest document's date (a report on 2024 given in
        February 2025 makes 去年 2024), else the latest year it reports results for."""
        dated = {int(d.date[:4]) for d in self.documents.values() if re.match(r"\d{4}", d.date)}
        return max(self.result_years | dated, default=None)

    @cached_property
    def latest_period(self) -> Period:
        """The period most figures of the latest year cover (2024-01..2024-11 rather than 2024)."""
        counts = Counter(r.period for r in self.indicators if r.period and not r.period.startswith("as of"))
        periods = [p for d in self.documents.values() for p in d.periods]
        return max(periods, key=lambda p: (p.id[:4], counts[p.id]))

    def subject_entry(self, doc: Document) -> GlossaryEntry | None:
        """The glossary entry of the place a document is about."""
        return self.entries.get(f"{doc.id}#{doc.subject}")

    @cached_property
    def places(self) -> set[str]:
        """Names of the places the documents are about and lie in: they say where, not what."""
        ids = [f"{d.id}#{g}" for d in self.documents.values() for g in (d.subject, *d.region)]
        return {n.lower() for i in ids if i in self.entries for n in self.entries[i].names}

    @cached_property
    def subject_names(self) -> set[str]:
        """Names of the places the documents are about (not the districts they lie in), lower case."""
        return {n.lower() for d in self.documents.values() if (g := self.subject_entry(d)) for n in g.names}

    @cached_property
    def scope_names(self) -> dict[str, list[str]]:
        """Each indicator scope (全镇, 协同区域…) with the names people use for it, from the glossary;
        a name that starts with the document's place is known without it too, as people say it
        on the spot ("Qingshui High-Tech Park" -> "High-Tech Park")."""
        by_name: dict[str, list[str]] = {}  # every document's names of it (one report says 瑞芯新材料, another not)
        for g in self.glossary:
            by_name.setdefault(g.zh, []).extend(g.names)
        places = sorted(self.places, key=len, reverse=True)
        endings = lexicon.load("extraction")["scopes"]["short_endings"]  # 协同区域 is 协同区 too
        out = {}
        for scope in dict.fromkeys(r.scope_zh for r in self.indicators):
            names = [scope, *by_name.get(scope, [])]
            names += [short for n in names if (short := _without_place(n, places))]
            out[scope] = list(dict.fromkeys(names + [n[:-len(e)] + s for n in names for e, s in endings.items()
                                                     if n.endswith(e) and len(n) - len(e) >= 2]))
        for short, full in self.same_part.items():  # one report's 陶瓷产业园 is another's 某某先进陶瓷产业园
            out[full] = list(dict.fromkeys(out.get(full, [full]) + out.get(short, [short])))
        return out

    @cached_property
    def same_part(self) -> dict[str, str]:
        """A park or zone one report names short (陶瓷产业园) -> the one another names in full (某县某镇先进陶瓷产业园),
        when it is short for that one only (by characters in order, ending as it ends)."""
        parts = [(full, ending) for full, ending in self._part_full_names if ending]
        found = {}
        for short, _ in parts:
            fulls = [full for full, ending in parts if full != short and _is_short_for(short, full, ending)]
            if len(fulls) == 1:
                found[short] = fulls[0]
        return found

    @cached_property
    def _part_full_names(self) -> list[tuple[str, str]]:
        """(full name, the generic ending it has) of each park or zone, in Chinese and in English."""
        generic = sorted(_WRITING["scopes"]["generic_parts"], key=len, reverse=True)
        parts = {(g.zh, g.en, e) for g in self.glossary if g.type == "place" and g.zh.lower() not in self.places
                 for e in [next((e for e in generic if g.zh.endswith(e) and len(g.zh) > len(e)), "")] if e}
        return [(name, ending if name == zh else "") for zh, en, ending in parts for name in (zh, en) if name]

    def with_full_part_names(self, text: str) -> str:
        """The text with a park or zone said short, by characters (or words) of its name in order ending
        as it ends (云杉物流园 for 云杉现代物流园, 算力园 for 某某算力产业园, "the Yunshan logistics park"),
        written in full, when it is short for one part only."""
        lowered = text.lower()
        tokens = list(re.finditer(r"[a-z0-9]+", lowered))
        spans: dict[tuple[int, int], set[str]] = {}
        named = [m.span() for full, _ in self._part_full_names for m in re.finditer(re.escape(full.lower()), lowered)]
        for full, ending in self._part_full_names:
            if full.lower() in lowered:
                continue
            # three characters or two words at least, one of them before the name's ending (经开区 for
            # 某某经济技术开发区; not 产业园, "industrial park": any park)
            if ending:  # Chinese: by characters
                for j in (j for j, c in enumerate(text) if c == full[-1]):  # (where it could end: on the hot path)
                    start, _ = _short_for(text, j, full)
                    if _is_short_for(text[start:j + 1], full, ending):
                        spans.setdefault((start, j + 1), set()).add(full)
            else:  # English: by words (its ending: the last two, "Logistics Park")
                words = re.findall(r"[a-z0-9]+", full.lower())
                said = [t.group() for t in tokens]
                for j in (j for j, w in enumerate(said) if w == words[-1]):
                    start, at = _short_for(said, j, words)
                    if 2 <= len(at) < len(words) and min(at) < len(words) - 2:
                        spans.setdefault((tokens[start].start(), tokens[j].end()), set()).add(full)
        chosen: list[tuple[int, int, str]] = []  # the longest first, none within a part named in full
        for (start, end), fulls in sorted(spans.items(), key=lambda kv: kv[0][0] - kv[0][1]):
            if len(fulls) == 1 and not any(a < end and start < b for a, b, *_ in [*named, *chosen]):
                chosen.append((start, end, fulls.pop()))
        for start, end, full in sorted(chosen, reverse=True):
            text = text[:start] + full + text[end:]
        return text

    @cached_property
    def default_scope(self) -> str:
        """The scope most figures have (the whole town): unsaid scopes mean it."""
        return Counter(r.scope_zh for r in self.indicators).most_common(1)[0][0] if self.indicators else ""

    def coverage(self, language: str) -> str:
        return ("；" if language == "zh" else "; ").join(d.coverage.get(language) for d in self.documents.values())

    def fingerprint(self) -> str:
        """Hash of every knowledge file: the index is rebuilt when it changes."""
        digest = hashlib.sha256()
        for directory in self.directories:
            for path in sorted(directory.glob("*/*.*")):
                if path.suffix in (".yaml", ".jsonl", ".csv"):
                    digest.update(str(path.relative_to(directory)).encode() + path.read_bytes())
        return digest.hexdigest()


DOC_FILE = "doc.yaml"
FILES = ("article.zh.jsonl", "article.en.jsonl", "indicators.csv", "glossary.jsonl")


def _read_jsonl(path: Path, model: type[BaseModel], lines: list[int] | None = None) -> list:
    """Rows of a .jsonl file; `lines`, if given, receives each row's line number."""
    rows = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(model.model_validate(json.loads(line)))
            if lines is not None:
                lines.append(number)
        except json.JSONDecodeError as exc:
            raise KnowledgeError(path, number, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        except RecursionError:
            raise KnowledgeError(path, number, "nested too deeply") from None
        except ValidationError as exc:
            raise KnowledgeError(path, number, _explain(exc)) from None
    _unique_ids(path, [r.id for r in rows])
    return rows


def _read_indicators(path: Path, lines: list[int] | None = None) -> list[Indicator]:
    text = _read_text(path)
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames not in (COLUMNS, [*COLUMNS, "status"]):
        raise KnowledgeError(path, 1, f"header must be {','.join(COLUMNS)}[,status]; found {','.join(reader.fieldnames or [])}")
    rows = []
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            count = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or [])
            raise KnowledgeError(path, line, f"row has {count} fields, expected {len(reader.fieldnames)}")
        try:
            indicator = Indicator.model_validate(row)
            indicator.figure  # value + unit must read as one figure
        except ValidationError as exc:
            loc = exc.errors()[0]["loc"] if exc.errors() else ()
            raise KnowledgeError(path, line, f"row {row.get('id') or '?'}: {_explain(exc)}", row=row.get("id"),
                                 field=str(loc[0]) if loc else None) from None
        except ValueError as exc:
            raise KnowledgeError(path, line, f"row {row.get('id')}: {exc}", row=row.get("id"), field="unit") from None
        rows.append(indicator)
        if lines is not None:
            lines.append(line)
    _unique_ids(path, [r.id for r in rows], field="id")
    return rows


def _read_document(path: Path) -> Document:
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KnowledgeError(path, mark.line + 1 if mark else None, f"not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise KnowledgeError(path, None, "must be a YAML mapping (title, date, periods, coverage, …)")
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        first = str(exc.errors()[0]["loc"][0]) if exc.errors() and exc.errors()[0]["loc"] else ""
        text = path.read_text(encoding="utf-8").splitlines()
        line = next((n for n, l in enumerate(text, 1) if first and l.startswith(f"{first}:")), None)
        raise KnowledgeError(path, line, _explain(exc)) from None


def _read_text(path: Path) -> str:
    if path.is_dir():
        raise KnowledgeError(path, None, "is a folder, expected a file")
    if not path.is_file():
        raise KnowledgeError(path, None, "file not found (set MJQ_KNOWLEDGE to the knowledge/ folder)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError(path, None, f"cannot be read ({exc.strerror})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise KnowledgeError(path, 1, "starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
    if b"\x00" in data:
        raise KnowledgeError(path, data[:data.index(b"\x00")].count(b"\n") + 1, "contains a NUL byte")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise KnowledgeError(path, line, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _explain(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())


def _unique_ids(path: Path, ids: list[str], field: str | None = None) -> None:
    seen = set()
    for number, id_ in enumerate(ids, start=1):
        if id_ in seen:
            raise KnowledgeError(path, None, f"duplicate id {id_!r} (entry {number})", row=id_ if field else None,
                                 field=field)
        seen.add(id_)


def _quotes_value(row: Indicator) -> bool:
    """The quote states the row's figure: the same value and unit, read as a quantity."""
    want = row.figure
    return any(f.number == row.value and f.matches(want) for f in find_figures(row.quote)) or \
        re.search(rf"(?<![\d.]){re.escape(row.value)}(?![\d.])\s*{re.escape(row.qualifier)}?\s*{re.escape(row.unit)}", row.quote) is not None


def _check_document(folder: Path, doc: Document, zh, en, indicators, glossary, lines) -> None:
    """Links between a document's files: aligned ids, real sources, verbatim quotes."""
    en_path, ind_path, glo_path = (folder / f for f in FILES[1:])
    paragraphs = {p.id: p for p in zh}
    if en and [p.id for p in zh] != [p.id for p in en]:
        raise KnowledgeError(en_path, None, "paragraph ids must match article.zh.jsonl, in the same order")
    for number, p in zip(lines[FILES[1]], en):
        if p.kind != paragraphs[p.id].kind:
            raise KnowledgeError(en_path, number, f"{p.id}: kind {p.kind!r} differs from the Chinese {paragraphs[p.id].kind!r}")
    ids = {r.id for r in indicators}
    for number, row in zip(lines[FILES[2]], indicators):
        problem = ("source", f"source {row.source!r} is not a paragraph id") if row.source not in paragraphs \
            else ("quote", f"quote is not verbatim in {row.source}") if row.quote not in paragraphs[row.source].text \
            else ("value", f"the quote does not state {row.value}{row.unit}") if not _quotes_value(row) \
            else ("of", f"of {row.of!r} is not an indicator id") if row.of and row.of not in ids else None
        if problem:  # the field named, so that a face can point at it (the UI's Documents tab)
            raise KnowledgeError(ind_path, number, f"row {row.id}: {problem[1]}", row=row.id, field=problem[0])
    for number, entry in zip(lines[FILES[3]], glossary):
        if entry.source not in paragraphs:
            raise KnowledgeError(glo_path, number, f"{entry.id}: source {entry.source!r} is not a paragraph id")
    names = {g.id for g in glossary}
    for field in ("subject", "region"):
        for ref in [getattr(doc, field)] if field == "subject" else doc.region:
            if ref not in names:
                raise KnowledgeError(folder / DOC_FILE, None, f"{field} {ref!r} is not a glossary id")


def _qualify(doc: str, item, *fields):
    return item.model_copy(update={f: f"{doc}#{getattr(item, f)}" for f in fields if getattr(item, f)})


def load_document(folder: Path) -> tuple[Document, list, list, list, list]:
    """One document folder, validated; ids qualified with the document id."""
    doc = _read_document(folder / DOC_FILE)
    if doc.id != folder.name:
        raise KnowledgeError(folder / DOC_FILE, None, f"id {doc.id!r} must equal the folder name {folder.name!r}")
    lines: dict[str, list[int]] = {name: [] for name in FILES}
    zh = _read_jsonl(folder / FILES[0], Paragraph, lines[FILES[0]])
    en = _read_jsonl(folder / FILES[1], Paragraph, lines[FILES[1]]) if (folder / FILES[1]).exists() else []
    indicators = _read_indicators(folder / FILES[2], lines[FILES[2]])
    glossary = _read_jsonl(folder / FILES[3], GlossaryEntry, lines[FILES[3]])
    _check_document(folder, doc, zh, en, indicators, glossary, lines)
    d = doc.id
    return (doc, [_qualify(d, p, "id") for p in zh], [_qualify(d, p, "id") for p in en],
            [_qualify(d, r, "id", "of", "source") for r in indicators],
            [_qualify(d, g, "id", "source") for g in glossary])


def document_folders(root: Path) -> list[Path]:
    return sorted(p.parent for p in Path(root).glob(f"*/{DOC_FILE}"))


def load_knowledge(*roots: Path) -> Knowledge:
    """Every document under the given roots (MJQ_KNOWLEDGE, then $MJQ_HOME/knowledge)."""
    k = Knowledge([], {}, [], [], [], [])
    for root in map(Path, roots):
        if not root.is_dir():
            raise KnowledgeError(root, None, "knowledge folder not found (set MJQ_KNOWLEDGE)")
        folders = document_folders(root)
        if not folders and root == Path(roots[0]):
            hint = " (found article.zh.jsonl at the top: move the files into a <doc-id>/ folder with a doc.yaml)" \
                if (root / FILES[0]).exists() else ""
            raise KnowledgeError(root, None, f"no document folder (<doc-id>/{DOC_FILE}) in it{hint}")
        k.directories.append(root)
        for folder in folders:
            doc, zh, en, indicators, glossary = load_document(folder)
            if doc.id in k.documents:
                raise KnowledgeError(folder / DOC_FILE, None, f"document id {doc.id!r} is loaded twice")
            k.documents[doc.id] = doc
            k.article_zh += zh
            k.article_en += en
            k.indicators += indicators
            k.glossary += glossary
    return k


def doc_id(qualified: str) -> str:
    """majuqiao-2024 of majuqiao-2024#p02."""
    return qualified.split("#", 1)[0]


def local_id(qualified: str) -> str:
    """p02 of majuqiao-2024#p02."""
    return qualified.split("#", 1)[-1]


def split_sentences(text: str, language: str) -> list[str]:
    """Sentences of a paragraph, verbatim (joined back they give the paragraph)."""
    pattern = _SENTENCE_ZH if language == "zh" else _SENTENCE_EN
    return [s for s in pattern.split(text) if s.strip()]
