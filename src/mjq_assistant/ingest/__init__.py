"""`mjq add`, `mjq docs`, `mjq remove`: a report file becomes a document folder under
$MJQ_HOME/knowledge/ and is indexed incrementally. One module per stage:

    read.py     file -> text (txt/md in any office encoding, docx, pdf, html)
    clean.py    text -> paragraphs (headers, footers, page-break splits, widths)
    extract.py  paragraphs -> candidate indicator rows (status=extracted)
    write.py    -> a validated folder, moved into place at the end
    review.py   `mjq review`: accept, edit or reject the extracted rows
"""
from __future__ import annotations

import hashlib
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import IngestError
from ..knowledge import DOC_FILE, Knowledge, doc_id, load_knowledge

PROGRESS_CHARS = 20_000  # longer texts show a progress bar while extracting (embedding always shows one)


@dataclass
class Added:
    id: str
    folder: Path
    paragraphs: int
    rows: int
    seconds: dict  # per stage: read, clean, extract, write, index
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en) warnings for the person adding it


def content_hash(paragraph_texts) -> str:
    """The same report, from any file format, hashes the same."""
    return hashlib.sha256("\n".join(re.sub(r"\s+", "", t) for t in paragraph_texts).encode()).hexdigest()


def _slug(path: Path, text: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return name if len(name) >= 3 else "doc-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def user_root(settings: Settings) -> Path:
    return settings.home / "knowledge"


def add(path: Path, settings: Settings | None = None, *, doc_id_: str | None = None, title: str | None = None,
        date: str = "", source: str | None = None, index: bool = True, progress: bool = False) -> Added:
    """Read, clean, extract and write one report; index it unless `index` is False."""
    from .clean import byline_date, clean, paragraphs
    from .extract import Extractor, find_names, find_subject, whole_scope, years_said
    from .read import read_file
    from .write import document_yaml, glossary, write_document

    settings = settings or Settings()
    path = Path(path)
    seconds, start = {}, time.perf_counter()

    def lap(stage):
        nonlocal start
        now = time.perf_counter()
        seconds[stage], start = round(now - start, 3), now

    text = read_file(path)
    lap("read")
    paras = paragraphs(clean(text))
    if not any(p["kind"] == "paragraph" for p in paras):
        raise IngestError(path, "没有可用的段落（只有标题或空行）", "no paragraph to add (only titles or blank lines)")
    lap("clean")
    knowledge = load_knowledge(*settings.knowledge_roots)
    new_hash = content_hash(p["text"] for p in paras)
    for other in knowledge.documents:
        if content_hash(p.text for p in knowledge.article_zh if doc_id(p.id) == other) == new_hash:
            raise IngestError(path, f"与已有文档 {other} 内容相同，未导入", f"same content as document {other}: not added")
    doc_id_ = doc_id_ or _slug(path, text)
    if doc_id_ in knowledge.documents:
        raise IngestError(path, f"文档 id {doc_id_} 已被使用：用 --id 另取一个", f"document id {doc_id_} is taken: give another with --id")
    full = "".join(p["text"] for p in paras)
    title = title or next((p["text"] for p in paras if p["kind"] == "title"), path.stem)
    subject = find_subject(full, title)
    # a year-less date (1—9月) before any year is of the date given, else the title's year, else the
    # byline's (of the year before when published in January or February), else the earliest the text dates
    # figures with (not one it only compares with: 已经超过了2024年全年的…, in a feature on 今年)
    years = [int(y) for y in re.findall(r"(\d{4})年", full) if 1990 <= int(y) <= 2100]
    notes = []
    if not date and not years:  # a news item saying only 今年, 前三季度: the year its file is named by
        named = [y for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", path.stem) if 1990 <= int(y) <= 2100]
        date = named[-1] if named else ""
        notes.append((f"正文没有年份：按文件名定为{date}年，可用 --date 更正", f"the text names no year: dated {date} by its file name (correct it with --date)")
                     if named else ("正文和文件名都没有年份：请用 --date 给出", "neither the text nor the file name names a year: give one with --date"))
    titled = [int(y) for p in paras if p["kind"] == "title" for y in re.findall(r"(\d{4})年", p["text"])]
    published = next((d for p in paras if p["kind"] == "byline" and (d := byline_date(p["text"]))), "")
    dated = [int(published[:4]) - (published[5:7] in ("01", "02"))] if published else []
    first_year = int(date[:4]) if date else next(iter(titled + dated), min(years_said(full) or years, default=None))
    names = find_names(paras) + _known_firms(knowledge, full, paras)
    extractor = Extractor(subject, year=first_year, firms=[n for n in names if n["type"] == "firm"],
                          report_year=int(date[:4]) if date else next(iter(titled + dated), None), published=published)
    if progress and len(full) > PROGRESS_CHARS:
        from tqdm import tqdm
        rows = []
        for p in tqdm(paras, desc="Extracting figures", unit="paragraph"):
            rows += extractor.extract([p], renumber=False)
        extractor.number(rows)
    else:
        rows = extractor.extract(paras)
    lap("extract")
    date = date or published
    doc = document_yaml(doc_id_, title, date, source or str(path.resolve()), rows, subject)
    entries = glossary(subject, whole_scope(subject), rows, paras, names, extractor.part_aliases, dict(extractor.above.values()))
    folder = write_document(user_root(settings), doc, paras, rows, entries, text)
    lap("write")
    added = Added(doc_id_, folder, len(paras), len(rows), seconds, notes)
    if index:
        index_added(added, settings, progress=progress)
        lap("index")
    return added


def index_added(added: Added, settings: Settings, progress: bool = False) -> dict:
    """Index a just-written document; on any failure its folder goes too (nothing half-added)."""
    try:
        return reindex(settings, progress=progress)
    except BaseException:
        shutil.rmtree(added.folder, ignore_errors=True)
        raise


def reindex(settings: Settings, progress: bool = False) -> dict:
    """Bring the index up to date: only new or changed passages are embedded."""
    from ..embeddings import make_embedder
    from ..index import build_index
    knowledge = load_knowledge(*settings.knowledge_roots)
    return build_index(knowledge, settings.index_dir, make_embedder(settings.embedder), progress=progress,
                       chroma_url=settings.chroma_url)


def remove(doc: str, settings: Settings | None = None) -> Path:
    """Remove a user document and its passages from the index; shipped documents are read-only."""
    settings = settings or Settings()
    folder = user_root(settings) / doc
    if not (folder / DOC_FILE).is_file():
        shipped = (settings.knowledge_dir / doc / DOC_FILE).is_file()
        raise IngestError(folder, f"{doc} 是随软件提供的文档，不能删除" if shipped else f"没有用户文档 {doc}（见 mjq docs）",
                          f"{doc} is a shipped document and cannot be removed" if shipped
                          else f"no user document {doc} (see `mjq docs`)")
    shutil.rmtree(folder)
    reindex(settings)
    return folder


def documents(knowledge: Knowledge, settings: Settings) -> list[dict]:
    """One line per loaded document: where it lives, its size and how many rows are reviewed."""
    out = []
    for d in knowledge.documents.values():
        rows = [r for r in knowledge.indicators if r.doc == d.id]
        out.append({"id": d.id, "title": d.title.zh, "date": d.date,
                    "paragraphs": sum(doc_id(p.id) == d.id for p in knowledge.article_zh),
                    "figures": len(rows), "reviewed": sum(r.status == "reviewed" for r in rows),
                    "extracted": sum(r.status == "extracted" for r in rows),
                    "where": "user" if (user_root(settings) / d.id).is_dir() else "shipped"})
    return out


def _known_firms(knowledge, text: str, paras: list[dict]) -> list[dict]:
    """Firms the loaded documents name that this one names only by a short form (a half-year report
    writes 恒拓精密 for the 恒拓精密机电有限公司 of the annual one): its figures are still theirs."""
    out = []
    for g in knowledge.glossary:
        if g.type != "firm" or g.zh in text or any(n["zh"] == g.zh for n in out):
            continue
        short = [a for a in g.aliases if len(a) >= 4 and not a.isascii() and a in text]
        if short:
            source = next(p["id"] for p in paras if any(a in p["text"] for a in short))
            out.append({"zh": g.zh, "type": "firm", "role_zh": g.role_zh or "企业", "source": source,
                        "aliases": [a for a in g.aliases if not a.isascii()]})
    return out
