"""mjq-assistant: cited, bilingual answers about Majuqiao town's 2024 economy.

    from mjq_assistant import Assistant
    answer = Assistant.load().ask("2024年1至11月规上工业产值是多少？")
"""
import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Answer", "Assistant", "Citation", "MjqError"]
__version__ = "0.1.0"


def __getattr__(name):
    # imported on first use, so `mjq --help` and the data tools stay fast
    if name in ("Answer", "Assistant", "Citation"):
        from . import assistant
        return getattr(assistant, name)
    if name == "MjqError":
        from .errors import MjqError
        return MjqError
    raise AttributeError(name)
