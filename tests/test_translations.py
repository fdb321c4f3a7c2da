"""Every user-facing string has a Swedish translation (the English text is the message id)."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "bryggan").glob("*/locale/sv/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == []
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), "run `make messages`"
    in_mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(compiled))}
    in_po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in catalogue if e.translated()}
    assert in_mo == in_po, "the .mo file is out of date: run `make messages`"
