"""The evaluation: a deterministic scorer, honest aggregate metrics, a gate that
fails when the answers drift from the gold figures, and `mjq eval` reports.

Scorer tests use hand-made answers (no index). The gate and CLI tests use the
real assistant on a few gold cases; the tampered-knowledge test copies the
session's index so only the changed passages are re-embedded.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mjq_assistant.cite import Answer, Citation
from mjq_assistant.evaluation import (CasesError, check_thresholds, compare_results, load_cases,
                                      load_thresholds, run, score_case, summarize)

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "evals" / "gold.jsonl"
P02 = "2024年1至11月，马驹桥镇规模以上工业企业91家，实现产值400.19亿元，同比增长230.08%，在通州区规上工业总产值中占比45.5%"
# gold cases whose answer is the whole town's 400.19亿元, one per language
OUTPUT_CASES = ("zh-fig-002", "en-fig-002")


def case(**over) -> dict:
    base = {"id": "t-001", "question": "马驹桥镇2024年1至11月规上工业产值是多少？", "language": "zh", "history": [],
            "expected_figures": [{"value": "400.19", "unit": "亿元"}], "expected_terms": [],
            "expected_sources": ["p02"], "should_abstain": False, "category": "figure"}
    return {**base, **over}


def answer(text: str, language: str = "zh", abstained: bool = False, quotes=(P02,)) -> Answer:
    cites = [Citation(i + 1, "majuqiao-2024#p02", q, None) for i, q in enumerate(quotes)]
    return Answer("q", text, language, abstained, cites)


# --- the scorer ------------------------------------------------------------------------

def test_correct_answer_is_correct():
    r = score_case(case(), answer("2024年1至11月，全镇规模以上工业企业产值：400.19亿元[1]。"), hits=["p02", "p16"])
    assert r["correct"] and r["outcome"] == "correct" and r["crag"] == 1
    assert r["figures_ok"] and r["citation_ok"] and r["language_ok"]
    assert r["failures"] == []
    assert r["recall_at_5"] == 1.0 and r["rr"] == 1.0


def test_english_answer_in_billions_counts_as_the_figure():
    en = case(question="What was Majuqiao's above-scale industrial output?", language="en")
    r = score_case(en, answer("Output (whole town, January–November 2024): RMB 40.019 billion [1].", "en"))
    assert r["correct"], r["failures"]


def test_wrong_figure_is_wrong():
    r = score_case(case(), answer("全镇规模以上工业企业产值：410.19亿元[1]。"))
    assert not r["correct"] and r["outcome"] == "wrong" and r["crag"] == -1
    assert r["failures"] == ["figure 400.19亿元 not in answer"]


def test_figure_must_be_stated_at_its_precision():
    # 400亿 is "about right" but not the figure the source states
    assert not score_case(case(), answer("产值约400亿元[1]。"))["correct"]
    # and the figure in the citation alone does not make the answer right
    assert not score_case(case(), answer("产值增长很快[1]。"))["correct"]


def test_percent_and_percentage_points_are_kept_apart():
    points = case(expected_figures=[{"value": "6.31", "unit": "个百分点"}])
    assert score_case(points, answer("高于全区6.31个百分点[1]。", quotes=["高于全区6.31个百分点"]))["correct"]
    assert not score_case(points, answer("高于全区6.31%[1]。", quotes=["高于全区6.31个百分点"]))["correct"]
    percent = case(expected_figures=[{"value": "230.08", "unit": "%"}])
    assert score_case(percent, answer("同比增长230.08%[1]。"))["correct"]
    assert not score_case(percent, answer("同比增长230.08个百分点[1]。"))["correct"]
    en_points = case(language="en", expected_figures=[{"value": "6.31", "unit": "个百分点"}])
    assert score_case(en_points, answer("6.31 percentage points above the district [1].", "en"))["correct"]
    assert not score_case(en_points, answer("6.31% above the district [1].", "en"))["correct"]


def test_qualified_and_unitless_gold_figures():
    thirty = case(expected_figures=[{"value": "30", "unit": "家"}])
    assert score_case(thirty, answer("医药工业企业30余家[1]。", quotes=["吸引医药工业企业30余家"]))["correct"]
    assert score_case(case(language="en", expected_figures=[{"value": "30", "unit": "家"}]),
                      answer("more than 30 pharmaceutical firms [1]", "en", quotes=["医药工业企业30余家"]))["correct"]
    five = case(expected_figures=[{"value": "5", "unit": ""}])
    assert score_case(five, answer("马驹桥镇有5大产业集群[1]。", quotes=["5大产业集群"]))["correct"]


def test_a_rank_is_stated_by_its_ordinal():
    # 排第几位: "位列第3位", 排名第三, "ranked 3rd" state the rank 3位; another number or place does not
    rank = case(expected_figures=[{"value": "3", "unit": "位"}])
    for said in ("甲乙镇在全县位列第3位[1]。", "甲乙镇排名第三[1]。"):
        assert score_case(rank, answer(said, quotes=[said]))["correct"], said
    assert score_case(case(language="en", expected_figures=[{"value": "3", "unit": "位"}]),
                      answer("It ranked 3rd in the county [1].", "en", quotes=["位列第3位"]))["correct"]
    for said in ("甲乙镇在全县位列第13位[1]。", "甲乙镇排名第二[1]。"):
        assert not score_case(rank, answer(said, quotes=[said]))["correct"], said


def test_citation_support_needs_the_figure_in_a_cited_quote():
    r = score_case(case(), answer("产值400.19亿元[1]。", quotes=["马驹桥镇是千年古镇"]))
    assert r["correct"] and r["citation_ok"] is False
    assert score_case(case(), answer("产值400.19亿元。", quotes=[]))["citation_ok"] is False


def test_terms_are_case_insensitive_and_language_must_match():
    named = case(expected_figures=[], expected_terms=["Wei Xin", "魏欣"], language="en")
    assert score_case(named, answer("The Party secretary is WEI XIN (魏欣) [1].", "en"))["correct"]
    r = score_case(named, answer("The Party secretary is Wei Xin [1].", "en"))
    assert not r["correct"] and r["failures"] == ["term '魏欣' not in answer"]
    r = score_case(case(language="en"), answer("产值400.19亿元[1]。", "zh"))
    assert not r["correct"] and not r["language_ok"]


def test_abstention_scoring():
    unanswerable = case(expected_figures=[], expected_sources=[], should_abstain=True, category="unanswerable")
    right = score_case(unanswerable, answer("资料中没有2023年的数据。", abstained=True))
    assert right["correct"] and right["crag"] == 1
    answered = score_case(unanswerable, answer("2023年产值为300亿元。"))
    assert not answered["correct"] and answered["crag"] == -1
    assert answered["failures"] == ["answered (should abstain)"]
    missed = score_case(case(), answer("资料中没有相关信息。", abstained=True))
    assert not missed["correct"] and missed["outcome"] == "missed" and missed["crag"] == 0


def test_summary_metrics_and_crag_score():
    unanswerable = case(expected_figures=[], expected_sources=[], should_abstain=True)
    records = [
        score_case(case(), answer("400.19亿元[1]")),                               # correct   +1
        score_case(case(), answer("410.19亿元[1]")),                               # wrong     -1
        score_case(case(), answer("没有资料。", abstained=True)),                   # missed     0
        score_case(unanswerable, answer("没有资料。", abstained=True)),             # correct   +1
        score_case(unanswerable, answer("300亿元")),                                # wrong     -1
    ]
    s = summarize(records)
    assert s["accuracy"] == 0.4
    assert s["crag_score"] == 0.0
    assert s["outcomes"] == {"correct": 2, "missed": 1, "wrong": 2}
    assert s["abstention_recall"] == 0.5
    assert s["false_abstention_rate"] == round(1 / 3, 4)
    assert s["figure_accuracy"] == round(1 / 3, 4)


def test_retrieval_recall_and_mrr_use_distinct_paragraphs_in_order():
    two = case(expected_sources=["p02", "p16"])
    r = score_case(two, answer("400.19亿元[1]"), hits=["p05", "p05", "p05", "p02", "p07", "p08", "p09", "p16"])
    assert r["rr"] == 0.5                 # p02 is the 2nd distinct paragraph
    assert r["recall_at_5"] == 0.5        # p16 is the 6th distinct paragraph: outside the top 5
    assert score_case(two, answer("400.19亿元[1]"), hits=[])["recall_at_5"] == 0.0


# --- cases file ------------------------------------------------------------------------

def test_gold_file_loads():
    cases = load_cases(GOLD)
    assert len(cases) == len({c["id"] for c in cases}) >= 200
    assert {c["language"] for c in cases} == {"zh", "en"}


@pytest.mark.parametrize("line, reason", [
    ('{"id": "x", "question": "q"', "not valid JSON"),
    ('{"id": "x", "question": "q", "language": "zh", "category": "figure"}', "missing field(s) should_abstain"),
    ('{"id": "x", "question": "q", "language": "fr", "should_abstain": false, "category": "figure"}', "language 'fr'"),
    ('{"id": "x", "question": "q", "language": "zh", "should_abstain": false, "category": "figure", '
     '"expected_figures": [{"value": "abc", "unit": "亿元"}]}', "does not read as a figure"),
    ('{"id": "x", "question": "q", "language": "zh", "should_abstain": false, "category": "figure", '
     '"expected_source": ["p02"]}', "unknown field(s) expected_source"),
    ('{"id": "x", "question": "q", "language": "zh", "should_abstain": false, "category": "figure", '
     '"expected_sources": ["2"]}', "paragraph ids like p02"),
])
def test_malformed_case_names_file_and_line(tmp_path, line, reason):
    path = tmp_path / "cases.jsonl"
    good = json.dumps(case(id="ok"), ensure_ascii=False)
    path.write_text(f"{good}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(CasesError) as err:
        load_cases(path)
    assert f"{path}:3:" in str(err.value) and reason in str(err.value)


def test_duplicate_ids_are_rejected(tmp_path):
    path = tmp_path / "cases.jsonl"
    line = json.dumps(case(), ensure_ascii=False)
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    with pytest.raises(CasesError, match=r":2: duplicate id 't-001' \(first on line 1\)"):
        load_cases(path)


# --- gate and comparison ---------------------------------------------------------------

def test_check_thresholds():
    thresholds = {"min": {"accuracy": 0.95, "figure_accuracy": 0.95}, "max": {"false_abstention_rate": 0.05}}
    good = {"accuracy": 0.97, "figure_accuracy": 1.0, "false_abstention_rate": 0.0}
    assert check_thresholds(good, thresholds) == []
    bad = {"accuracy": 0.90, "figure_accuracy": None, "false_abstention_rate": 0.10}
    failures = check_thresholds(bad, thresholds)
    assert len(failures) == 2
    assert failures[0].startswith("accuracy 0.9000 < minimum 0.95")
    assert failures[1].startswith("false_abstention_rate 0.1000 > maximum 0.05")
    # an ablation result is judged on its hybrid config
    assert check_thresholds({"configs": {"hybrid": good, "bm25": bad}}, thresholds) == []


def test_committed_thresholds_hold_the_gated_metrics():
    t = load_thresholds()
    assert set(t["min"]) >= {"accuracy", "figure_accuracy", "citation_support", "abstention_recall"}
    assert t["min"]["accuracy"] >= 0.95
    assert "false_abstention_rate" in t["max"]


def test_compare_lists_fixed_and_broken_cases():
    rec = lambda id_, ok: {"id": id_, "correct": ok}
    old = {"config": "hybrid", "accuracy": 0.5, "cases": [rec("a", True), rec("b", False), rec("c", True)]}
    new = {"config": "hybrid", "accuracy": 0.5, "cases": [rec("a", False), rec("b", True), rec("d", True)]}
    c = compare_results(old, new)
    assert c["fixed"] == ["b"] and c["broken"] == ["a"] and c["added"] == ["d"] and c["removed"] == ["c"]


# --- the gate on the real assistant ------------------------------------------------------

def _tamper(knowledge: Path, target: Path) -> Path:
    """A consistent copy of knowledge/ where the town's output reads 410.19亿元 (RMB 41.019 billion)."""
    shutil.copytree(knowledge, target)
    for path in target.rglob("*"):
        if path.is_file() and path.suffix in (".jsonl", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("400.19", "410.19").replace("40.019", "41.019"), encoding="utf-8")
    return target


