"""The engine carries to documents and names it has never been tuned on (issue: a
document-independent engine). Measured with the library's own evaluation:

- the fictional second document's cases, written before the engine saw it, with both
  documents loaded;
- no crossover: with both loaded, a question naming one document's town, firm, person or
  programme is answered and cited from that document only;
- the relabelling: the shipped knowledge and the gold cases with the town's and the
  district's names changed and every year shifted score within a point of the original;
- the learned row model is what evals/train_rows.py writes from the case sets.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mjq_assistant import Assistant
from mjq_assistant.config import Settings
from mjq_assistant.evaluation import load_cases, run

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
FICTIONAL = REPO / "tests" / "fixtures" / "fictional" / "qingshui-2023-economy"
EVALS = REPO / "evals"
sys.path.insert(0, str(EVALS))
from relabel import relabel  # noqa: E402  (evals/relabel.py, shared with the command line)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def both(assistant, mjq_home, tmp_path_factory):
    """The shipped document and, as a user document in $MJQ_HOME/knowledge, the fictional one."""
    home = tmp_path_factory.mktemp("both")
    shutil.copytree(mjq_home / "index", home / "index")  # only the fictional passages get embedded
    shutil.copytree(FICTIONAL, home / "knowledge" / FICTIONAL.name)
    return Assistant.load(Settings(home=home, knowledge_dir=KNOWLEDGE))


def test_the_fictional_document_is_answered_without_code_change(both):
    result = run(both, load_cases(EVALS / "fictional.jsonl"), retrieval=False)
    # measured 0.903 (first run, before any fix: 0.625); the goal is 0.95
    assert result["accuracy"] >= 0.85, [c["id"] for c in result["cases"] if not c["correct"]]


def test_the_shipped_document_keeps_its_score_beside_another(both):
    result = run(both, load_cases(EVALS / "gold.jsonl"), retrieval=False)
    assert result["accuracy"] >= 0.97


def test_a_month_the_data_has_no_figure_for_is_abstained_from_beside_one_it_has(both):
    """The fictional document gives October on its own: November is not in the data."""
    october = both.ask("青水镇2023年10月限额以上社会消费品零售额是多少？")
    assert not october.abstained and "3.46亿元" in october.text
    november = both.ask("What were Qingshui's retail sales in November 2023?")
    assert november.abstained and november.trace[-1]["step"] == "period guard"


def test_no_crossover_between_documents(both):
    """Every case of either document whose question names exactly one document cites only that one."""
    k = both.knowledge
    crossed = []
    for path in (EVALS / "gold.jsonl", EVALS / "fictional.jsonl"):
        for case in load_cases(path):
            named = k.documents_named(case["question"])
            if len(named) != 1:
                continue
            answer = both.ask(case["question"], history=case["history"])
            cited = {c.source.split("#", 1)[0] for c in answer.citations}
            if cited - named:
                crossed.append((case["id"], sorted(cited - named)))
    assert not crossed


def test_a_programme_only_one_document_names_routes_to_it(both):
    """A question naming no town but a programme of one town ("链长制") is about that town."""
    k = both.knowledge
    fictional = {d for d in k.documents if d.startswith("qingshui")}
    assert k.documents_named("链长制推进得怎么样？") == fictional
    answer = both.ask("链长制推进得怎么样？")
    assert answer.citations and {c.source.split("#", 1)[0] for c in answer.citations} <= fictional


def test_relabelled_names_and_years_score_within_a_point(assistant, tmp_path):
    """Same data, the town and district renamed and every year shifted by one, in the files and the cases."""
    knowledge, cases = relabel(KNOWLEDGE, EVALS / "gold.jsonl", tmp_path)
    assert "马驹桥" not in (knowledge / "taolin-2023" / "article.zh.jsonl").read_text(encoding="utf-8")
    original = run(assistant, load_cases(EVALS / "gold.jsonl"), retrieval=False)["accuracy"]
    relabelled = Assistant.load(Settings(home=tmp_path / "home", knowledge_dir=knowledge))
    moved = run(relabelled, load_cases(cases), retrieval=False)["accuracy"]
    assert moved >= original - 0.01, (original, moved)


def test_retraining_reproduces_the_shipped_row_model():
    done = subprocess.run([sys.executable, str(EVALS / "train_rows.py"), "--check"], capture_output=True, text=True,
                          timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
