"""Load and validate knowledge/: article (zh + aligned en), indicators, glossary.

Every malformed entry raises KnowledgeError naming the file, the line or row,
and the reason.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .errors import KnowledgeError
from .figures import parse_figure

DOC_ID = "article"
_SENTENCE_ZH = re.compile(r"(?:(?<=[。！？])(?![”」）]))|(?<=[。！？][”」])")
_SENTENCE_EN = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’)]))(?<!Co\.)(?<!Ltd\.)\s+(?=[A-Z0-9“\"(])")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)


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
        return f"{DOC_ID}#{self.id}"


class Indicator(_Strict):
    id: str
    scope_zh: str
    scope: str
    metric_zh: str
    metric_en: str
    period: str
    value: str
    unit: str
    qualifier: Literal["", "超过", "余", "约", "多"]
    comparison: str
    keywords: str
    source: str
    quote: str
    note: str

    @field_validator("id", "scope_zh", "scope", "metric_zh", "metric_en", "value", "unit", "source", "quote")
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
        if v and not re.fullmatch(r"\d{4}(-\d\d\.\.\d{4}-\d\d)?|as of \d{4}-\d\d-\d\d", v):
            raise ValueError(f"period {v!r} must be YYYY, YYYY-MM..YYYY-MM, 'as of YYYY-MM-DD' or empty")
        return v

    @property
    def figure(self):
        return parse_figure(self.value, self.unit)

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(";") if k.strip()]


class GlossaryEntry(_Strict):
    id: str
    zh: str
    en: str
    aliases: list[str]
    type: Literal["person", "firm", "place", "programme", "industry", "organisation", "event", "product"]
    role_zh: str
    role_en: str
    source: str
    note: str


@dataclass
class Knowledge:
    """The validated knowledge base, as the rest of the library sees it."""

    directory: Path
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

    def fingerprint(self) -> str:
        """Hash of every knowledge file: the index is rebuilt when it changes."""
        digest = hashlib.sha256()
        for path in sorted(self.directory.glob("*.*")):
            digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()


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
        except ValidationError as exc:
            raise KnowledgeError(path, number, _explain(exc)) from None
    _unique_ids(path, [r.id for r in rows])
    return rows


def _read_indicators(path: Path, lines: list[int] | None = None) -> list[Indicator]:
    text = _read_text(path)
    reader = csv.DictReader(text.splitlines())
    expected = list(Indicator.model_fields)
    if reader.fieldnames != expected:
        raise KnowledgeError(path, 1, f"header must be {','.join(expected)}; found {','.join(reader.fieldnames or [])}")
    rows = []
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            count = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or [])
            raise KnowledgeError(path, line, f"row has {count} fields, expected {len(expected)}")
        try:
            indicator = Indicator.model_validate(row)
            indicator.figure  # value + unit must read as one figure
        except ValidationError as exc:
            raise KnowledgeError(path, line, f"row {row.get('id') or '?'}: {_explain(exc)}") from None
        except ValueError as exc:
            raise KnowledgeError(path, line, f"row {row.get('id')}: {exc}") from None
        rows.append(indicator)
        if lines is not None:
            lines.append(line)
    _unique_ids(path, [r.id for r in rows])
    return rows


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise KnowledgeError(path, None, "file not found (set MJQ_KNOWLEDGE to the knowledge/ folder)")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _explain(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())


def _unique_ids(path: Path, ids: list[str]) -> None:
    seen = set()
    for number, id_ in enumerate(ids, start=1):
        if id_ in seen:
            raise KnowledgeError(path, None, f"duplicate id {id_!r} (entry {number})")
        seen.add(id_)


def _cross_check(k: Knowledge, lines: dict[str, list[int]] | None = None) -> None:
    """Links between files: aligned ids, real sources, verbatim quotes.

    `lines` maps a file name to its rows' line numbers (blank lines are skipped
    on reading, so a row's position is not its line)."""
    lines = lines or {}
    en_path, ind_path, glo_path = (k.directory / f for f in FILES[1:])
    if [p.id for p in k.article_zh] != [p.id for p in k.article_en]:
        raise KnowledgeError(en_path, None, "paragraph ids must match article.zh.jsonl, in the same order")
    for number, p in zip(lines.get(FILES[1]) or range(1, len(k.article_en) + 1), k.article_en):
        if p.kind != k.zh[p.id].kind:
            raise KnowledgeError(en_path, number, f"{p.id}: kind {p.kind!r} differs from the Chinese {k.zh[p.id].kind!r}")
    for number, row in zip(lines.get(FILES[2]) or range(2, len(k.indicators) + 2), k.indicators):
        if row.source not in k.zh:
            raise KnowledgeError(ind_path, number, f"row {row.id}: source {row.source!r} is not a paragraph id")
        if row.quote not in k.zh[row.source].text:
            raise KnowledgeError(ind_path, number, f"row {row.id}: quote is not verbatim in {row.source}")
        if row.value not in row.quote:
            raise KnowledgeError(ind_path, number, f"row {row.id}: quote does not contain the value {row.value}")
    for number, entry in zip(lines.get(FILES[3]) or range(1, len(k.glossary) + 1), k.glossary):
        if entry.source not in k.zh:
            raise KnowledgeError(glo_path, number, f"{entry.id}: source {entry.source!r} is not a paragraph id")


def load_knowledge(directory: Path) -> Knowledge:
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError(directory, None, "knowledge folder not found (set MJQ_KNOWLEDGE)")
    lines: dict[str, list[int]] = {name: [] for name in FILES}
    knowledge = Knowledge(
        directory=directory,
        article_zh=_read_jsonl(directory / FILES[0], Paragraph, lines[FILES[0]]),
        article_en=_read_jsonl(directory / FILES[1], Paragraph, lines[FILES[1]]),
        indicators=_read_indicators(directory / FILES[2], lines[FILES[2]]),
        glossary=_read_jsonl(directory / FILES[3], GlossaryEntry, lines[FILES[3]]),
    )
    _cross_check(knowledge, lines)
    return knowledge


def split_sentences(text: str, language: str) -> list[str]:
    """Sentences of a paragraph, verbatim (joined back they give the paragraph)."""
    pattern = _SENTENCE_ZH if language == "zh" else _SENTENCE_EN
    return [s for s in pattern.split(text) if s.strip()]
