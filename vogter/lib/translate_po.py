"""Fill a gettext catalogue from a dict of translations (a developer's helper for `make messages`).

    python -m vogter.lib.translate_po CATALOGUE.po TRANSLATIONS.py

TRANSLATIONS.py defines T (msgid -> msgstr) and P (msgid -> (singular, plural)). Entries it
fills lose their fuzzy flag; everything else is left as it is. Prints what is still missing.
"""

import runpy
import sys

import polib  # type: ignore[import-untyped]


def main() -> None:
    catalogue, source = sys.argv[1], sys.argv[2]
    table = runpy.run_path(source)
    singles, plurals = table.get("T", {}), table.get("P", {})
    po = polib.pofile(catalogue)
    for entry in po:
        if entry.msgid_plural and entry.msgid in plurals:
            one, many = plurals[entry.msgid]
            entry.msgstr_plural = {0: one, 1: many}
        elif not entry.msgid_plural and entry.msgid in singles:
            entry.msgstr = singles[entry.msgid]
        else:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = None
    po.save(catalogue)
    missing = [e.msgid for e in polib.pofile(catalogue) if not e.translated() or e.fuzzy]
    for msgid in missing:
        sys.stderr.write(f"still missing: {msgid!r}\n")


if __name__ == "__main__":
    main()