def test_gate_fails_when_a_figure_in_the_knowledge_drifts(assistant, mjq_home, tmp_path, monkeypatch):
    from mjq_assistant import Assistant
    from mjq_assistant.config import Settings
    from mjq_assistant.knowledge import load_knowledge

    cases = [c for c in load_cases(GOLD) if c["id"] in OUTPUT_CASES]
    assert len(cases) == len(OUTPUT_CASES)
    thresholds = load_thresholds()

    # the real knowledge passes the gate on these cases
    control = run(assistant, cases, retrieval=False)
    assert check_thresholds(control, thresholds) == [], [r["failures"] for r in control["cases"]]

    # the same figure changed everywhere: the knowledge still validates...
    knowledge = _tamper(Path(assistant.settings.knowledge_dir), tmp_path / "knowledge")
    assert any(r.value == "410.19" for r in load_knowledge(knowledge).indicators)
    home = tmp_path / "home"
    shutil.copytree(mjq_home / "index", home / "index")   # re-embed only what changed
    monkeypatch.setenv("MJQ_HOME", str(home))
    tampered = Assistant.load(Settings(home=home, knowledge_dir=knowledge))
    result = run(tampered, cases, retrieval=False)

    # ...the assistant faithfully says 410.19, and the gate catches the drift from the gold 400.19
    assert all("410.19" in r["answer"] or "41.019" in r["answer"] for r in result["cases"])
    assert result["figure_accuracy"] == 0.0 and result["accuracy"] == 0.0
    failures = check_thresholds(result, thresholds)
    assert any(f.startswith("accuracy ") for f in failures)
    assert any(f.startswith("figure_accuracy ") for f in failures)
    assert all("figure 400.19亿元 not in answer" in r["failures"] for r in result["cases"])


def test_cli_eval_prints_json_and_writes_reports(assistant, tmp_path, capsys):
    from mjq_assistant import cli

    cases = tmp_path / "cases.jsonl"
    chosen = [c for c in load_cases(GOLD) if c["id"] in ("zh-fig-002", "zh-unans-001")]
    cases.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in chosen), encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["eval", "--cases", str(cases), "--json", "--out", str(out)])
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["config"] == "hybrid" and printed["n"] == 2
    assert 0.0 <= printed["accuracy"] <= 1.0
    assert {r["id"] for r in printed["cases"]} == {"zh-fig-002", "zh-unans-001"}
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| accuracy |" in report and "](accuracy.png)" in report
    assert (out / "accuracy.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((out / "result.json").read_text(encoding="utf-8"))["accuracy"] == printed["accuracy"]


def test_cli_eval_rejects_bad_cases_file(tmp_path, capsys):
    from mjq_assistant import cli

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    assert cli.main(["eval", "--cases", str(bad), "--out", str(tmp_path / "out")]) == 1
    assert f"{bad}:1:" in capsys.readouterr().err
