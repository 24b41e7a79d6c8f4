"""The Swedish catalogue is a gate: every string in the source is in it, translated, not fuzzy,
and the committed .mo is exactly what msgfmt makes of the .po.

Fix a failure with scripts/makemessages (extract), translating in the .po, then
scripts/compilemessages (compile); commit the .po and the .mo together."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = REPO_ROOT / "src" / "powertriangle"
CATALOGUE = Path("locale") / "sv" / "LC_MESSAGES" / "django.po"
PO = PACKAGE / CATALOGUE
MO = PO.with_suffix(".mo")
FIX = "run scripts/makemessages, translate in the .po, then scripts/compilemessages"


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def describe(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


def _unquote(text: str, line: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{PO}:{line}: expected a quoted string, got {text!r}")
    # PO strings use C escapes (\n, \t, \", \\), which Python's literal syntax reads the same way.
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def parse_po(text: str) -> list[Entry]:
    """The entries of a PO file, header included, obsolete (#~) entries left out."""
    entries: list[Entry] = []
    current = Entry()
    seen_msgstr = False
    target: tuple[str, int] | None = None  # which field a continuation line extends

    def flush() -> None:
        nonlocal current, seen_msgstr, target
        if seen_msgstr:
            entries.append(current)
        current, seen_msgstr, target = Entry(), False, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if seen_msgstr:
                flush()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{PO}:{number}: a string continues no field")
            name, index = target
            value = _unquote(line, number)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        if keyword in {"msgctxt", "msgid"} and seen_msgstr:
            flush()
        if keyword in {"msgctxt", "msgid", "msgid_plural"}:
            if keyword != "msgid_plural" and not current.line:
                current.line = number
            setattr(current, keyword, _unquote(rest, number))
            target = (keyword, 0)
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            current.msgstr[index] = _unquote(rest, number)
            seen_msgstr = True
            target = ("msgstr", index)
        else:
            raise ValueError(f"{PO}:{number}: unexpected line {raw!r}")
    flush()
    return entries


def _catalogue() -> list[Entry]:
    if not PO.exists():
        pytest.fail(f"The Swedish catalogue {PO.relative_to(REPO_ROOT)} is missing: {FIX}.")
    return parse_po(PO.read_text(encoding="utf-8"))


def _problems(entries: list[Entry]) -> list[str]:
    problems = []
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            if "fuzzy" in entry.flags:
                problems.append("header: marked fuzzy (msgfmt skips it); remove '#, fuzzy'")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.describe()}")
        elif not entry.msgstr or any(not text for text in entry.msgstr.values()):
            problems.append(f"untranslated: {entry.describe()}")
    return problems


def _msgfmt_or_skip() -> str:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip(
            "msgfmt (GNU gettext) is not installed here: apt-get install -y gettext (CI has)"
        )
    return msgfmt


def test_it_reads_po_entries_with_flags_plurals_and_continuations() -> None:
    entries = parse_po(
        "\n".join(
            [
                'msgid ""',
                'msgstr ""',
                '"Content-Type: text/plain; charset=UTF-8\\n"',
                "",
                "#, fuzzy, python-format",
                'msgid "Hello %(name)s"',
                'msgstr "Hej %(name)s"',
                'msgctxt "stage"',
                'msgid "One"',
                'msgid_plural "Many"',
                'msgstr[0] "En"',
                'msgstr[1] ""',
                "",
                'msgid ""',
                '"Long \\"quoted\\" "',
                '"text"',
                'msgstr "Lång"',
                "",
                '#~ msgid "Gone"',
                '#~ msgstr "Borta"',
            ]
        )
    )
    assert [entry.msgid for entry in entries] == ["", "Hello %(name)s", "One", 'Long "quoted" text']
    assert entries[1].flags == {"fuzzy", "python-format"}
    assert entries[2].msgctxt == "stage"
    assert entries[2].msgstr == {0: "En", 1: ""}
    assert _problems(entries) == [
        "fuzzy: line 6: 'Hello %(name)s'",
        "untranslated: line 8: 'One' (context 'stage')",
    ]


