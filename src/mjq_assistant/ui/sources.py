"""Source cards under an answer: for each citation, the cited document's title and date, and the
full Chinese sentence beside its English rendering (the same sentence, never a clause beside a
paragraph), the answer's figures highlighted. Everything from the data is HTML-escaped."""
from __future__ import annotations

import html
import re

from ..figures import find_figures
from ..knowledge import doc_id, local_id, split_sentences
from .strings import TEXT


def document_title(doc, lang: str) -> str:
    """《title》 in Chinese, the title as is in English; marked when the document is fictional."""
    mark = TEXT[lang]["fictional"]
    if lang == "zh":
        return f"《{doc.title.zh}》" + (f"（{mark}）" if doc.fictional else "")
    return doc.title.en + (f" ({mark})" if doc.fictional else "")


def document_date(doc, lang: str) -> str:
    return doc.date or TEXT[lang]["undated"]


def highlight(text: str, figures) -> str:
    """`text` HTML-escaped, with <mark> around each figure of it that matches one of `figures`."""
    if not text:
        return ""
    out, pos = [], 0
    for f in find_figures(text):
        if f.start < pos or not any(f.matches(a) for a in figures):
            continue
        end = f.start + len(text[f.start:f.end].rstrip())
        out.append(html.escape(text[pos:f.start]))
        out.append(f"<mark>{html.escape(text[f.start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def aligned_passage(knowledge, source: str, quote: str, translation: str | None) -> tuple[str, str | None]:
    """The whole Chinese sentences a quote lies in, and the English sentences at the same places.
    When the two languages do not split into as many sentences, both whole paragraphs."""
    zh_par = knowledge.zh.get(source) if knowledge is not None else None
    if zh_par is None:
        return quote, translation
    en_par = knowledge.en.get(source)
    zh = split_sentences(zh_par.text, "zh")
    en = split_sentences(en_par.text, "en") if en_par else []
    hits = [i for i, s in enumerate(zh) if quote in s or s.strip() in quote] or \
           [i for i, s in enumerate(zh) if quote[:12] in s]
    if not hits:
        return zh_par.text, en_par.text if en_par else translation
    if len(en) != len(zh):
        return zh_par.text, en_par.text if en_par else translation
    span = range(hits[0], hits[-1] + 1)
    return "".join(zh[i] for i in span), " ".join(en[i] for i in span)


def card_id(answer_id: str, marker: int) -> str:
    return f"mjq-{answer_id}-{marker}"


def source_cards(answer: dict, lang: str, knowledge=None, answer_id: str = "a") -> str:
    """The citations of `answer` (Answer.to_dict()) as expandable cards, in marker order."""
    t = TEXT[lang]
    citations = answer.get("citations") or []
    if not citations:
        return f"<p class='mjq-notice'>{html.escape(t['no_sources'])}</p>" if answer.get("abstained") else ""
    figures = find_figures(answer.get("text") or "")
    documents = getattr(knowledge, "documents", {}) or {}
    cards = []
    for c in citations:
        marker, source = int(c["marker"]), str(c["source"])
        zh, en = aligned_passage(knowledge, source, c.get("quote") or "", c.get("translation"))
        doc = documents.get(doc_id(source))
        named = (f" <cite>{html.escape(document_title(doc, lang))}</cite>"
                 f" <span class='mjq-date'>{html.escape(document_date(doc, lang))}</span>") if doc else ""
        english = (f"<p class='mjq-en' lang='en'>{highlight(en, figures)}</p>" if en else
                   f"<p class='mjq-en mjq-notice'>{html.escape(t['no_translation'])}</p>")
        cards.append(
            f"<details class='mjq-source' id='{card_id(answer_id, marker)}'>"
            f"<summary><b>[{marker}]</b>{named} <code>{html.escape(local_id(source))}</code></summary>"
            f"<div class='mjq-pair'><p class='mjq-zh' lang='zh-CN'>{highlight(zh, figures)}</p>{english}</div>"
            f"</details>")
    return f"<div class='mjq-sources' aria-label='{html.escape(t['sources'], quote=True)}'>{''.join(cards)}</div>"


def as_text(text: str) -> str:
    """`text` for the chat's Markdown so that it shows as typed, never as HTML or formatting: escaped,
    in an HTML block (Markdown inside one is not read), line breaks as <br>."""
    return f"<div class='mjq-text'>{html.escape(text or '', quote=False).replace(chr(10), '<br>')}</div>"


def linked_markers(text: str, answer_id: str) -> str:
    """The answer's text shown as text, each [n] a link to its source card."""
    return re.sub(r"\[(\d+)\]", lambda m: (
        f"<a class='mjq-ref' href='#{card_id(answer_id, int(m.group(1)))}'>[{m.group(1)}]</a>"), as_text(text))
