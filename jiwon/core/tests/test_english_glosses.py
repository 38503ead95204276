"""English pages carry no Korean glosses in parentheses ("Startup (창업)" reads "Startup"): the
Korean term helps a Korean reader of an English label, not an English reader."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "jiwon" / "locale"
# A parenthesis holding Korean and no English word: a gloss.
GLOSS = re.compile(r"\((?=[^()]*[\uac00-\ud7a3])(?![^()]*[A-Za-z]{2})[^()]*\)")


def _catalog(language: str) -> dict:
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]


def test_it_shows_choice_labels_without_their_korean_gloss_in_english():
    with translation.override("en"):
        assert translation.gettext("Startup (창업)") == "Startup"
        assert translation.gettext("In the city (관내)") == "In the city"
    with translation.override("ko"):
        assert translation.gettext("Startup (창업)") == "창업"


def test_no_english_text_keeps_a_korean_gloss():
    english = _catalog("en")
    glossed = [
        msgid
        for msgid in _catalog("ko")
        if isinstance(msgid, str) and msgid and GLOSS.search(english.get(msgid) or msgid)
    ]
    assert glossed == [], "give these an English translation without the gloss (locale/en)"
