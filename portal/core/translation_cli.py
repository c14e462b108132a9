"""``flask --app portal translate …``: keep the translation catalogues in step with the code.

The workflow, run from anywhere (paths come from the app's config)::

    flask --app portal translate extract   # portal/**.py + templates/**.html → messages.pot
    flask --app portal translate update    # messages.pot → every language's messages.po
    # … translate the new or fuzzy entries in translations/zh/LC_MESSAGES/messages.po …
    flask --app portal translate compile   # .po → .mo (build output; `make translations`)
    flask --app portal translate check     # fails on a missing, empty, fuzzy or broken entry

The msgids are English, so the English catalogue is generated, not written: ``update`` sets
each English msgstr to its msgid. That keeps English provably complete (every msgid has an
entry), and an English wording is changed in the code, never in the catalogue.
"""

import contextlib
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.frontend import BaseError, CommandLineInterface
from babel.messages.pofile import read_po, write_po
from flask import Flask, current_app
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parents[2]
BABEL_CFG = ROOT / "babel.cfg"
# `_l` is lazy_gettext's short name (portal/domain/labels.py); `-k ngettext` alone drops plurals.
KEYWORDS = ("_", "gettext", "ngettext:1,2", "lazy_gettext", "_l:1")
SOURCE_LANGUAGE = "en"  # the language of the msgids
DOMAIN = "messages"
# A Python-format placeholder (`%(num)d`, `%(name)s`), an escaped percent, or a stray `%`.
_PERCENT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%|%")


def pybabel(*args: str, quiet: bool = True) -> None:
    """Run one ``pybabel`` command in-process, from the project root (so locations are relative).

    :raise click.ClickException: if babel reports an error or a non-zero status.
    """
    argv = ["pybabel", *(["-q"] if quiet else []), *args]
    try:
        with contextlib.chdir(ROOT):
            status = CommandLineInterface().run(argv)
    except BaseError as error:
        raise click.ClickException(f"pybabel {args[0]}: {error}") from error
    if status:
        raise click.ClickException(f"pybabel {args[0]} failed (status {status}).")


def translations_dir(app: Flask) -> Path:
    """The (first) catalogue folder the app loads; relative paths resolve against ``portal/``."""
    first = str(app.config["BABEL_TRANSLATION_DIRECTORIES"]).split(";")[0]
    return (Path(app.root_path) / first).resolve()


def po_path(translations: Path, language: str) -> Path:
    return translations / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(pot: Path) -> Path:
    """Write every translatable string in ``portal/`` and ``templates/`` to ``pot``."""
    keywords = [arg for word in KEYWORDS for arg in ("-k", word)]
    pybabel(
        "extract", "-F", str(BABEL_CFG), *keywords, "--project", "CareFinder",
        "--no-wrap", "-o", str(pot), ".",
    )  # fmt: skip
    return pot


def update(pot: Path, translations: Path, languages: Iterable[str]) -> None:
    """Merge ``pot`` into each language's catalogue (created if missing); fill English.

    New strings arrive untranslated, reworded ones as fuzzy guesses; strings gone from the code
    are dropped. The English catalogue is then rewritten from the msgids.
    """
    for language in languages:
        pybabel(
            "update", "-i", str(pot), "-d", str(translations), "-l", language,
            "--init-missing", "--ignore-obsolete", "--ignore-pot-creation-date", "--previous",
            "--no-wrap",
        )  # fmt: skip
        if language == SOURCE_LANGUAGE:
            fill_from_msgids(po_path(translations, language))


def fill_from_msgids(po: Path) -> int:
    """Set every msgstr of the catalogue at ``po`` to its msgid (singular, plural); unfuzz.

    :return: how many messages the catalogue holds.
    """
    with po.open("rb") as file:
        catalogue = read_po(file)
    count = 0
    for message in catalogue:
        if not message.id:
            continue  # the header
        if message.pluralizable:
            singular, plural = message.id[0], message.id[1]
            message.string = (singular,) + (plural,) * (catalogue.num_plurals - 1)
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
        message.previous_id = ()
        count += 1
    with po.open("wb") as file:
        write_po(file, catalogue, width=0)
    return count


def compile_catalogues(translations: Path) -> None:
    """Compile every ``.po`` under ``translations`` to the ``.mo`` beside it (fuzzy left out)."""
    pybabel("compile", "--statistics", "-d", str(translations), quiet=False)


def placeholders(text: str) -> Counter:
    """The ``%`` tokens in ``text``: named placeholders, ``%%`` and stray ``%`` signs."""
    return Counter(_PERCENT.findall(text))


def catalogue_problems(pot: Path, po: Path) -> list[str]:
    """What keeps the catalogue at ``po`` from fully translating the strings in ``pot``.

    Reports msgids missing from the catalogue, empty or fuzzy translations, and translations
    whose placeholders differ from the msgid's (each plural form against both msgid forms).
    """
    with pot.open("rb") as file:
        template = read_po(file)
    if not po.exists():
        return [f"{po}: missing (run `flask --app portal translate update`)"]
    with po.open("rb") as file:
        catalogue = read_po(file)
    problems = [
        f"{po}: no entry for {message.id!r}"
        for message in template
        if message.id and message.id not in catalogue
    ]
    problems.extend(f"{po}: {problem}" for problem in entry_problems(catalogue))
    return problems


def entry_problems(catalogue: Catalog) -> list[str]:
    """Empty, fuzzy or placeholder-breaking entries of a catalogue, one line each."""
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        key = ids[0]
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        if not all(strings):
            problems.append(f"untranslated: {key!r}")
            continue
        wanted = placeholders(ids[0]) | placeholders(ids[-1])
        for text in strings:
            if placeholders(text) != wanted:
                problems.append(f"placeholders differ: {key!r} → {text!r}")
    return problems


translate = AppGroup("translate", help="Extract, update, compile and check the translations.")


@translate.command("extract")
def extract_command() -> None:
    """Write translations/messages.pot from the code and templates."""
    pot = extract(translations_dir(current_app) / f"{DOMAIN}.pot")
    with pot.open("rb") as file:
        count = sum(1 for message in read_po(file) if message.id)
    click.echo(f"{pot}: {count} messages")


@translate.command("update")
def update_command() -> None:
    """Merge messages.pot into each catalogue; English msgstr = msgid. Run `extract` first."""
    translations = translations_dir(current_app)
    pot = translations / f"{DOMAIN}.pot"
    if not pot.exists():
        raise click.ClickException(f"{pot} is missing: run `translate extract` first.")
    languages = current_app.config["LANGUAGES"]
    update(pot, translations, languages)
    for language in languages:
        with po_path(translations, language).open("rb") as file:
            catalogue = read_po(file)
        todo = len(entry_problems(catalogue))
        click.echo(f"{language}: {len(catalogue)} messages, {todo} to translate or review")


@translate.command("compile")
def compile_command() -> None:
    """Compile the catalogues to the .mo files the portal loads."""
    compile_catalogues(translations_dir(current_app))


@translate.command("check")
def check_command() -> None:
    """Fail if any string in the code lacks a complete, non-fuzzy translation in any language."""
    translations = translations_dir(current_app)
    with tempfile.TemporaryDirectory() as folder:
        pot = extract(Path(folder) / f"{DOMAIN}.pot")
        problems = [
            problem
            for language in current_app.config["LANGUAGES"]
            for problem in catalogue_problems(pot, po_path(translations, language))
        ]
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problems.")
    click.echo("All strings are translated.")


def init_app(app: Flask) -> None:
    """Register the ``translate`` command group."""
    app.cli.add_command(translate)
