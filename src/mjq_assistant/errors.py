"""Errors that tell the user what went wrong and how to fix it."""


class MjqError(Exception):
    """Base class for the library's errors."""


class DataFileError(MjqError):
    """A data file is missing or malformed; the message names file and line."""

    def __init__(self, path, line, reason):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class KnowledgeError(DataFileError):
    """A file in knowledge/ is missing or malformed."""


class ConfigError(MjqError):
    """A setting is invalid (bad environment variable, unknown backend)."""


class IngestError(MjqError):
    """A file cannot be added; the message says why, in Chinese and English, naming the file."""

    def __init__(self, path, zh: str, en: str):
        self.path, self.zh, self.en = str(path), zh, en
        super().__init__(f"{self.path}: {zh} / {en}")
