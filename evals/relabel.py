"""Relabel a knowledge root and a cases file: the town's and the district's names changed and
every year shifted, consistently in both. The data stays the same, so a document-independent
engine must score the same (issue: "same data, new names").

    python evals/relabel.py knowledge evals/gold.jsonl OUT_DIR   # writes OUT_DIR/knowledge, OUT_DIR/cases.jsonl
"""
from __future__ import annotations

import difflib
import re
import shutil
import sys
from pathlib import Path

# (old, new) in order: longer names first so that 马驹桥镇 and Majuqiao Town change as wholes
NAMES = [("馬駒橋", "桃林"), ("马驹桥", "桃林"), ("Ma Ju Qiao", "Tao Lin"), ("MAJUQIAO", "TAOLIN"), ("Majuqiao", "Taolin"),
         ("majuqiao", "taolin"), ("通州", "云河"), ("Tongzhou", "Yunhe"), ("tongzhou", "yunhe")]
YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
# misspelt names (typo cases) become misspellings of the new names, one letter or character off
TYPOS = [(re.compile(r"马驹[^桥\s，。？]|马[^驹\s，。？]桥|(?<![\u4e00-\u9fff])[^马\s，。？]驹桥"), "桃木")]
LATIN = [("majuqiao", "Taolni"), ("tongzhou", "Yunhw")]


def _latin_typo(word: str) -> str:
    lowered = word.lower()
    for old, new in LATIN:
        if lowered != old and difflib.SequenceMatcher(None, lowered, old).ratio() >= 0.8:
            return new
    return word


def relabel_text(text: str, shift: int = -1) -> str:
    for old, new in NAMES:
        text = text.replace(old, new)
    for pattern, new in TYPOS:
        text = pattern.sub(new, text)
    text = re.sub(r"[A-Za-z]{6,}", lambda m: _latin_typo(m.group()), text)
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def relabel(knowledge: Path, cases: Path, out: Path, shift: int = -1) -> tuple[Path, Path]:
    """Copies `knowledge` and `cases` into `out`, relabelled; returns (knowledge root, cases file)."""
    root = out / "knowledge"
    if root.exists():
        shutil.rmtree(root)
    for path in sorted(Path(knowledge).rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".jsonl", ".csv", ".md", ".txt"):
            target = root / relabel_text(str(path.relative_to(knowledge)), shift)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(relabel_text(path.read_text(encoding="utf-8"), shift), encoding="utf-8")
    out_cases = out / "cases.jsonl"
    out_cases.write_text(relabel_text(Path(cases).read_text(encoding="utf-8"), shift), encoding="utf-8")
    return root, out_cases


if __name__ == "__main__":
    knowledge_dir, cases_file, out_dir = map(Path, sys.argv[1:4])
    print(*relabel(knowledge_dir, cases_file, out_dir))
