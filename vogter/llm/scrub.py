"""Remove personal data from free text before it leaves Vogter.

Everything here runs offline. E-mail addresses, phone numbers and CPR numbers are
found by their shape and replaced generously: a false alarm costs a word, a miss
leaks a person. Names have no shape, so they are found by two heuristics, a cue
("min kollega Mette", "my manager Sam", "fru Hansen") and a compact list of common
names (names.py). Neither catches every name; docs/llm.md says what slips through.
"""

import calendar
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from vogter.llm.names import AMBIGUOUS_GIVEN_NAMES, GIVEN_NAMES, SURNAMES, word_set

KINDS = ("email", "url", "cpr", "phone", "name")

PLACEHOLDERS: dict[str, StrOrPromise] = {
    "email": _("[e-mail]"),
    "url": _("[link]"),
    "cpr": _("[CPR]"),
    "phone": _("[phone]"),
    "name": _("[name]"),
}


@dataclass(frozen=True)
class Scrubbed:
    text: str
    # How many of each kind (see KINDS) were replaced; kinds with none are absent.
    replaced: dict[str, int]


# What a pass puts in place of what it found: given the kind and the span (in the text
# as the pass sees it), the replacement.
_Put = Callable[[str, int, int], str]


def scrub(text: str, language: str = "da") -> Scrubbed:
    """Replace personal data in `text` with placeholders in `language` ("da" or "en")."""
    with translation.override("da" if language == "da" else "en"):
        placeholders = {kind: str(text) for kind, text in PLACEHOLDERS.items()}
    counts: Counter[str] = Counter()

    def put(kind: str, start: int, end: int) -> str:
        counts[kind] += 1
        return placeholders[kind]

    text = _passes(text, put)
    return Scrubbed(text=text, replaced={kind: counts[kind] for kind in KINDS if counts[kind]})


def _passes(text: str, put: _Put, names: "re.Pattern[str] | None" = None) -> str:
    text = _replace_emails(text, put)
    text = _replace_url_paths(text, put)
    text = _replace_cprs(text, put)
    text = _replace_phones(text, put)
    if names is not None:
        text = _replace_known_names(text, names, put)
    return _replace_names(text, put)


# --- Finding without replacing -------------------------------------------------------

# What `find` reports. A link's path is replaced before a text leaves Vogter, but it is
# not a person's data in itself: it is masked (so its digits are not taken for a phone
# number) and not reported.
FOUND_KINDS = ("email", "cpr", "phone", "name")
_MASK = "\x00"


@dataclass(frozen=True)
class Found:
    kind: str  # one of FOUND_KINDS
    start: int
    end: int


def find(text: str, names: Iterable[str] = ()) -> list[Found]:
    """Where `text` holds personal data, by the same rules as `scrub`, in the order of the
    text. `names` are people's names to look for as well (an organisation's members):
    each of their words of two letters or more is found as a whole, capitalised word."""
    found: list[Found] = []

    def put(kind: str, start: int, end: int) -> str:
        if kind in FOUND_KINDS:
            found.append(Found(kind, start, end))
        # Masked, not replaced: the offsets stay those of `text` for every later pass.
        return _MASK * (end - start)

    _passes(text.replace(_MASK, " "), put, _names_pattern(names))
    return sorted(found, key=lambda f: f.start)


