"""User feedback on answers: one JSON object per line, appended under a lock.

    from mjq_assistant.feedback import record_feedback
    record_feedback("规上工业产值是多少？", "400.19亿元[1]。", "up", comment="", language="zh")

The file is $MJQ_FEEDBACK, else <MJQ_HOME or the per-user data dir>/feedback.jsonl.
Writers in many threads or processes may append at once: each record is written
whole, while holding an exclusive lock on "<file>.lock" (`filelock`: flock on
POSIX, msvcrt on Windows), so no line is lost or interleaved. The lock holds
between processes of one host; it is not reliable on network file systems
(NFS, SMB), so workers on several hosts each write their own file (set
MJQ_FEEDBACK per host) and the files are concatenated for review.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock

from .errors import MjqError
from .gate import scrub

RATINGS = ("up", "down")
MAX_FIELD_CHARS = 20_000  # a pasted novel in the comment box must not bloat the file


def feedback_path() -> Path:
    """Where feedback goes: $MJQ_FEEDBACK, else <data dir>/feedback.jsonl."""
    explicit = os.environ.get("MJQ_FEEDBACK")
    if explicit:
        return Path(explicit)
    home = os.environ.get("MJQ_HOME")
    if not home:
        import platformdirs
        home = platformdirs.user_data_dir("mjq-assistant")
    return Path(home) / "feedback.jsonl"


def _text(value, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MjqError(f"feedback {name} must be text, not {type(value).__name__}")
    return scrub(value[:MAX_FIELD_CHARS])  # a lone surrogate could not be written as UTF-8


def record_feedback(question: str, answer: str, rating: str, comment: str = "",
                    language: str | None = None, path: str | Path | None = None,
                    answer_id: str | None = None) -> dict:
    """Append one feedback record and return it. `rating` is "up" or "down"; `answer_id`, the id
    the server issued with the answer (the UI checks it before recording), joins a rating and a
    later comment on the same answer."""
    if rating not in RATINGS:
        raise MjqError(f"feedback rating must be 'up' or 'down', not {rating!r}")
    record = {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "question": _text(question, "question"),
        "answer": _text(answer, "answer"),
        "rating": rating,
        "comment": _text(comment, "comment").strip(),
        "language": language,
    }
    if answer_id is not None:
        record["answer_id"] = _text(answer_id, "answer id")[:64]
    target = Path(path) if path else feedback_path()
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(target.with_name(target.name + ".lock"), timeout=30):
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                view = memoryview(line)
                while view:  # os.write may write less than asked
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
    except OSError as exc:
        raise MjqError(f"cannot write feedback to {target}: {exc.strerror or exc} "
                       "(set MJQ_FEEDBACK to a writable file)") from None
    return record


def read_feedback(path: str | Path | None = None) -> list[dict]:
    """Every record in the feedback file (an empty list when there is none)."""
    target = Path(path) if path else feedback_path()
    if not target.is_file():
        return []
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines() if line.strip()]
