"""Read a file into text, whatever its format: the first stage of `mjq add`.

.txt/.md in any encoding a Chinese office uses (charset-normalizer detects it),
.docx (python-docx), .pdf with a text layer (pypdf), .html (trafilatura). Pages
of a PDF are joined with a form feed, so cleaning can find headers, footers and
sentences split by a page break.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import IngestError

MAX_BYTES = 20 * 1024 * 1024
PAGE_BREAK = "\f"
FORMATS = {".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}


def read_file(path: Path) -> str:
    """The text of `path`; IngestError when it cannot be a report."""
    path = Path(path)
    if not path.is_file():
        raise IngestError(path, "文件不存在", "file not found")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise IngestError(path, f"不支持的格式 {path.suffix or '（无扩展名）'}；可用 {' '.join(FORMATS)}",
                          f"unsupported format {path.suffix or '(no extension)'}; use {' '.join(FORMATS)}")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "文件为空", "the file is empty")
    if size > MAX_BYTES:
        raise IngestError(path, f"文件过大（{size / 2**20:.1f} MB，上限 20 MB）",
                          f"the file is too large ({size / 2**20:.1f} MB; the limit is 20 MB)")
    text = {"text": _text, "docx": _docx, "pdf": _pdf, "html": _html}[kind](path)
    if not text.strip():
        raise IngestError(path, "文件中没有文字", "the file holds no text")
    return text


def _text(path: Path) -> str:
    from charset_normalizer import from_bytes
    data = path.read_bytes()
    best = from_bytes(data).best()
    if best is None or (b"\x00" in data and best.encoding not in ("utf_16", "utf_16_le", "utf_16_be", "utf_32")):
        raise IngestError(path, "不是文本文件（像是二进制文件改了扩展名）",
                          "not a text file (it looks like a binary file renamed)")
    return str(best)


def _docx(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError(path, f"不是有效的 .docx 文件（{exc}）", f"not a valid .docx file ({exc})") from None
    return "\n\n".join(p.text for p in document.paragraphs)


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        raise IngestError(path, "PDF 有密码保护：请先去除密码再导入", "the PDF is password-protected: remove the password first") from None
    except (PdfReadError, ValueError) as exc:
        raise IngestError(path, f"无法读取 PDF（{exc}）", f"cannot read the PDF ({exc})") from None
    if not "".join(pages).strip():
        raise IngestError(path, "PDF 没有文字层（可能是扫描件）；本工具不含 OCR，请先用 OCR 软件转成文字",
                          "the PDF has no text layer (a scan?); OCR is not included: convert it to text with an OCR tool first")
    return PAGE_BREAK.join(pages)


def _html(path: Path) -> str:
    import trafilatura
    html = _text(path)
    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""