def blank(text: str, found: Iterable[Found], placeholder: str) -> str:
    """`text` with every span in `found` replaced by `placeholder`."""
    pieces: list[str] = []
    cursor = 0
    for item in sorted(found, key=lambda f: f.start):
        if item.start < cursor:
            continue
        pieces += [text[cursor : item.start], placeholder]
        cursor = item.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _names_pattern(names: Iterable[str]) -> "re.Pattern[str] | None":
    """Each word of a member's name alone, except one that is also an ordinary word ("Bo",
    "Per", "Rose"): that counts only together with the rest of the name ("Bo Jensen"), or
    after a cue in the general pass, so "Per uge …" does not hold an answer back."""
    patterns: set[str] = set()
    for name in names:
        parts = [
            word
            for word in _WORD.findall(name)
            if len(word) >= 2 and word[0].isupper() and word.casefold() not in _NEVER_NAMES
        ]
        plain = [word for word in parts if word.casefold() not in AMBIGUOUS_GIVEN_NAMES]
        patterns.update(re.escape(word) for word in plain)
        if len(plain) < len(parts) and len(parts) > 1:
            patterns.add(r"\s+".join(re.escape(word) for word in parts))
    if not patterns:
        return None
    alternatives = "|".join(sorted(patterns, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


def _replace_known_names(text: str, pattern: "re.Pattern[str]", put: _Put) -> str:
    return pattern.sub(lambda m: put("name", m.start(), m.end()), text)


# --- E-mail addresses and links ----------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+%'-])[\w.+%'-]+"
    r"(?:@|\s?[(\[{]\s?(?:at|snabel-a)\s?[)\]}]\s?)"
    r"[\w-]+(?:(?:\.|\s?[(\[{]\s?(?:dot|punktum)\s?[)\]}]\s?)[\w-]+)+",
    re.IGNORECASE,
)


def _replace_emails(text: str, put: _Put) -> str:
    return _EMAIL.sub(lambda m: put("email", m.start(), m.end()), text)


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}"


def _replace_url_paths(text: str, put: _Put) -> str:
    """Keep a link's host (it says which tool or site), drop its path and query,
    which is where profile names, case numbers and shared documents live."""

    def replace(match: re.Match[str]) -> str:
        url = match.group(0)
        trailing = ""
        while url and url[-1] in _URL_TRAILING:
            trailing = url[-1] + trailing
            url = url[:-1]
        has_scheme = "://" in url
        parts = urlsplit(url if has_scheme else "http://" + url)
        if parts.path in ("", "/") and not parts.query and not parts.fragment:
            return match.group(0)
        origin = f"{parts.scheme}://{parts.netloc}" if has_scheme else parts.netloc
        # The path starts after the origin and its slash, in the text as it stands.
        path_start = match.start() + url.index(parts.netloc) + len(parts.netloc) + 1
        path_end = match.start() + len(url)
        return f"{origin}/{put('url', path_start, path_end)}{trailing}"

    return _URL.sub(replace, text)


# --- CPR numbers ----------------------------------------------------------------

_CPR = re.compile(r"(?<![\w+])(\d{2})(\d{2})(\d{2})[ \-\u2013]?\d{4}(?![\d])(?![.,]\d)")


def _plausible_day(day: int, month: int, year: int = 2000) -> bool:
    # Year 2000 is a leap year, so 29 February passes when the year is unknown.
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _replace_cprs(text: str, put: _Put) -> str:
    def replace(match: re.Match[str]) -> str:
        day, month = int(match.group(1)), int(match.group(2))
        if not _plausible_day(day, month):
            return match.group(0)
        return put("cpr", match.start(), match.end())

    return _CPR.sub(replace, text)


# --- Phone numbers --------------------------------------------------------------

_SEP = r"[ .\-]"
_DANISH_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?P<prefix>(?:\+|00)\s?45[ .\-]?|\(\+?45\)\s?)?"
    r"(?P<number>\d{8}"
    r"|\d{2}(?P<s>[ .\-])\d{2}(?P=s)\d{2}(?P=s)\d{2}"
    r"|\d{4}[ \-]\d{4}"
    r"|\d{4}[ \-]\d{2}[ \-]\d{2}"
    r"|\d{2}[ \-]\d{2}[ \-]\d{4}"
    r"|\d{3}[ \-]\d{2}[ \-]\d{3})"
    r"(?!\d)(?![.,]\d)"
)
_INTERNATIONAL_PHONE = re.compile(
    rf"(?<![\w+])(?:\+|00)[1-9]\d{{0,2}}(?:{_SEP}?\(\d{{1,4}}\))?(?:{_SEP}?\d{{1,5}}){{1,6}}(?!\d)"
)
_NATIONAL_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:\(\d{3}\)\s?\d{3}[ .\-]\d{4}"  # (555) 123-4567
    r"|\d{3}-\d{3}-\d{4}"  # 555-123-4567
    r"|0\d{2,4}[ \-]?\d{3,4}[ \-]?\d{3,4})"  # 020 7946 0958, 07700 900123
    r"(?!\d)(?![.,]\d)"
)


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= int(digits) <= 2099


