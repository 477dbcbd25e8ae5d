"""The Gradio app: a cited chat with conversations kept in the browser, the indicators, an API.

    from mjq_assistant import Assistant
    from mjq_assistant.ui import build_app, launch
    launch(build_app(Assistant.load()), host="127.0.0.1", port=7860)

    # or inside a FastAPI app
    gr.mount_gradio_app(app, build_app(assistant), "/ui", **mount_options())

A thin layer over `Assistant.ask`: the library never imports this package. Its parts:
layout (the page and its events), chat (messages, conversations, follow-ups, export),
sources (the cards under an answer), indicators (table, files, chart), documents (the
Documents tab: the loaded documents, a user document's rows reviewed), limits (bounds for
an exposed app, who may edit), strings.yaml (the interface's words). API endpoint (gradio_client):
    /ask   (question, history JSON) -> answer.to_dict(): text, language, abstained, citations
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no usage pings

from .layout import build_app, launch, mount_options  # noqa: E402

__all__ = ["build_app", "launch", "mount_options"]
