"""`mjq`: a thin command line over the library.

    mjq ask "2024年1至11月规上工业产值是多少？" [--json] [--history-file F]
    mjq index [--rebuild]
    mjq indicators [--json] [--lang zh|en]
    mjq eval [--config NAME] [--cases FILE] [--json] [--out DIR] [--compare FILE]
    mjq serve [--host 127.0.0.1] [--port 8000] [--workers N] [--insecure] [--no-ui]
    mjq add PATH [--id ID] [--title T] [--date YYYY-MM-DD] [--source URL] [--yes]
    mjq docs [--json]
    mjq remove ID [--yes]
    mjq review ID [--export FILE | --import FILE | --accept-all] [--lang zh|en] [--no-index]

Exit codes: 0 answered or abstained, 1 a data or index problem, 2 a usage error.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from pathlib import Path

from .errors import InputError, MjqError, os_error_text


def _ask(args) -> int:
    from . import gate
    from .assistant import Assistant
    history = []
    if args.history_file:
        try:
            with open(args.history_file, "rb") as handle:
                data = handle.read(gate.MAX_JSON_BYTES + 1)
            history = gate.parse_history(data.decode("utf-8"), gate.asker_language(args.question))
        except (OSError, ValueError, InputError) as exc:
            raise SystemExit(_usage(f"--history-file {args.history_file}: {exc}"))
    answer = Assistant.load().ask(args.question, history=history)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    if answer.citations:
        print("\n来源 Sources:" if answer.language == "zh" else "\nSources:")
        for c in answer.citations:
            print(f"[{c.marker}] {c.source}  {c.quote}")
            if answer.language == "en" and c.translation:
                print(f"    {c.translation}")
    return 0


def _index(args) -> int:
    from .config import Settings
    from .embeddings import make_embedder
    from .index import build_index
    from .knowledge import load_knowledge
    settings = Settings()
    knowledge = load_knowledge(*settings.knowledge_roots)
    done = build_index(knowledge, settings.index_dir, make_embedder(settings.embedder),
                       rebuild=args.rebuild, progress=sys.stderr.isatty() or args.progress,
                       chroma_url=settings.chroma_url)
    print(f"index at {settings.index_dir}: {done['passages']} passages, "
          f"{done['embedded']} embedded, {done['removed']} removed")
    return 0


def _indicators(args) -> int:
    from .config import Settings
    from .knowledge import load_knowledge
    rows = load_knowledge(*Settings().knowledge_roots).indicators
    if args.json:
        print(json.dumps([r.model_dump() for r in rows], ensure_ascii=False, indent=1))
        return 0
    from .render import figure_text
    for r in rows:  # the status says whether a person has checked the row (mjq review)
        if args.lang == "zh":
            print(f"{r.id}\t{r.scope_zh}\t{r.metric_zh}\t{r.period}\t{figure_text(r, 'zh')}\t{r.source}\t{r.status}")
        else:
            print(f"{r.id}\t{r.scope}\t{r.metric_en}\t{r.period}\t{figure_text(r, 'en')}\t{r.source}\t{r.status}")
    return 0


def _eval(args) -> int:
    from .evaluation import main as eval_main
    return eval_main(args)


def _serve(args) -> int:
    if not 0 < args.port < 65536 or args.workers < 1:
        return _usage("--port must be between 1 and 65535 and --workers at least 1")
    from .server import serve
    return serve(args.host, args.port, workers=args.workers, insecure=args.insecure, ui=not args.no_ui)
def _add(args) -> int:
    from .config import Settings
    from .ingest import add
    if args.date and not re.fullmatch(r"\d{4}(-\d\d){0,2}", args.date):
        return _usage(f"--date {args.date}: use YYYY-MM-DD, YYYY-MM or YYYY")
    if args.id and not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,}", args.id):
        return _usage(f"--id {args.id}: use lowercase letters, digits and hyphens (3+ characters)")
    settings = Settings()
    done = add(Path(args.path), settings, doc_id_=args.id, title=args.title, date=args.date or "",
               source=args.source, index=False, progress=sys.stderr.isatty())
    print(f"{done.id}: {done.paragraphs} paragraphs, {done.rows} figures extracted (status=extracted) -> {done.folder}")
    for zh, en in done.notes:
        print(f"mjq: note: {en} / {zh}", file=sys.stderr)
    if not args.yes and not _confirm("Index it now? 现在建立索引？ [Y/n] "):
        import shutil
        shutil.rmtree(done.folder)
        print("not added / 未导入")
        return 0
    from .ingest import index_added
    result = index_added(done, settings, progress=sys.stderr.isatty())
    print(f"indexed: {result['embedded']} passages embedded. Review the figures: mjq review {done.id}")
    return 0


def _confirm(prompt: str) -> bool:
    try:
        return input(prompt).strip().lower() in ("", "y", "yes", "是")
    except EOFError:
        return False


def _docs(args) -> int:
    from .config import Settings
    from .ingest import documents
    from .knowledge import load_knowledge
    settings = Settings()
    rows = documents(load_knowledge(*settings.knowledge_roots), settings)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print("id\twhere\tdate\tparagraphs\tfigures\treviewed\textracted\ttitle")
    for d in rows:
        print(f"{d['id']}\t{d['where']}\t{d['date'] or '-'}\t{d['paragraphs']}\t{d['figures']}\t"
              f"{d['reviewed']}\t{d['extracted']}\t{d['title']}")
    return 0


def _remove(args) -> int:
    from .config import Settings
    from .ingest import remove
    if not args.yes and not _confirm(f"Remove {args.id}? 删除 {args.id}？ [Y/n] "):
        return 0
    folder = remove(args.id, Settings())
    print(f"removed {args.id} ({folder})")
    return 0


def _review(args) -> int:
    from .config import Settings
    from .errors import IngestError
    from .ingest import review, user_root
    folder = user_root(Settings()) / args.id
    if not (folder / "indicators.csv").is_file():
        raise IngestError(folder, f"没有用户文档 {args.id}（见 mjq docs）", f"no user document {args.id} (see `mjq docs`)")
    if args.export:
        print(f"{review.export(folder, Path(args.export))} rows written to {args.export}: set action to accept, edit "
              f"or reject, edit any field, then `mjq review {args.id} --import {args.export}`")
    elif args.import_:
        counts = review.import_(folder, Path(args.import_))
        print(f"{counts['accepted']} reviewed, {counts['rejected']} rejected, {counts['extracted']} still extracted")
    elif args.accept_all:
        print(f"{review.accept_all(folder)} rows marked reviewed")
    else:
        print(review.table(folder, args.lang))
        return 0
    if not args.no_index:
        from .ingest import reindex
        reindex(Settings())
    return 0


def _usage(message: str) -> int:
    print(f"mjq: error: {message}", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mjq", description="Cited answers, in Chinese or English (中文 / English), about the economic reports "
                                     "in the knowledge folders (MJQ_KNOWLEDGE and $MJQ_HOME/knowledge).")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ask", help="answer a question", description="Answer a question in its own language, with sources.")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print answer.to_dict() as JSON")
    p.add_argument("--history-file", help="JSON list of earlier {role, content} messages, for follow-ups")
    p.set_defaults(run=_ask)

    p = sub.add_parser("index", help="build or update the index", description="Build the index; unchanged passages are not re-embedded.")
    p.add_argument("--rebuild", action="store_true", help="start from scratch")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    p.set_defaults(run=_index)

    p = sub.add_parser("indicators", help="print the indicator table", description="Print every figure of every loaded document.")
    p.add_argument("--json", action="store_true", help="a JSON list of objects")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(run=_indicators)

    p = sub.add_parser("eval", help="run the gold cases and score them", description="Score the assistant on evals/gold.jsonl.")
    p.add_argument("--config", default="hybrid", help="hybrid (default), bm25, dense, llm, or all for the ablation table")
    p.add_argument("--cases", help="a JSONL file of cases (default: evals/gold.jsonl)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--out", help="folder for result.json, report.md and the chart")
    p.add_argument("--compare", help="a baseline result.json to compare with, case by case")
    p.add_argument("--check", action="store_true", help="exit 1 when a metric is below the committed thresholds")
    p.set_defaults(run=_eval)

    p = sub.add_parser("serve", help="serve the HTTP API and the UI",
                       description="Serve /v1/ask, the OpenAI-compatible /v1/chat/completions and the UI at /. "
                                   "Keys: MJQ_API_KEYS; UI login: MJQ_UI_USERS (see README).")
    p.add_argument("--host", default=os.environ.get("MJQ_HOST", "127.0.0.1"),
                   help="address to listen on (default: $MJQ_HOST or 127.0.0.1); off loopback, keys are required")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (API only when more than 1)")
    p.add_argument("--insecure", action="store_true", help="serve off loopback without keys or UI login")
    p.add_argument("--no-ui", action="store_true", help="the API only")
    p.set_defaults(run=_serve)
    p = sub.add_parser("add", help="add a report (txt, md, docx, pdf, html)",
                       description="Read a report, extract its figures (status=extracted), write it under "
                                   "$MJQ_HOME/knowledge/<id>/ and index it.")
    p.add_argument("path")
    p.add_argument("--id", help="document id (default: from the file name)")
    p.add_argument("--title", help="title (default: the first line)")
    p.add_argument("--date", help="YYYY-MM-DD, YYYY-MM or YYYY")
    p.add_argument("--source", help="where it comes from (default: the file's path)")
    p.add_argument("--yes", action="store_true", help="do not ask before indexing")
    p.set_defaults(run=_add)

    p = sub.add_parser("docs", help="list the documents", description="Every loaded document, with its figures reviewed and extracted.")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_docs)

    p = sub.add_parser("remove", help="remove a user document", description="Remove a document added with `mjq add`.")
    p.add_argument("id")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(run=_remove)

    p = sub.add_parser("review", help="review extracted figures", description="Show a user document's rows, or "
                       "round-trip them through an editable CSV (action: accept, edit, reject).")
    p.add_argument("id")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--export", metavar="FILE", help="write the rows to an editable CSV")
    group.add_argument("--import", dest="import_", metavar="FILE", help="apply an edited CSV")
    group.add_argument("--accept-all", action="store_true", help="mark every row reviewed")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--no-index", action="store_true", help="do not update the index now (run `mjq index` later)")
    p.set_defaults(run=_review)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except InputError as exc:
        return _usage(str(exc))
    except MjqError as exc:
        print(f"mjq: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `mjq ask … | head`: the reader left; not an error
        sys.stderr.close()
        return 0
    except OSError as exc:  # a full disk, a file that vanished: the message, not a traceback
        print(f"mjq: {os_error_text(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
