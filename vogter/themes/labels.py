"""Theme labels in the requested language.

Fixed strings go through gettext. Until the Danish catalogue has a translation, the Danish text
written beside each msgid is used instead, so a Danish label never comes out in English.
"""

from django.apps import apps
from django.conf import settings
from django.utils import translation

from vogter.themes.lexicon import Concept, gettext_noop

UNCLEAR = (gettext_noop("Unclear or no answer"), "Uklart eller intet svar")
OTHER = (gettext_noop("Other answers"), "Andre svar")


def localise(msgid: str, danish: str, language: str) -> str:
    # Outside a running Django (a script, the speed bench) the built-in texts serve.
    if apps.ready and settings.configured and settings.USE_I18N:
        with translation.override(language):
            translated = translation.gettext(msgid)
        if translated != msgid or not language.startswith("da"):
            return translated
    return danish if language.startswith("da") else msgid


def concept_label(concept: Concept, language: str) -> str:
    return localise(concept.en, concept.da, language)


def capitalise(label: str) -> str:
    return label[:1].upper() + label[1:]