def _looks_like_date_or_years(number: str) -> bool:
    """Two years side by side ("2024 2025") or a date ("12-03-2024", "2024-03-12")
    share shapes with a phone number written in groups."""
    groups = re.split(r"[ .\-]", number)
    lengths = [len(group) for group in groups]
    if lengths == [4, 4]:
        return _is_year(groups[0]) and _is_year(groups[1])
    if lengths == [2, 2, 4]:
        return _is_year(groups[2]) and _plausible_day(int(groups[0]), int(groups[1]))
    if lengths == [4, 2, 2]:
        return _is_year(groups[0]) and _plausible_day(int(groups[2]), int(groups[1]))
    return False


def _replace_phones(text: str, put: _Put) -> str:
    def danish(match: re.Match[str]) -> str:
        if not match.group("prefix") and _looks_like_date_or_years(match.group("number")):
            return match.group(0)
        return put("phone", match.start(), match.end())

    def by_digit_count(low: int, high: int) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            if not low <= sum(c.isdigit() for c in match.group(0)) <= high:
                return match.group(0)
            return put("phone", match.start(), match.end())

        return replace

    # Longer forms first, so "+44 20 7946 0958" or "020 7946 0958" is not taken for
    # "+44 20" or "020" and a Danish "7946 0958".
    text = _INTERNATIONAL_PHONE.sub(by_digit_count(8, 15), text)
    text = _NATIONAL_PHONE.sub(by_digit_count(10, 11), text)
    return _DANISH_PHONE.sub(danish, text)


# --- Names ----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")

# A name after one of these is a person whatever the list says. Matched without regard
# to case; the name itself must be capitalised, or be a listed name.
_CUE_WORDS = re.compile(
    r"\b(?:"
    r"jeg\s+hedder|hedder|mit\s+navn\s+er|"
    r"(?:min|mit|vores|jeres|din|hans|hendes)\s+(?:nærmeste\s+|gamle\s+|nye\s+)?"
    r"(?:kollega|kollegaer|chef|leder|mellemleder|teamleder|direktør|medarbejder|"
    r"sidemakker|makker|mentor|ven|veninde|mand|kone|kæreste|tillidsrepræsentant|"
    r"arbejdsmiljørepræsentant|TR|AMR|sagsbehandler|elev|praktikant)|"
    r"kollegaen|chefen|lederen|direktøren|medarbejderen|borgeren|patienten|klienten|"
    r"kunden|eleven|praktikanten|sagsbehandleren|tillidsrepræsentanten|"
    r"my\s+name\s+is|i\s+am\s+called|i'm\s+called|named|"
    r"(?:my|our|your|his|her|their)\s+(?:new\s+|old\s+|former\s+)?"
    r"(?:colleague|co-?worker|manager|line\s+manager|boss|supervisor|team\s+lead|"
    r"team\s+leader|director|mentor|friend|wife|husband|partner|assistant|intern|"
    r"union\s+rep(?:resentative)?|caseworker)|"
    r"the\s+(?:client|patient|customer|citizen|student|pupil|resident)"
    r")\b[,:]?",
    re.IGNORECASE,
)
# Titles are matched with their case: "DR" is the broadcaster and "HR" a department.
_CUE_TITLES = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|hr\.|Hr\.|fru|Fru|frk\.|Frk\.)(?:\.|\b)"
)

