"""Match records against every watchlist at once through one inverted index.

A naive matcher runs one query (or one regex) per watchlist per record. Here all watchlists are
compiled once into dictionaries keyed by token, by three-letter prefix, by subject code and by
author, so each record costs one pass over its own words whatever the number of watchlists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bryggan.monitoring.normalise import fold, normalise_orcid


@dataclass
class Matcher:
    """All watchlists compiled; `match(record)` returns {watchlist_id: [reasons]}."""

    # first token -> [(watchlist, remaining phrase tokens, label)]
    words: dict[str, list[tuple[int, tuple[str, ...], str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # three-letter start -> [(watchlist, prefix, label)] for terms ending in *
    prefixes: dict[str, list[tuple[int, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    codes: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    orcids: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    # family name -> [(watchlist, other name tokens, label)]
    names: dict[str, list[tuple[int, frozenset[str], str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, watchlist_id: int, spec: dict[str, list[str]]) -> None:
        """Compile one watchlist ({terms_sv, terms_en, subject_codes, authors})."""
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
                self.prefixes[stem[:3]].append((watchlist_id, stem, label))
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

    def match(self, record: Any) -> dict[int, list[str]]:
        """Return the watchlists that catch `record` with their reasons (record: Record or Item)."""
        found: dict[int, list[str]] = {}

        def hit(watchlist_id: int, label: str) -> None:
            reasons = found.setdefault(watchlist_id, [])
            if label not in reasons:
                reasons.append(label)

        text = " ".join([record.title, record.abstract, " ".join(record.keywords or [])])
        tokens = fold(text).split()
        if self.words or self.prefixes:
            for i, token in enumerate(tokens):
                for watchlist_id, rest, label in self.words.get(token, ()):
                    if not rest or tuple(tokens[i + 1 : i + 1 + len(rest)]) == rest:
                        hit(watchlist_id, label)
                if len(token) >= 3:
                    for watchlist_id, stem, label in self.prefixes.get(token[:3], ()):
                        if token.startswith(stem):
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