def test_it_has_every_swedish_entry_translated() -> None:
    entries = _catalogue()
    problems = _problems(entries)
    assert len(entries) > 1, f"{PO.relative_to(REPO_ROOT)} has no entries: {FIX}."
    where = PO.relative_to(REPO_ROOT)
    assert not problems, (
        f"{len(problems)} problems in the {len(entries) - 1} entries of {where} ({FIX}):\n"
        + "\n".join(problems)
    )


def test_it_ships_the_compiled_catalogue_of_the_current_po(tmp_path: Path) -> None:
    _catalogue()
    assert MO.exists(), f"{MO.relative_to(REPO_ROOT)} is missing: run scripts/compilemessages."
    msgfmt = _msgfmt_or_skip()
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(compiled), str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt --check rejects {PO}:\n{result.stderr}"
    assert compiled.read_bytes() == MO.read_bytes(), (
        f"{MO.relative_to(REPO_ROOT)} is not compiled from the current .po: "
        "run scripts/compilemessages and commit the .mo."
    )


def test_it_has_extracted_every_string_of_the_source(tmp_path: Path) -> None:
    """makemessages on a copy of the source finds exactly the entries the catalogue has."""
    current = {entry.key for entry in _catalogue()}
    before = PO.read_bytes()
    if shutil.which("xgettext") is None:
        _msgfmt_or_skip()
        pytest.skip("xgettext (GNU gettext) is not installed here: apt-get install -y gettext")
    copy = tmp_path / "powertriangle"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "powertriangle.settings",
            "POWERTRIANGLE_DATA_DIR": str(tmp_path),
        }
    )
    # Run inside the copy: makemessages writes to ./locale there (it is the nearest locale folder
    # of every file it finds), never to the real catalogue.
    result = subprocess.run(
        [
            *(sys.executable, "-m", "powertriangle", "makemessages"),
            *("-l", "sv", "--no-location", "--no-obsolete"),
            # The same extensions as scripts/makemessages: the triangle is an SVG template.
            *("--extension", "html,txt,py,svg"),
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    assert PO.read_bytes() == before, "makemessages wrote to the real catalogue, not the copy"
    fresh = {entry.key for entry in parse_po((copy / CATALOGUE).read_text(encoding="utf-8"))}
    problems = [f"not in the catalogue: {key[1]!r}" for key in sorted(fresh - current, key=str)]
    problems += [f"no longer in the source: {key[1]!r}" for key in sorted(current - fresh, key=str)]
    assert not problems, (
        f"{PO.relative_to(REPO_ROOT)} is out of date with the source: run scripts/makemessages.\n"
        + "\n".join(problems)
    )


# The names xgettext finds (its defaults and the keywords Django's makemessages adds); a
# translation function imported under any other name is invisible to makemessages, so its
# strings would silently stay in English.
EXTRACTED_NAMES = {
    "_", "gettext", "ngettext", "gettext_noop", "gettext_lazy", "ngettext_lazy",
    "pgettext", "npgettext", "pgettext_lazy", "npgettext_lazy",
}  # fmt: skip


def test_translation_functions_keep_names_makemessages_knows() -> None:
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    name = alias.asname or alias.name
                    if "gettext" in alias.name and name not in EXTRACTED_NAMES:
                        hidden.append(f"{path.relative_to(REPO_ROOT)}: {alias.name} as {name}")
    assert hidden == []


# Words the Swedish glossary (the head of the .po file) rules out, where the English says this.
# Dot voting is "prick"/"prioritera", never "röst", which is kept for voice; "Act:" is "Agera";
# professionals are "yrkesverksamma"; the triangle is "makttriangeln" (Vackerberg's thesis).
GLOSSARY_BANS = [
    (("vote", "dot"), ("röst",)),
    (("Act:",), ("Handla",)),
    (("professional",), ("professionell",)),
    (("power triangle",), ("maktens triangel", "maktriangel")),
    (("co-produc",), ("samproduc", "samproduktion")),
]


def test_swedish_keeps_the_glossary() -> None:
    broken = [
        f"{entry.describe()}: {banned!r}"
        for entry in _catalogue()
        for english, swedish in GLOSSARY_BANS
        if any(
            word.lower() in f"{entry.msgid} {entry.msgid_plural or ''}".lower() for word in english
        )
        for banned in swedish
        if any(banned.lower() in text.lower() for text in entry.msgstr.values())
    ]
    assert not broken
