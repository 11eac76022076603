"""Fill zh-hans translations from a tab-separated file (msgid<TAB>msgstr), for new strings.

    .venv/bin/python scripts/po_fill.py translations.tsv

Plural entries take the one Chinese form for every plural index. Entries already translated
keep their text unless the file gives a new one; fuzzy flags are cleared on filled entries."""

import sys
from pathlib import Path

import polib

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main(tsv_path: str) -> None:
    pairs = {}
    for line in Path(tsv_path).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            msgid, msgstr = line.split("\t", 1)
            pairs[msgid] = msgstr
    po = polib.pofile(str(PO_PATH))
    filled = 0
    for entry in po:
        if entry.msgid not in pairs:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: pairs[entry.msgid]}
        else:
            entry.msgstr = pairs[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    po.save()
    missing = [e.msgid for e in po.untranslated_entries()]
    print(f"filled {filled}; still untranslated: {len(missing)}")
    for msgid in missing[:50]:
        print("  ", msgid)


if __name__ == "__main__":
    main(sys.argv[1])
