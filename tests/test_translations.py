"""Korean is the default language and English must be complete: every msgid has a Korean
translation, and no translation drops or renames a placeholder."""

import re
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "jiwon" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")


def po_entries(path: Path):
    """(msgid, msgstrs) pairs of a .po file, header excluded."""
    entries, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            current = {"msgid": "", "msgstr": []}
            field = "msgid"
            current["msgid"] = _unquote(line[6:])
        elif line.startswith("msgid_plural "):
            field = "msgid"
            current["msgid"] += "|" + _unquote(line[13:])
        elif line.startswith("msgstr"):
            current["msgstr"].append(_unquote(line.split(" ", 1)[1]))
            field = "msgstr"
        elif line.startswith('"') and current is not None:
            if field == "msgid":
                current["msgid"] += _unquote(line)
            else:
                current["msgstr"][-1] += _unquote(line)
        elif not line.strip() and current is not None:
            if current["msgid"]:
                entries.append((current["msgid"], current["msgstr"]))
            current = None
    return entries


def _unquote(text: str) -> str:
    return text.strip()[1:-1]


def test_every_message_has_a_korean_translation():
    missing = [m for m, strs in po_entries(LOCALE / "ko/LC_MESSAGES/django.po") if not all(strs)]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_korean_translations_keep_every_placeholder():
    broken = []
    for msgid, strs in po_entries(LOCALE / "ko/LC_MESSAGES/django.po"):
        wanted = sorted(set(PLACEHOLDER.findall(msgid.split("|")[-1])))
        for msgstr in strs:
            if msgstr and sorted(set(PLACEHOLDER.findall(msgstr))) != wanted:
                broken.append((msgid, msgstr))
    assert not broken, broken[:5]


def test_the_catalogue_compiles_without_fuzzy_entries():
    result = subprocess.run(
        [
            "msgfmt",
            "-c",
            "--statistics",
            "-o",
            "/dev/null",
            str(LOCALE / "ko/LC_MESSAGES/django.po"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr


def test_a_visitor_without_a_language_preference_gets_korean(client, settings, db):
    import config.settings as configured

    settings.LANGUAGE_CODE = configured.LANGUAGE_CODE
    with translation.override(None):
        body = client.get("/").content.decode()
    assert configured.LANGUAGE_CODE == "ko"
    assert '<html lang="ko">' in body
    assert "본문 바로가기" in body


def test_an_english_browser_gets_complete_english(client, settings, db):
    import config.settings as configured

    settings.LANGUAGE_CODE = configured.LANGUAGE_CODE
    with translation.override(None):
        body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in body
    assert "Skip to main content" in body