# Capitalised words a cue or a name must not swallow: the tools people talk about.
_NEVER_NAMES = word_set(
    """
    ai genai gpt chatgpt copilot claude gemini openai microsoft google teams excel word
    outlook powerpoint office sharepoint azure github llama mistral perplexity bing
    """
)
_MAX_NAME_WORDS = 3


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str

    @property
    def base(self) -> str:
        """The word without a possessive ending ("Mette's", "Mettes" -> "mette")."""
        word = re.split(r"['\u2019]", self.word, maxsplit=1)[0].casefold()
        if word not in _ALL_NAMES and word.endswith("s") and word[:-1] in _ALL_NAMES:
            return word[:-1]
        return word

    @property
    def suffix(self) -> str:
        """The possessive ending to keep after the placeholder."""
        for mark in ("'", "\u2019"):
            if mark in self.word:
                return self.word[self.word.index(mark) :]
        if self.base != self.word.casefold():
            return self.word[len(self.base) :]
        return ""

    @property
    def capitalised(self) -> bool:
        """Like a name: "Mette", not "I", "AI", "HR" or a tool's name."""
        word = self.word
        return (
            word[0].isupper()
            and any(c.islower() for c in word[1:])
            and self.base not in _NEVER_NAMES
        )

    @property
    def listed(self) -> bool:
        return self.base in GIVEN_NAMES or self.base in SURNAMES


_ALL_NAMES = GIVEN_NAMES | SURNAMES | AMBIGUOUS_GIVEN_NAMES


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def _run(text: str, tokens: list[_Token], first: int, *, cued: bool) -> int:
    """How many tokens from `first` on make up one name: capitalised words next to
    each other in the same sentence, at most _MAX_NAME_WORDS of them."""
    count = 0
    for index in range(first, min(first + _MAX_NAME_WORDS, len(tokens))):
        token = tokens[index]
        if count and not text[tokens[index - 1].end : token.start].isspace():
            break
        if count and tokens[index - 1].suffix:
            break  # "Mettes kollega": a possessive ends the name
        if token.capitalised or (cued and count == 0 and token.base in _ALL_NAMES):
            count += 1
        else:
            break
    return count


def _cue_ends(text: str) -> Iterator[int]:
    for pattern in (_CUE_WORDS, _CUE_TITLES):
        for match in pattern.finditer(text):
            yield match.end()


def _name_spans(text: str) -> list[tuple[int, int]]:
    tokens = _tokens(text)
    starts = {token.start: index for index, token in enumerate(tokens)}
    taken: set[int] = set()
    spans: list[tuple[int, int]] = []

    def take(first: int, count: int) -> None:
        spans.append((first, first + count))
        taken.update(range(first, first + count))

    for end in _cue_ends(text):
        gap = re.match(r"[\s,:]*", text[end:])
        position = end + (gap.end() if gap else 0)
        first = starts.get(position)
        if first is None or first in taken or (position == end and text[end - 1].isalpha()):
            continue
        count = _run(text, tokens, first, cued=True)
        if count:
            take(first, count)

    for index, token in enumerate(tokens):
        if index in taken or not token.capitalised:
            continue
        if token.listed:
            take(index, _run(text, tokens, index, cued=False))
        elif token.base in AMBIGUOUS_GIVEN_NAMES and index + 1 < len(tokens):
            following = tokens[index + 1]
            adjacent = text[token.end : following.start].isspace()
            if adjacent and following.capitalised and following.base in _ALL_NAMES:
                take(index, _run(text, tokens, index, cued=False))

    return sorted((tokens[first].start, last) for first, last in _merge(spans, tokens))


def _merge(spans: list[tuple[int, int]], tokens: list[_Token]) -> Iterator[tuple[int, int]]:
    """Token spans to (first token index, end character offset), overlaps dropped."""
    seen: set[int] = set()
    for first, stop in sorted(spans):
        if any(index in seen for index in range(first, stop)):
            continue
        seen.update(range(first, stop))
        yield first, tokens[stop - 1].end


def _replace_names(text: str, put: _Put) -> str:
    tokens_by_end = {token.end: token for token in _tokens(text)}
    pieces: list[str] = []
    cursor = 0
    for start, end in _name_spans(text):
        suffix = tokens_by_end[end].suffix
        pieces += [text[cursor:start], put("name", start, end - len(suffix)) + suffix]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)
