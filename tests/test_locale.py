"""The Japanese catalogue: complete, faithful to its placeholders, compiled, and actually loaded."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

MESSAGES_DIR = Path(settings.LOCALE_PATHS[0]) / "ja" / "LC_MESSAGES"
PO_PATH = MESSAGES_DIR / "django.po"
MO_PATH = MESSAGES_DIR / "django.mo"

# %(name)s / %s / %d (python-format), {name} (format-style) and HTML tags such as <code>.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-zA-Z][^<>]*>")


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def catalogue_of(entries: list[polib.POEntry]) -> dict[tuple[str, str, str], object]:
    """(msgctxt, msgid, msgid_plural) -> msgstr, or the tuple of plural msgstrs."""
    result: dict[tuple[str, str, str], object] = {}
    for entry in entries:
        if not entry.msgid:
            continue  # the header
        key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        if entry.msgid_plural:
            result[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            result[key] = entry.msgstr
    return result


def test_the_header_declares_japanese_utf8_and_a_single_plural_form(po: polib.POFile) -> None:
    assert po.metadata["Language"] == "ja"
    assert po.metadata["Project-Id-Version"] == "kyogikai"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy
    boilerplate = ("FIRST AUTHOR", "YEAR", "PACKAGE", "FULL NAME", "EMAIL@ADDRESS")
    assert not [word for word in boilerplate if word in po.header]
    assert not [key for key, value in po.metadata.items() if any(w in value for w in boilerplate)]


def test_every_entry_of_the_po_is_translated_and_none_is_fuzzy_or_obsolete(
    po: polib.POFile,
) -> None:
    assert len(po) > 0
    assert po.untranslated_entries() == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []
    assert po.percent_translated() == 100


def test_every_placeholder_of_a_msgid_appears_in_its_msgstr(po: polib.POFile) -> None:
    broken = []
    for entry in po.translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for msgstr in translations:
            if sorted(PLACEHOLDER.findall(msgstr)) != expected:
                broken.append((entry.msgid, msgstr))
    assert broken == []


def test_python_format_entries_are_flagged_so_that_msgfmt_checks_them(po: polib.POFile) -> None:
    unflagged = [
        entry.msgid
        for entry in po.translated_entries()
        if re.search(r"%\(\w+\)[sdif]", entry.msgid) and "python-format" not in entry.flags
    ]
    assert unflagged == []


def test_the_committed_mo_holds_exactly_the_translations_of_the_po(po: polib.POFile) -> None:
    compiled = catalogue_of(list(polib.mofile(str(MO_PATH))))
    assert compiled == catalogue_of(po.translated_entries())


def test_django_loads_the_japanese_catalogue_through_locale_paths(po: polib.POFile) -> None:
    with translation.override("ja"):
        text = translation.gettext("Skip to main content")
    assert text == "本文へ移動"
    assert text == po.find("Skip to main content").msgstr


def test_a_written_meeting_is_shown_as_shomen_kaigi_in_the_schedule_grid() -> None:
    with translation.override("ja"):
        assert translation.gettext("written meeting") == "書面会議"
        assert translation.gettext("Paused") == "休止"
