"""Errors that tell the user what went wrong and how to fix it."""


class MjqError(Exception):
    """Base class for the library's errors."""


class DataFileError(MjqError):
    """A data file is missing or malformed; the message names file and line. For an indicator row,
    `row` is its id and `field` the column found wrong (when one is), so a face can name them."""

    def __init__(self, path, line, reason, *, row: str | None = None, field: str | None = None):
        self.path, self.line, self.reason, self.row, self.field = str(path), line, reason, row, field
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class KnowledgeError(DataFileError):
    """A file in knowledge/ is missing or malformed."""


class InputError(MjqError):
    """A question or history the assistant cannot take (wrong type, too large, empty);
    the message is in the asker's language (`language`: "zh" or "en"). See gate.py."""

    def __init__(self, message: str, language: str = "zh"):
        self.language = language
        super().__init__(message)


class ConfigError(MjqError):
    """A setting is invalid (bad environment variable, unknown backend)."""


class NotWritableError(MjqError):
    """The index folder cannot be written (read-only or no permission); nothing is deleted."""

    def __init__(self, cause: BaseException):
        self.cause = cause
        detail = os_error_text(cause) if isinstance(cause, OSError) else str(cause)
        super().__init__(f"MJQ_HOME is not writable: {detail} (set MJQ_HOME to a writable folder)")


def os_error_text(exc: OSError) -> str:
    """'No space left on device: /path' rather than "[Errno 28] ...": for the entry points' top-level catch."""
    text = exc.strerror or str(exc)
    return f"{text}: {exc.filename}" if exc.filename else text


class IngestError(MjqError):
    """A file cannot be added; the message says why, in Chinese and English, naming the file."""

    def __init__(self, path, zh: str, en: str):
        self.path, self.zh, self.en = str(path), zh, en
        super().__init__(f"{self.path}: {zh} / {en}")
