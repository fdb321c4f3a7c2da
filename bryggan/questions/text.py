"""Turn question text into index terms: fold case, drop stop words, strip Swedish and English endings.

A light stemmer is enough here: "placerade barn" and "placering av barnen" should meet, and
the index only has to find candidates, which are then scored and explained.
"""

from __future__ import annotations

import re
import unicodedata

WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
MAX_TERM = 30

STOP_WORDS = frozenset(
    """och att det som en ett på är av för med till den har de inte om vi man kan så men
    eller ska vad hur när var vilka vilken vilket varför finns få får bli blir vara varit
    sig sin sina hans hennes deras dem oss er vår våra jag du han hon ni mig dig här där
    från ut upp in över under efter före mellan utan genom mot vid också bara mycket mer
    mest andra annat annan några något någon alla allt hela både denna detta dessa sådan
    sådana ju nu då än ej samt skulle kunna kunde måste borde vill ville gör göra gjort
    hos kring inom enligt fram bland dock även eftersom medan sedan innan vara hade
    the and for with what how why when which who are is was were be been that this these
    those from into over under about does do did can could should would will not our
    their there them they any all some more most other such than then its it as at by
    on in of to or an we you your""".split()
)

# Longest first; an ending is removed only when at least MIN_STEM letters remain.
SUFFIXES = sorted(
    """heterna hetens anden heten heter arnas ernas ornas andes arens andet arna erna orna
    ande arne aste aren ades erns ade are ern ens het ast ad en ar er or as es at a e s
    ning ningar ningen ningarna ings ing ed ies ly""".split(),
    key=len,
    reverse=True,
)
MIN_STEM = 4


def fold(text: str) -> str:
    """Lower-case and normalise Unicode (å, ä, ö are kept: they carry meaning in Swedish)."""
    return unicodedata.normalize("NFC", text or "").casefold()


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def terms(*texts: str) -> list[str]:
    """Return the distinct index terms of the texts, in order of first appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in WORD_RE.findall(fold(text)):
            if word in STOP_WORDS or len(word) < 3:
                continue
            seen.setdefault(stem(word)[:MAX_TERM], None)
    return list(seen)


def words_for(term: str, *texts: str) -> str:
    """Return the first word in the texts that produced `term` (to explain a match in plain words)."""
    for text in texts:
        for word in WORD_RE.findall(fold(text)):
            if stem(word)[:MAX_TERM] == term:
                return word
    return term
