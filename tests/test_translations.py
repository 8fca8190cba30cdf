"""X-6: the Simplified and Traditional Chinese catalogues are complete: every source string
has a translation, none is fuzzy, and placeholders survive."""

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "src" / "infocenter" / "locale"


def entries(path: Path):
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        text = "\n".join(line for line in lines if not line.startswith("#"))
        plural = re.match(
            r'msgid ((?:".*"\n?)+)msgid_plural ((?:".*"\n?)+)((?:msgstr\[\d+\] (?:".*"\n?)+)+)',
            text,
        )
        if plural:  # every plural form must be translated and keep the placeholders
            msgid = "".join(re.findall(r'"(.*)"', plural.group(1)))
            for form in re.split(r"msgstr\[\d+\] ", plural.group(3))[1:]:
                yield msgid, "".join(re.findall(r'"(.*)"', form)), flags
            continue
        match = re.match(r'msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', text)
        if not match:
            continue
        msgid, msgstr = ("".join(re.findall(r'"(.*)"', part)) for part in match.groups())
        if msgid:
            yield msgid, msgstr, flags


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant"])
def test_x6_catalogue_is_complete(language):
    found = list(entries(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(found) > 200
    untranslated = [m for m, s, _ in found if not s]
    fuzzy = [m for m, _, f in found if "fuzzy" in f]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy
    for msgid, msgstr, _ in found:
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(
            re.findall(r"%\(\w+\)s", msgstr)
        ), msgid


def test_x6_no_text_is_translated_once_at_import():
    """A label defined at module level (a step table, a menu) is lazy: ``gettext`` there would
    translate it once, in whatever language was active when the module was imported, and every
    reader would get that language."""
    import ast

    eager_names = {"gettext", "ngettext", "pgettext"}
    found = []
    for path in (LOCALE.parent).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        eager = {
            alias.asname or alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
            for alias in node.names
            if alias.name in eager_names
        }
        found += [
            f"{path.relative_to(LOCALE.parent)}:{call.lineno}"
            for node in tree.body
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            for call in ast.walk(node)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id in eager
            and not _inside_function(node, call)
        ]
    assert not found, found


def _inside_function(top, call) -> bool:
    import ast

    return any(
        isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        and any(c is call for c in ast.walk(f))
        for f in ast.walk(top)
    )
