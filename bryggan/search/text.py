"""Words, Swedish stems, the query language and highlighted snippets (no database here).

Both backends read the same query language, the one PostgreSQL's websearch_to_tsquery reads:
words must all occur, "a quoted phrase" must occur in order, `or` between words gives
alternatives and a leading minus excludes a word. Everything else the user types is text:
FTS5 operators and quotes never reach the database unquoted.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

WORD = re.compile(r"[^\W_]+")
# The Snowball stop words for Swedish, which PostgreSQL's `swedish` configuration drops too.
# fmt: off
STOP_WORDS = frozenset((
    "och", "det", "att", "i", "en", "jag", "hon", "som", "han", "på", "den", "med", "var", "sig",
    "för", "så", "till", "är", "men", "ett", "om", "hade", "de", "av", "icke", "mig", "du",
    "henne", "då", "sin", "nu", "har", "inte", "hans", "honom", "skulle", "hennes", "där", "min",
    "man", "ej", "vid", "kunde", "något", "från", "ut", "när", "efter", "upp", "vi", "dem",
    "vara", "vad", "över", "än", "dig", "kan", "sina", "här", "ha", "mot", "alla", "under",
    "någon", "eller", "allt", "mycket", "sedan", "ju", "denna", "själv", "detta", "åt", "utan",
    "varit", "hur", "ingen", "mitt", "ni", "bli", "blev", "oss", "din", "dessa", "några", "deras",
    "blir", "mina", "samma", "vilken", "er", "sådan", "vår", "blivit", "dess", "inom", "mellan",
    "sådant", "varför", "varje", "vilka", "ditt", "vem", "vilket", "sitta", "sådana", "vart",
    "dina", "vars", "vårt", "våra", "ert", "era", "vilkas",
))
# fmt: on

_stemmer = Stemmer.Stemmer("swedish")
# PyStemmer's own cache costs more than it saves: stemming a word is cheaper than its bookkeeping.
_stemmer.maxCacheSize = 0


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def words(text: str) -> list[str]:
    """Return the lower-case words of `text`."""
    return WORD.findall(normalise(text))


def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    """Return the Swedish stems of the words of `text`, without stop words."""
    return _stemmer.stemWords([w for w in words(text) if w not in STOP_WORDS])


def index_text(text: str) -> str:
    """Return `text` as space-separated stems, the form the SQLite index stores."""
    return " ".join(stems(text))


@dataclass
class Query:
    """A parsed query: groups joined by OR; in a group every term (a phrase) must occur."""

    groups: list[list[list[str]]] = field(default_factory=list)  # group -> phrases -> stems
    excluded: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the wanted words as typed (no stop words)
    text: str = ""  # the query as it was used (cut to the limits)
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(self.groups)

    @property
    def positive_stems(self) -> set[str]:
        return {s for group in self.groups for phrase in group for s in phrase}


_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


def parse(raw: str) -> Query:
    """Parse what the user typed into a Query, cutting it to MAX_QUERY_CHARS and MAX_TERMS."""
    text = " ".join(raw.split())
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    query = Query(text=text)
    group: list[list[str]] = []
    terms = 0
    for match in _TOKEN.finditer(text):
        phrase_text, bare = match.group(1), match.group(2)
        if bare is not None and bare.lower() == "or":
            if group:
                query.groups.append(group)
                group = []
            continue
        negative = bare is not None and bare.startswith("-") and len(bare) > 1
        if negative:
            bare = bare[1:]
        phrase = stems(phrase_text if phrase_text is not None else bare)
        if not phrase:
            continue
        if terms + len(phrase) > MAX_TERMS:
            truncated = True
            break
        terms += len(phrase)
        if negative:
            query.excluded.extend(phrase)
        else:
            group.append(phrase)
            source = phrase_text if phrase_text is not None else bare
            query.words += [w for w in words(source) if w not in STOP_WORDS]
    if group:
        query.groups.append(group)
    query.truncated = truncated
    return query


def _quote(token: str) -> str:
    # Tokens hold letters and digits only; quoting makes FTS5 read them as plain strings.
    return '"' + token.replace('"', "") + '"'


def fts5_expression(query: Query, *, title_only: bool = False) -> str:
    """Return the FTS5 MATCH expression for a query (every token quoted: no syntax errors).

    With `title_only`, at least one of the words the query asks for must also be in the title.
    """
    groups = []
    for group in query.groups:
        parts = [_quote(" ".join(phrase)) for phrase in group]
        groups.append("(" + " AND ".join(parts) + ")")
    wanted = " OR ".join(groups)
    expression = wanted
    if query.excluded:
        expression = f"({wanted}) NOT ({' OR '.join(_quote(s) for s in query.excluded)})"
    if title_only:
        anywhere = " OR ".join(_quote(s) for s in sorted(query.positive_stems))
        expression = f"({expression}) AND ({{title}} : ({anywhere}))"
    return expression


def prefix_words(raw: str, limit: int = 6) -> list[str]:
    """Return the lower-case words of a half-typed query, for prefix suggestions."""
    return words(raw[:MAX_QUERY_CHARS])[:limit]


# ---- highlighting ----------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _finder(stem_key: tuple[str, ...]) -> re.Pattern[str]:
    # A stem is a prefix of every word it comes from, so only words starting with one are checked.
    alternatives = "|".join(re.escape(s) for s in sorted(stem_key, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _matches(text: str, wanted: set[str], limit: int = 200) -> list[tuple[int, int]]:
    if not wanted or not text:
        return []
    found = []
    for match in _finder(tuple(sorted(wanted))).finditer(text):
        word = normalise(match.group())
        if word not in STOP_WORDS and stem(word) in wanted:
            found.append(match.span())
            if len(found) >= limit:
                break
    return found


def _marked(
    text: str, spans: Iterable[tuple[int, int]], start: int = 0, end: int | None = None
) -> str:
    end = len(text) if end is None else end
    out = []
    position = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(html.escape(text[position:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        position = b
    out.append(html.escape(text[position:end]))
    return "".join(out)


def highlight(text: str, wanted: set[str]) -> str:
    """Return `text` as HTML with the words whose stems are wanted in <mark>."""
    return _marked(text, _matches(text, wanted))


def _snap_start(text: str, index: int) -> int:
    if index <= 0:
        return 0
    space = text.rfind(" ", 0, index)
    return 0 if space == -1 else space + 1


def _snap_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.find(" ", index)
    return len(text) if space == -1 else space


def snippet(text: str, wanted: set[str], width: int = 240, fragments: int = 2) -> str:
    """Return up to `fragments` passages of `text` around matches, as HTML with <mark>."""
    text = " ".join(text.split())
    if not text:
        return ""
    spans = _matches(text, wanted)
    if not spans:
        end = _snap_end(text, width)
        return html.escape(text[:end]) + (" …" if end < len(text) else "")
    # Prefer passages that hold the most different matched words.
    span_stems = [stem(normalise(text[a:b])) for a, b in spans]
    starts = [a for a, _b in spans]
    windows: list[tuple[int, int, int]] = []
    for a, _b in spans[:40]:
        start = _snap_start(text, max(0, a - width // 3))
        end = _snap_end(text, start + width)
        first, last = bisect_left(starts, start), bisect_right(starts, end)
        inside = {
            s
            for (x, y), s in zip(spans[first:last], span_stems[first:last], strict=True)
            if y <= end
        }
        windows.append((len(inside), start, end))
    chosen: list[tuple[int, int]] = []
    for _score, start, end in sorted(windows, key=lambda w: (-w[0], w[1])):
        if any(start < e and end > s for s, e in chosen):
            continue
        chosen.append((start, end))
        if len(chosen) >= fragments:
            break
    parts = []
    for start, end in sorted(chosen):
        part = _marked(text, spans, start, end)
        parts.append(("… " if start > 0 else "") + part + (" …" if end < len(text) else ""))
    return " ".join(parts).replace("… …", "…")
