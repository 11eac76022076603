#!/usr/bin/env bash
# Fails when the zh-hans catalogue has an untranslated or fuzzy entry.
set -euo pipefail
cd "$(dirname "$0")/.."
po=locale/zh_Hans/LC_MESSAGES/django.po
untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry (msgid "") when it prints anything at all.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
  echo "zh-hans catalogue: $untranslated untranslated, $fuzzy fuzzy entries" >&2
  msgattrib --untranslated --only-fuzzy --no-obsolete "$po" | grep '^msgid' | head -20 >&2 || true
  msgattrib --untranslated --no-obsolete "$po" | grep '^msgid' | head -40 >&2 || true
  exit 1
fi
echo "zh-hans catalogue complete"
