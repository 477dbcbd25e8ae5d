"""The evaluation gate: the committed gold set must stay at or above evals/thresholds.json.

This is what fails CI when a change (to code or to knowledge/) breaks a figure,
a citation or an abstention."""
from mjq_assistant.evaluation import check_thresholds, load_cases, load_thresholds, run


def test_gold_set_meets_the_committed_thresholds(assistant):
    result = run(assistant, load_cases(), config="hybrid", retrieval=False)
    failures = check_thresholds(result, load_thresholds())
    wrong = [r["id"] for r in result["cases"] if not r["correct"]] if "cases" in result else []
    assert failures == [], f"{failures}; failing cases: {wrong}"
    assert result["n"] >= 150
