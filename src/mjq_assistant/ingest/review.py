"""`mjq review ID`: the extracted rows as a table, and an editable CSV round trip.

Export writes indicators.csv with a leading `action` column; the reviewer edits
any field and sets `action` to accept (or edit), reject, or leaves it empty.
Import applies it (`apply`, which the UI's Documents tab calls with its table's
rows): rejected rows go (and `of` links to them are cleared),
accepted or edited rows become status=reviewed, the rest stay extracted. The
new indicators.csv is checked by the loader before it replaces the old one.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import DataFileError
from .write import INDICATOR_COLUMNS, indicators_csv, replace_file

ACTIONS = ("", "accept", "edit", "reject")
EXPORT_COLUMNS = ["action", *INDICATOR_COLUMNS]


def read_rows(folder: Path) -> list[dict]:
    with open(folder / "indicators.csv", encoding="utf-8", newline="") as f:
        return [{**row, "status": row.get("status") or "reviewed"} for row in csv.DictReader(f)]


def table(folder: Path, language: str = "zh") -> str:
    """The rows as an aligned text table: id, status, scope, metric, period, figure, kind, of."""
    from ..knowledge import Indicator
    from ..render import figure_text
    lines = []
    for row in read_rows(folder):
        r = Indicator.model_validate(row)
        scope, metric = (r.scope_zh, r.metric_zh) if language == "zh" else (r.scope, r.metric_en)
        lines.append("\t".join([r.id, r.status, scope, metric, r.period or "-", figure_text(r, language), r.kind, r.of or "-"]))
    return "\n".join(lines)


def export(folder: Path, out: Path) -> int:
    rows = read_rows(folder)
    with open(out, "w", encoding="utf-8-sig", newline="") as f:  # with a BOM, so Excel reads it as UTF-8
        writer = csv.DictWriter(f, EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({"action": "", **r} for r in rows)
    return len(rows)


def import_(folder: Path, edited: Path) -> dict:
    """Apply an edited export; returns how many rows were accepted, rejected and left extracted."""
    edited = Path(edited)
    try:
        text = edited.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(edited, None, f"cannot be read as UTF-8 CSV ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != EXPORT_COLUMNS:
        raise DataFileError(edited, 1, f"header must be {','.join(EXPORT_COLUMNS)} (as `mjq review --export` writes it)")
    return apply(folder, ((reader.line_num, row) for row in reader), edited)


def apply(folder: Path, rows, where: Path | str) -> dict:
    """Apply reviewed rows, given as (line, row) pairs, each row an export row (action and the
    indicator columns): the CSV of `import_`, or the UI's Documents table (line: its row number).
    A bad action raises DataFileError naming `where`, the line, the row and the field; the new
    indicators.csv is checked by the loader (KnowledgeError, naming row and field) before it replaces
    the old one, so nothing is written unless every row is right."""
    kept, rejected, counts = [], set(), {"accepted": 0, "rejected": 0, "extracted": 0}
    for line, row in rows:
        row = dict(row)
        action = (row.pop("action") or "").strip().lower()
        if action not in ACTIONS:
            raise DataFileError(where, line, f"row {row.get('id')}: action {action!r}: use accept, edit, reject or leave it empty",
                                row=row.get("id"), field="action")
        if action == "reject":
            rejected.add(row["id"])
            counts["rejected"] += 1
            continue
        if action in ("accept", "edit"):
            row["status"] = "reviewed"
        counts["accepted" if row["status"] == "reviewed" else "extracted"] += 1
        kept.append(row)
    for row in kept:
        if row["of"] in rejected:
            row["of"] = ""
    replace_file(folder / "indicators.csv", indicators_csv(kept))
    return counts


def accept_all(folder: Path) -> int:
    rows = read_rows(folder)
    for row in rows:
        row["status"] = "reviewed"
    replace_file(folder / "indicators.csv", indicators_csv(rows))
    return len(rows)
