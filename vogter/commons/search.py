"""Full-text search of the commons in Danish and English.

Every word is stemmed in Python with the Snowball stemmers of both languages (the same
ones the themes use), so "medarbejderne" and "medarbejder" meet at "medarbejd", and the
stems are stored with the principle (CommonsPrinciple.search_terms). A query matches a
principle when every one of its words matches, in either language; little words are
left out of a query that has others.

On PostgreSQL the terms are searched through a stored column to_tsvector('simple', …)
with a GIN index (migration 0004): the 'simple' configuration only splits the stored
stems, so both databases find exactly the same principles; SQLite searches the padded
text instead.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import Q, QuerySet

from vogter.themes.text import DANISH_STOPWORDS, ENGLISH_STOPWORDS, stem

_WORD = re.compile(r"[^\W\d_]+")
QUERY_WORDS_MAX = 12
_STOPWORDS = DANISH_STOPWORDS | ENGLISH_STOPWORDS


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _stems(word: str) -> set[str]:
    return {stem(word, "da"), stem(word, "en")} - {""}


def index_terms(*texts: str) -> str:
    """The search terms of a principle's texts: the stems of every word, little ones too
    (someone may look for "IT" or "MED"), space-padded for SQLite."""
    found: set[str] = set()
    for text in texts:
        for word in _words(text):
            found |= _stems(word)
    return f" {' '.join(sorted(found))} " if found else ""


def query_groups(query: str) -> list[set[str]]:
    """One set of stems per word of the query (a word matches through any of them).
    Little words (og, the) are left out, unless the query has nothing else."""
    words = _words(query)
    meaningful = [w for w in words if w not in _STOPWORDS] or words
    groups: list[set[str]] = []
    for word in meaningful[:QUERY_WORDS_MAX]:
        stems = _stems(word)
        if stems and stems not in groups:
            groups.append(stems)
    return groups


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """The principles of `queryset` that match every word of `query`."""
    groups = query_groups(query)
    if not groups:
        return queryset.none()
    if connection.vendor == "postgresql":
        tsquery = " & ".join("(" + " | ".join(sorted(g)) + ")" for g in groups)
        # The stems are letters only, and passed as a parameter.
        return queryset.extra(
            where=["search_vector @@ to_tsquery('simple', %s)"],
            params=[tsquery],
        )
    for group in groups:
        either = Q()
        for term in group:
            either |= Q(search_terms__contains=f" {term} ")
        queryset = queryset.filter(either)
    return queryset
