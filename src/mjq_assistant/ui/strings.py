"""The interface's words (strings.yaml), by language."""
from __future__ import annotations

from importlib.resources import files

import yaml

TEXT: dict[str, dict[str, str]] = yaml.safe_load(files(__package__).joinpath("strings.yaml").read_text("utf-8"))
LANGUAGES = [("中文", "zh"), ("English", "en")]


def known(lang) -> str:
    """`lang` when the interface speaks it, else Chinese."""
    return lang if lang in TEXT else "zh"
