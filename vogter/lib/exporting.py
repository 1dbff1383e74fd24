"""Every download behind one small interface (docs/exports.md).

An exporter turns a subject (a charter's document, a reflection round, a workshop …) into
an `Export`: the file's name, its media type and its bytes, always in that order. The
exporters of one kind of download sit in one `ExportKind`, keyed by format; every kind is in
`KINDS`, so the registry is keyed by (what, format). A kind takes one choice besides the
format (`option`): the language of a document, or the layout of a workshop's answers,
and `ExportKind.check` is the one place that refuses an unknown format or choice.

Views, API handlers and commands ask the app's kind for an `Export` and serve it the same
way: pages and the API through `file_response`, commands by writing `content` to a file.
Adding a format to a kind means adding one exporter to its folder and registering it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, NamedTuple, Protocol, TypeVar

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from vogter.lib.errors import ActionError

LANGUAGES = ("da", "en")

S = TypeVar("S")
S_contra = TypeVar("S_contra", contravariant=True)


class Export(NamedTuple):
    """A file to hand over: what it is called, what it is, what it holds."""

    filename: str
    media_type: str
    content: bytes


class Exporter(Protocol[S_contra]):
    """One format of one kind of download."""

    @property
    def format(self) -> str:
        """The key in URLs and on the command line, and the file's extension."""
        ...

    @property
    def media_type(self) -> str: ...

    def export(self, subject: S_contra, option: str, /) -> Export:
        """The file for `subject`, in the kind's `option` (a language, a layout)."""
        ...


@dataclass(frozen=True)
class Rendered(Generic[S]):
    """An exporter made of a pure renderer and the kind's rule for names, for the kinds
    whose formats differ only in how they render."""

    format: str
    media_type: str
    render: Callable[[S, str], bytes]
    filename: Callable[[S, str, str], str]  # (subject, option, extension) -> name

    def export(self, subject: S, option: str, /) -> Export:
        content = self.render(subject, option)
        return Export(self.filename(subject, option, self.format), self.media_type, content)


_UNKNOWN = {
    "format": _("Unknown format %(value)s; expected one of %(choices)s."),
    "language": _("Unknown language %(value)s; expected one of %(choices)s."),
    "layout": _("Unknown layout %(value)s; expected one of %(choices)s."),
}


class ExportKind(Generic[S]):
    """The exporters of one kind of download (`what`), by format, and the one other
    choice it takes: `option` names it ("language" or "layout"), `choices` lists it."""

    def __init__(
        self,
        what: str,
        *,
        option: Literal["language", "layout"] = "language",
        choices: tuple[str, ...] = LANGUAGES,
    ) -> None:
        if what in KINDS:
            raise ValueError(f"There is already a kind of export called {what!r}.")
        self.what, self.option, self.choices = what, option, choices
        self.exporters: dict[str, Exporter[S]] = {}
        KINDS[what] = self

    def register(self, *exporters: Exporter[S]) -> None:
        for exporter in exporters:
            self.exporters[exporter.format] = exporter

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.exporters)

    @property
    def media_types(self) -> tuple[str, ...]:
        return tuple(e.media_type for e in self.exporters.values())

    def check(self, format: str, option: str) -> Exporter[S]:
        """The exporter for `format`, or ActionError (field `format`, or the option's
        name) for a format or an option this kind does not have."""
        if format not in self.exporters:
            raise _refusal("format", format, self.formats)
        if option not in self.choices:
            raise _refusal(self.option, option, self.choices)
        return self.exporters[format]

    def export(self, subject: S, format: str, option: str) -> Export:
        return self.check(format, option).export(subject, option)


def _refusal(field: str, value: str, choices: tuple[str, ...]) -> ActionError:
    message = _UNKNOWN[field] % {"value": repr(value), "choices": ", ".join(choices)}
    return ActionError(message, field=field)


# what -> its kind: together, the registry keyed by (what, format).
KINDS: dict[str, ExportKind[Any]] = {}


def file_response(export: Export, *, inline: bool = False) -> HttpResponse:
    """The file as a download (or `inline`, for the browser to show), with a
    Content-Disposition that is safe for any name."""
    response = HttpResponse(export.content, content_type=export.media_type)
    response["Content-Disposition"] = content_disposition_header(not inline, export.filename) or ""
    # Downloads may hold personal data: no copies in shared caches or the browser's.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def stem(*parts: str, length: int = 40) -> str:
    """`havneby-kommune-kommunikation`: each part in ASCII (æ as ae, ø as oe, å as aa),
    at most `length` characters, joined by single hyphens; a filename every browser
    keeps."""
    slugs = (slugify(part.translate(_DANISH))[:length].strip("-") for part in parts)
    return re.sub(r"-{2,}", "-", "-".join(s for s in slugs if s))
