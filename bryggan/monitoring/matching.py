"""Match records against every watchlist at once through one inverted index.

A naive matcher runs one query (or one regex) per watchlist per record. Here all watchlists are
compiled once into dictionaries keyed by token, by stem (for terms ending in *), by subject code
and by author, so each record costs one pass over its own words whatever the number of watchlists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bryggan.monitoring.normalise import fold, normalise_orcid

WORD_CACHE_SIZE = 200_000


@dataclass
class Matcher:
    """All watchlists compiled; `match(record)` returns {watchlist_id: [reasons]}."""

    # first token -> [(watchlist, remaining phrase tokens, label)]
    words: dict[str, list[tuple[int, tuple[str, ...], str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # stem -> [(watchlist, label)] for terms ending in *; a word is looked up by each of its
    # prefixes, so the cost per word does not grow with the number of stems that share a start
    stems: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    longest_stem: int = 0
    # word -> the single-word terms and stems it hits, filled as words are met (bounded)
    _hits: dict[str, list[tuple[int, str]]] = field(default_factory=dict, repr=False)
    _phrases: dict[str, list[tuple[int, tuple[str, ...], str]]] | None = field(
        default=None, repr=False
    )
    codes: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    orcids: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    # family name -> [(watchlist, other name tokens, label)]
    names: dict[str, list[tuple[int, frozenset[str], str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, watchlist_id: int, spec: dict[str, list[str]]) -> None:
        """Compile one watchlist ({terms_sv, terms_en, subject_codes, authors})."""
        self._hits.clear()
        self._phrases = None
        for term in [*spec.get("terms_sv", []), *spec.get("terms_en", [])]:
            label = f"term: {term}"
            if term.endswith("*"):
                stem = fold(term[:-1])
                if " " in stem or len(stem) < 3:
                    # Short or multi-word stems: fall back to the whole phrase as words.
                    stem_tokens = tuple(stem.split())
                    if stem_tokens:
                        self.words[stem_tokens[0]].append((watchlist_id, stem_tokens[1:], label))
                    continue
                self.stems[stem].append((watchlist_id, label))
                self.longest_stem = max(self.longest_stem, len(stem))
                continue
            tokens = tuple(fold(term).split())
            if tokens:
                self.words[tokens[0]].append((watchlist_id, tokens[1:], label))
        for code in spec.get("subject_codes", []):
            code = code.strip().split()[0] if code.strip() else ""
            if code.isdigit():
                self.codes[code].append((watchlist_id, f"subject: {code}"))
        for person in spec.get("authors", []):
            orcid = normalise_orcid(person)
            if orcid:
                self.orcids[orcid].append((watchlist_id, f"author: {orcid}"))
                continue
            names = fold(person).split()
            if names:
                self.names[names[-1]].append(
                    (watchlist_id, frozenset(names[:-1]), f"author: {person.strip()}")
                )

    @property
    def phrases(self) -> dict[str, list[tuple[int, tuple[str, ...], str]]]:
        """First word -> the terms of several words that start with it."""
        if self._phrases is None:
            self._phrases = {}
            for token, entries in self.words.items():
                longer = [entry for entry in entries if entry[1]]
                if longer:
                    self._phrases[token] = longer
        return self._phrases

    def _word_hits(self, token: str) -> list[tuple[int, str]]:
        """The single-word terms and the stems that one word hits."""
        hits = [(wid, label) for wid, rest, label in self.words.get(token, ()) if not rest]
        for end in range(3, min(len(token), self.longest_stem) + 1):
            hits += self.stems.get(token[:end], ())
        return hits

    def match(self, record: Any) -> dict[int, list[str]]:
        """Return the watchlists that catch `record` with their reasons (record: Record or Item)."""
        found: dict[int, list[str]] = {}

        def hit(watchlist_id: int, label: str) -> None:
            reasons = found.setdefault(watchlist_id, [])
            if label not in reasons:
                reasons.append(label)

        text = " ".join([record.title, record.abstract, " ".join(record.keywords or [])])
        tokens = fold(text).split()
        if self.words or self.stems:
            phrases, cache, seen = self.phrases, self._hits, set()
            for i, token in enumerate(tokens):
                for watchlist_id, rest, label in phrases.get(token, ()):
                    if tuple(tokens[i + 1 : i + 1 + len(rest)]) == rest:
                        hit(watchlist_id, label)
                if token in seen:
                    continue
                seen.add(token)
                hits = cache.get(token)
                if hits is None:
                    hits = self._word_hits(token)
                    if len(cache) >= WORD_CACHE_SIZE:
                        cache.clear()
                    cache[token] = hits
                for watchlist_id, label in hits:
                    hit(watchlist_id, label)
        if self.codes:
            for code in record.subject_codes or []:
                for length in {1, 3, 5, len(code)}:
                    for watchlist_id, label in self.codes.get(code[:length], ()):
                        hit(watchlist_id, label)
        if self.orcids or self.names:
            for person in record.authors or []:
                orcid = person.get("orcid")
                if orcid:
                    for watchlist_id, label in self.orcids.get(orcid, ()):
                        hit(watchlist_id, label)
                family = fold(person.get("family") or "")
                if family:
                    others = set(fold(person.get("given") or "").split())
                    for watchlist_id, given, label in self.names.get(family.split()[-1], ()):
                        if given <= others or not given:
                            hit(watchlist_id, label)
        return found


def compile_watchlists(watchlists: Iterable[tuple[int, dict[str, list[str]]]]) -> Matcher:
    matcher = Matcher()
    for watchlist_id, spec in watchlists:
        matcher.add(watchlist_id, spec)
    return matcher
