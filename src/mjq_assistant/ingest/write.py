"""Write a document folder (doc.yaml, article.zh.jsonl, indicators.csv, glossary.jsonl,
source.txt) from the extracted parts: the last stage of `mjq add`. Everything is
written to a temporary folder, validated by the same loader as every document,
and only then moved into place, so a failure leaves nothing half-written.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import yaml

from .. import lexicon
from ..errors import IngestError, KnowledgeError
from ..knowledge import COLUMNS, load_document
from ..render import period_text
from .extract import english_name, is_project, other_spellings, pinyin_initials, surname, trade_name_en

INDICATOR_COLUMNS = [*COLUMNS, "status"]


def indicators_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, INDICATOR_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _jsonl(items: list[dict]) -> str:
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)


def glossary(subject: str, whole: tuple[str, str, list[str]], rows: list, paragraphs: list[dict],
             names: list[dict], part_aliases: dict[str, list[str]] | None = None,
             above: dict[str, str] | None = None) -> list[dict]:
    """The subject place, the whole-place scope, every named scope (with its other names,
    `part_aliases`; a place the subject lies in, `above`: 全县 -> whole county), and the people and firms
    named (find_names), each with the paragraph naming it."""
    def where(name: str) -> str:
        return next((p["id"] for p in paragraphs if name in p["text"]), paragraphs[0]["id"])

    entries = []
    short = subject[:-1] if len(subject) > 2 else subject
    subject_en, stem = english_name(subject, "place") if subject else ("", "")
    if subject:
        initials = pinyin_initials(short) if len(short) >= 3 else ""  # 马驹桥 -> mjq, as people type it
        entries.append({"zh": subject, "en": subject_en,
                        "aliases": list(dict.fromkeys(a for a in (short, stem, initials, *other_spellings(short))
                                                      if a and a != subject)),
                        "type": "place", "role_zh": "本文报道对象", "role_en": "the place the document is about",
                        "source": where(subject)})
    zh, en, words = whole
    entries.append({"zh": zh, "en": en, "aliases": [w for w in words if w != zh] + [en], "type": "scope",
                    "role_zh": f"{subject or '本文对象'}全域", "role_en": f"all of {subject_en or 'the subject'}",
                    "source": where(words[0]) if words else paragraphs[0]["id"]})
    named = {n["zh"] for n in names}  # a firm as a scope is entered as the firm below, not as a place
    for scope in dict.fromkeys(r.scope_zh for r in rows if r.scope_zh != zh and r.scope_zh not in named):
        # 岚溪滨湖科创园 is also called 滨湖科创园, when the text itself leaves the town's name off
        rest = scope[len(short):] if subject and scope.startswith(short) and len(scope) - len(short) >= 4 else ""
        bare = [rest] if rest and any(re.search(rf"(?<!{re.escape(short)}){re.escape(rest)}", p["text"])
                                      for p in paragraphs) else []
        aliases = list(dict.fromkeys([*(part_aliases or {}).get(scope, []), *bare]))
        if scope in (above or {}):  # 全县: the county the town lies in, asked for as "the county" too
            en = above[scope]
            entries.append({"zh": scope, "en": en, "type": "scope", "role_zh": f"{subject}所在的上级行政区",
                            "role_en": f"the larger area {subject_en} lies in", "source": where(scope),
                            "aliases": [en.removeprefix("whole "), f"the {en.removeprefix('whole ')}"]})
            continue
        part = {"type": "programme", "role_zh": "项目", "role_en": "a project"} if is_project(scope) else \
            {"type": "place", "role_zh": f"{subject}的一部分", "role_en": f"a part of {subject_en}"}
        entries.append({"zh": scope, "en": english_name(scope, "place", (short,))[0], **part,
                        # and in English: "the Intelligent Equipment Industrial Park", without the town's name
                        "aliases": list(dict.fromkeys(aliases + [english_name(a, "place")[0] for a in aliases])),
                        "source": where(scope)})
    # a firm is also asked for in English by its short names (Lanchuan New Energy for 沂州蓝川新能源科技有限公司)
    # and its trade name (Hengtuo), unless that is a place's name
    # (of the name or of a short name without its city: 涟川恒锐重工 -> 恒锐重工 -> Hengrui)
    # (not a city's name: 涟川市, or the start two firms share: 沂州鑫泰…, 沂州远航…)
    cities = re.findall(r"([\u4e00-\u9fff]{2,3}?)[省市区县]", "".join(p["text"] for p in paragraphs))
    shared = [start for start, n in Counter(n["zh"][:2] for n in names if n["type"] == "firm").items() if n >= 2]
    places = tuple(e["zh"] for e in entries if e["type"] in ("place", "scope")) + ((short,) if subject else ()) \
        + tuple(cities) + tuple(shared)

    def trade_names(n):
        return [t for a in (n["zh"], *n.get("aliases", [])) if n["type"] == "firm" and (t := trade_name_en(a, places))]

    def in_english(n, alias):  # 温镇长 -> Mayor Wen
        if n["type"] != "person":
            return english_name(alias, "firm")[0]
        title = lexicon.gloss(alias[len(surname(n["zh"])):])
        return f"{title.title()} {english_name(n['zh'], 'person')[1]}" if title else ""

    entries += [{"en": english_name(n["zh"], n["type"], (short,))[0], "role_en": lexicon.gloss(n["role_zh"]) or n["role_zh"], **n,
                 "aliases": list(dict.fromkeys([*n.get("aliases", []), *filter(None, (in_english(n, a) for a in n.get("aliases", []))),
                                                *trade_names(n)]))}
                for n in names if n["zh"] not in {e["zh"] for e in entries}]
    for e in entries:  # pinyin's syllable mark is often left out when typed: Lang'ao is Langao too
        e["aliases"] = list(dict.fromkeys(e["aliases"] + [n.replace("'", "") for n in (e["en"], *e["aliases"]) if "'" in n]))
    return [{"id": f"g-{n:03d}", **e, "note": "自动抽取 / extracted automatically"} for n, e in enumerate(entries, 1)]


def document_yaml(doc_id: str, title: str, date: str, source: str, rows: list, subject: str) -> dict:
    subject_en = english_name(subject, "place")[0] if subject else ""
    goal = lexicon.load("extraction")["targets"]["suffix"]  # a plan's year is no period the figures cover
    periods = sorted({r.period for r in rows if r.period and not r.period.startswith("as of") and not r.metric_zh.endswith(goal)})
    return {
        "id": doc_id,
        "title": {"zh": title, "en": title},
        "publisher": {"zh": "原文未注明", "en": "not stated in the source"},
        "date": date,
        "source": source,
        "subject": "g-001",
        "periods": [{"id": p, "zh": period_text(p, "zh"), "en": period_text(p, "en")} for p in periods],
        "coverage": {"zh": f"用户导入的文档《{title}》，关于{subject or '一地'}的经济数据（{len(rows)}个自动抽取的数字）。",
                     "en": f"a document added by the user, “{title}”, with economic figures about {subject_en or 'a place'} "
                           f"({len(rows)} figures extracted automatically)."},
    }


def write_document(root: Path, doc: dict, paragraphs: list[dict], rows: list, entries: list[dict],
                   source_text: str) -> Path:
    """Write the folder `root/<id>` through a temporary folder; KnowledgeError if it does not load."""
    root = Path(root)
    target = root / doc["id"]
    if target.exists():
        raise IngestError(target, f"文档 {doc['id']} 已存在：换一个 --id，或先 mjq remove {doc['id']}",
                          f"document {doc['id']} exists: pick another --id or run `mjq remove {doc['id']}` first")
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=root.parent))
    try:
        folder = staging / doc["id"]
        folder.mkdir()
        (folder / "doc.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (folder / "article.zh.jsonl").write_text(_jsonl(paragraphs), encoding="utf-8")
        (folder / "indicators.csv").write_text(indicators_csv([asdict(r) for r in rows]), encoding="utf-8")
        (folder / "glossary.jsonl").write_text(_jsonl(entries), encoding="utf-8")
        (folder / "source.txt").write_text(source_text, encoding="utf-8")
        load_document(folder)  # the loader's checks, before anything is in place
        os.replace(folder, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def replace_file(path: Path, text: str) -> None:
    """Write `path` atomically, after checking its document still loads with the new text."""
    staging = Path(tempfile.mkdtemp(prefix=".review-", dir=path.parent.parent.parent))
    try:
        folder = staging / path.parent.name
        shutil.copytree(path.parent, folder)
        (folder / path.name).write_text(text, encoding="utf-8")
        try:
            load_document(folder)
        except KnowledgeError as exc:  # name the user's document, not the staging copy
            raise KnowledgeError(path, exc.line, exc.reason, row=exc.row, field=exc.field) from None
        os.replace(folder / path.name, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
