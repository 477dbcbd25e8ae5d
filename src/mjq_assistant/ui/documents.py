"""The Documents tab: the loaded documents as `mjq docs` lists them (ingest.documents) and, for a
document added with `mjq add`, its indicator rows to accept, edit or reject, with the `action` column
of `mjq review --export` and applied by the same function as `mjq review --import` (review.apply):
nothing is written unless the loader accepts every row, and the assistant answers from the saved rows
at once (Assistant.reload). Shipped documents are shown read-only. Who may edit is decided per request
by limits.may_edit; layout.py places the components and passes its verdict in."""
from __future__ import annotations

import math
from pathlib import Path

from ..config import Settings
from ..errors import DataFileError
from ..ingest import documents as document_list
from ..ingest import review, user_root
from .sources import document_title
from .strings import TEXT

COLUMNS = review.EXPORT_COLUMNS        # action, then indicators.csv's columns
WIDTHS = ["96px", "72px", "90px", "110px", "170px", "220px", "170px", "80px", "64px", "64px", "120px", "90px", "72px",
          "220px", "64px", "320px", "160px", "96px"]  # the action column wide enough to type in; the quote widest


def _settings(assistant) -> Settings:
    return getattr(assistant, "settings", None) or Settings()


def headers(lang: str) -> list[str]:
    return TEXT[lang]["docs_columns"].split("|")


def listing(assistant, lang: str) -> list[list]:
    """A row per loaded document: id, where it lives, title, date, paragraphs, figures, reviewed, extracted."""
    t, knowledge = TEXT[lang], assistant.knowledge
    return [[d["id"], t[f"docs_{d['where']}"], document_title(knowledge.documents[d["id"]], lang),
             d["date"] or t["undated"], d["paragraphs"], d["figures"], d["reviewed"], d["extracted"]]
            for d in document_list(knowledge, _settings(assistant))]


def choices(assistant, lang: str) -> list[tuple[str, str]]:
    return [(f"{document_title(doc, lang)} · {doc_id}", doc_id) for doc_id, doc in assistant.knowledge.documents.items()]


def folder(assistant, doc_id) -> tuple[Path | None, bool]:
    """A loaded document's folder and whether it is the user's (editable), else (None, False)."""
    if not isinstance(doc_id, str) or doc_id not in assistant.knowledge.documents:  # never a path from the client
        return None, False
    settings = _settings(assistant)
    found = next((root / doc_id for root in settings.knowledge_roots if (root / doc_id / "indicators.csv").is_file()), None)
    return found, found is not None and found.parent == user_root(settings)


def view(assistant, doc_id, lang: str, allowed: bool) -> dict:
    """What the tab shows for `doc_id` (None: nothing chosen yet): `note` (what may be done and why
    not), the `rows` (COLUMNS order, action empty), a `label` for them, and whether they are `editable`."""
    t = TEXT[lang]
    path, users = folder(assistant, doc_id)
    notes = [t["docs_intro"]] + ([] if allowed else [t["docs_view_only"]])
    if path is None:
        return {"note": "\n\n".join(notes), "rows": [], "label": t["docs_rows_none"], "editable": False}
    if not users:
        notes.append(t["docs_read_only"])
    rows = [["", *(row.get(c, "") for c in COLUMNS[1:])] for row in review.read_rows(path)]
    title = document_title(assistant.knowledge.documents[doc_id], lang)
    return {"note": "\n\n".join(notes), "rows": rows, "label": t["docs_rows"].format(title=title, n=len(rows)),
            "editable": allowed and users}


def _cell(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def save(assistant, doc_id, table, lang: str) -> tuple[bool, str]:
    """Apply the edited table to a user document (review.apply: the loader checks it first), then reload
    the assistant. Returns (saved, message in `lang`); when not saved, nothing was written."""
    t = TEXT[lang]
    path, users = folder(assistant, doc_id)
    if path is None:
        return False, t["docs_pick_first"]
    if not users:
        return False, t["docs_read_only"]
    if not isinstance(table, list) or any(not isinstance(r, list) or len(r) != len(COLUMNS) for r in table):
        return False, t["docs_shape"].format(n=len(COLUMNS))
    if not table:  # most likely an accident; rows go by their action
        return False, t["docs_empty"]
    rows = [dict(zip(COLUMNS, map(_cell, r))) for r in table]
    try:
        counts = review.apply(path, enumerate(rows, 1), path / "indicators.csv")
    except DataFileError as exc:
        return False, problem(exc, rows, lang)
    assistant.reload()
    return True, t["docs_saved"].format(**counts)


def problem(exc: DataFileError, rows: list[dict], lang: str) -> str:
    """Why the table was refused, naming its row (numbered as shown) and field, in `lang`."""
    t = TEXT[lang]
    if not exc.row:
        return t["docs_invalid_file"].format(detail=exc.reason)
    numbers = [str(n) for n, r in enumerate(rows, 1) if r["id"] == exc.row] or ["?"]
    field = exc.field or "?"
    return t["docs_invalid"].format(rows=("、" if lang == "zh" else ", ").join(numbers), id=exc.row, field=field,
                                    hint=t.get(f"docs_hint_{field}", t["docs_hint"]), detail=exc.reason)
