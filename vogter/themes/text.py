"""From an answer's text to its features: concepts from the lexicon, plus word stems.

No language tag is needed: each answer's language is guessed from its function words (Danish,
English or mixed), and only decides which stemmer a word goes through.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from vogter.themes.lexicon import CONCEPTS

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_SPACE = re.compile(r"\s+")


def _words(text: str) -> list[str]:
    return text.split()


DANISH_STOPWORDS = frozenset(
    _words(
        """
    af al alle alt altså andet andre at bare bedst begge bl blandt blev blive bliver blevet
    da de dem den denne dens der deres det dette dig din dine disse dit dog du efter eller en
    end ens er et far fik for fordi fra få får gør gøre gjorde god godt ham han hans har have
    havde hen hende hendes her hos hun hvad hvem hver hvilke hvilken hvis hvor hvordan hvornår
    i ikke ind ingen intet ja jeg jer jeres jo kan kunne kun kommer komme lige lidt man mange
    med meget men mens mere mig min mine mit mod måske må nogen noget nok nu når og også om op
    os over på sig sin sine sit skal skulle som så selv sådan til ud uden under var vi vil ville
    vores være været fx f.eks osv ift ogsa mest synes tror tænker syntes helt rigtig rigtigt
    hinanden sammen blot især faktisk egentlig ellers heller hele
    """
    )
)

ENGLISH_STOPWORDS = frozenset(
    _words(
        """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing don't down during each few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it it's its itself just me more most my myself no nor not now of off on once only or other
    our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself i'm we're
    it'll that's there's can't won't isn't doesn't didn't lot lots really maybe quite get gets
    got kind like much many things thing way ways still even well though one
    """
    )
)

# Words every answer about the subject shares: they say nothing about the theme.
DOMAIN_STOPWORDS = frozenset(
    _words(
        """
    ai ai's ai'en ai'ens aien chatgpt copilot gpt genai llm llms model modellen modeller models
    kunstig kunstige intelligens artificial intelligence generative generativ bruge bruger brugt
    bruges brug use uses used using arbejde arbejdet arbejder work works working job jobbet
    opgave opgaver opgaverne task tasks ting du vores our we us
    """
    )
)

STOPWORDS = DANISH_STOPWORDS | ENGLISH_STOPWORDS | DOMAIN_STOPWORDS

# Which language an answer is in, from its function words: each list's words that are not also
# words of the other language ("i", "for", "have", "over" are both; Danish "far", "bare", "man",
# "god", "dog", "hen", "hans" read as English words; "to" is Danish for two but far more often
# English). A few short markers missed code-switched and short answers: "i" alone made "Jeg
# finder ... i LAB-loven i stedet for" look half English.
_DANISH_MARKERS = (DANISH_STOPWORDS - ENGLISH_STOPWORDS) - frozenset(
    _words("far bare man god dog hen hans fx f.eks osv ift")
)
_ENGLISH_MARKERS = ENGLISH_STOPWORDS - DANISH_STOPWORDS

_UNCLEAR = re.compile(
    r"^(ved (det )?ikke|ved ik|aner det ikke|ingen (kommentar(er)?|anelse|svar|idé|ide)"
    r"|intet|ingenting|ikke relevant|ikke sikker|pass|n/?a|na|none|nothing|no idea|no comment"
    r"|not sure|unsure|don'?t know|dont know|idk|tbd|nej|no|-+|\?+|\.+|x+)$"
)

_STEMMERS = {
    "da": snowballstemmer.stemmer("danish"),
    "en": snowballstemmer.stemmer("english"),
}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("\u2019", "'")
    return _SPACE.sub(" ", text).strip()


def tokens(normalised: str) -> list[str]:
    return _TOKEN.findall(normalised)


def _evidence(words: list[str]) -> tuple[int, int]:
    danish = sum(1 for w in words if w in _DANISH_MARKERS or any(ch in w for ch in "æøå"))
    english = sum(1 for w in words if w in _ENGLISH_MARKERS)
    return danish, english


def guess_language(words: list[str]) -> str:
    """'da' or 'en' from function words; a tie (or no evidence) counts as Danish."""
    danish, english = _evidence(words)
    return "en" if english > danish else "da"


def is_mixed(words: list[str]) -> bool:
    """Whether an answer switches between Danish and English (a third of the evidence or more)."""
    danish, english = _evidence(words)
    return min(danish, english) > 0 and min(danish, english) >= max(danish, english) / 3


@lru_cache(maxsize=200_000)
def token_concepts(token: str) -> tuple[str, ...]:
    return tuple(c.id for c in CONCEPTS if c.word_re.search(token))


@lru_cache(maxsize=200_000)
def stem(token: str, language: str) -> str:
    return str(_STEMMERS[language].stemWord(token))


@dataclass(frozen=True)
class Features:
    concepts: frozenset[str]
    stems: frozenset[str]
    language: str
    contentless: bool
    mixed: bool = False

    @property
    def language_group(self) -> str:
        """'da', 'en' or 'mix': what the sentence vectors are centred by."""
        return "mix" if self.mixed else self.language


def features(text: str) -> Features:
    norm = normalise(text)
    words = tokens(norm)
    language = guess_language(words)
    mixed = is_mixed(words)
    if not words or _UNCLEAR.match(norm.strip(" .!?")):
        return Features(frozenset(), frozenset(), language, True, mixed)
    concepts: set[str] = set()
    stems: set[str] = set()
    for word in words:
        concepts.update(token_concepts(word))
        if "-" in word:
            # "time-saving", "hands-on", "cost-cutting": each part can carry a concept too.
            for part in word.split("-"):
                concepts.update(token_concepts(part))
        if word not in STOPWORDS and len(word) > 2:
            stems.add(stem(word, language))
    for concept in CONCEPTS:
        if concept.phrase_re is not None and concept.phrase_re.search(norm):
            concepts.add(concept.id)
    contentless = not concepts and not stems
    return Features(frozenset(concepts), frozenset(stems), language, contentless, mixed)
