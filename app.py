"""Start the assistant's web UI:  python app.py [--host HOST] [--port PORT]

Builds the local index on first start (under a minute, with a progress bar),
then serves the chat, the indicator table and the API (/ask) at http://HOST:PORT/.
Defaults: 127.0.0.1:7860, or $MJQ_HOST / $MJQ_PORT. Set MJQ_UI_USERS ("user:password,…"
or a file of such lines) to require a login.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{port} is not between 1 and 65535")
    return port


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Web UI for cited answers about the economic reports in the knowledge folders.")
    parser.add_argument("--host", default=os.environ.get("MJQ_HOST", "127.0.0.1"),
                        help="address to listen on (default: $MJQ_HOST or 127.0.0.1; 0.0.0.0 for every interface)")
    parser.add_argument("--port", type=_port, default=os.environ.get("MJQ_PORT", "7860"),
                        help="port (default: $MJQ_PORT or 7860)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    for handler in logging.getLogger().handlers:  # libraries that set their own logger to DEBUG stay quiet
        handler.setLevel(logging.INFO)
    for noisy in ("httpx", "chromadb", "urllib3", "jieba", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from mjq_assistant.config import Settings
    from mjq_assistant.errors import MjqError, os_error_text
    try:
        print("Loading the assistant (the first start builds the index, a minute or two)…", flush=True)
        from mjq_assistant import Assistant
        assistant = Assistant.load(Settings(), progress=True).warm()
        from mjq_assistant.ui import build_app, launch
        demo = build_app(assistant)
    except MjqError as exc:
        print(f"mjq: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"mjq: {os_error_text(exc)}", file=sys.stderr)
        return 1
    print(f"Serving on http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    try:
        launch(demo, host=args.host, port=args.port)
    except MjqError as exc:  # e.g. a malformed MJQ_UI_USERS
        print(f"mjq: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
