"""The translation catalogues: complete for every string in the code, sound, compiled, and used.

Chinese (zh) is written by people; English (en) is generated from the English msgids by
``flask --app portal translate update``. A new ``_()`` without a Chinese translation fails here.
"""

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from portal import create_app
from portal.core import db, translation_cli

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("zh", "en")
# Named Python-format placeholders, as Jinja's newstyle gettext and flask_babel fill them.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def frozen(value):
    """A message id or string as a dict key: plural forms come as lists."""
    return value if isinstance(value, str) else tuple(value)


def load_po(language: str, folder: Path = TRANSLATIONS):
    with (folder / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def entries(catalogue):
    """(msgid forms, msgstr forms) of each message, the header left out."""
    for message in catalogue:
        if not message.id:
            continue
        if message.pluralizable:
            yield message, tuple(message.id), tuple(message.string)
        else:
            yield message, (message.id,), (message.string,)


@pytest.fixture(scope="module")
def fresh_pot(tmp_path_factory) -> Path:
    """The strings in portal/ and templates/ as they are now, extracted into a temp folder."""
    return translation_cli.extract(tmp_path_factory.mktemp("extract") / "messages.pot")


@pytest.fixture
def empty_app(tmp_path):
    app = create_app(
        {"BOOTSTRAP_ON_START": False, "DATABASE_URL": "sqlite://", "INDEX_DIR": str(tmp_path)}
    )
    with app.app_context():
        db.create_tables()
    return app


def test_extraction_finds_the_portals_strings(fresh_pot):
    with fresh_pot.open("rb") as file:
        template = read_po(file)
    ids = {m.id[0] if m.pluralizable else m.id for m in template if m.id}
    # One string from each kind of source: a template, a lazy label, a view, a plural.
    for msgid in ("Large text mode", "Day-care centre", "Page not found", "%(num)d bed"):
        assert msgid in ids
    assert template["%(num)d bed"].id == ("%(num)d bed", "%(num)d beds")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_extracted_string_is_in_the_catalogue(fresh_pot, language):
    with fresh_pot.open("rb") as file:
        template = read_po(file)
    catalogue = load_po(language)
    missing = [m.id for m in template if m.id and m.id not in catalogue]
    assert not missing, (
        f"not in {language}/messages.po: {missing} — run `flask --app portal translate extract`"
        " and `translate update`, then translate the new entries"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_empty_or_fuzzy(language):
    catalogue = load_po(language)
    empty = [ids[0] for _m, ids, strings in entries(catalogue) if not all(strings)]
    fuzzy = [ids[0] for message, ids, _s in entries(catalogue) if message.fuzzy]
    assert not empty, f"untranslated in {language}: {empty}"
    assert not fuzzy, f"fuzzy (needs review) in {language}: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    catalogue = load_po(language)
    broken = []
    for _message, ids, strings in entries(catalogue):
        wanted = sorted(set(PLACEHOLDER.findall(" ".join(ids))))
        for text in strings:
            # A stray % would break Jinja's newstyle gettext, which always applies `%`.
            stray = PLACEHOLDER.sub("", text).replace("%%", "").count("%")
            if sorted(PLACEHOLDER.findall(text)) != wanted or stray:
                broken.append((ids[0], text))
    assert not broken


def test_chinese_catalogue_is_chinese_and_has_one_plural_form():
    catalogue = load_po("zh")
    assert catalogue.num_plurals == 1
    assert catalogue.plural_expr == "0"
    untranslated_looking = [
        ids[0]
        for _m, ids, strings in entries(catalogue)
        if not re.search(r"[\u4e00-\u9fff]", strings[0])
    ]
    assert not untranslated_looking


@pytest.mark.parametrize(
    ("msgid", "chinese"),
    [
        ("Care home", "养老机构"),
        ("Day-care centre", "日间照料中心"),
        ("Home-care service centre", "居家养老服务中心"),
        ("Childcare centre", "托育机构"),
        ("Kindergarten nursery class", "幼儿园托班"),
        ("Planned", "规划中"),
        ("Under construction", "在建"),
        ("Proposed", "谋划中"),
        ("Operating", "运营中"),
        ("Withdrawn", "已撤回"),
        ("What can we get?", "我们能领什么补贴？"),
        ("Large text mode", "长辈模式"),
        ("line %(num)s", "第 %(num)s 行"),
    ],
)
def test_chinese_uses_the_plans_terms(msgid, chinese):
    assert load_po("zh")[msgid].string == chinese


def test_english_is_the_msgids():
    catalogue = load_po("en")
    assert catalogue.num_plurals == 2
    for _message, ids, strings in entries(catalogue):
        assert strings == (ids if len(ids) == 1 else (ids[0], ids[1]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_not_stale(empty_app, tmp_path, language):
    folder = Path(empty_app.config["BABEL_TRANSLATION_DIRECTORIES"])
    loaded = folder / language / "LC_MESSAGES" / "messages.mo"
    if not loaded.exists():
        pytest.fail(f"{loaded} is missing: run `make translations`")
    fresh = tmp_path / "messages.mo"
    with fresh.open("wb") as file:
        write_mo(file, load_po(language, folder))  # as pybabel compile does: fuzzy left out

    def messages(path: Path) -> dict:
        with path.open("rb") as file:
            return {frozen(m.id): frozen(m.string) for m in read_mo(file) if m.id}

    assert messages(loaded) == messages(fresh), (
        f"{loaded} is older than its .po: run `make translations`"
    )


@pytest.mark.parametrize(
    ("headers", "cookie", "query", "shown", "not_shown"),
    [
        (
            {},
            None,
            "",
            ["查找您身边的养老和托育服务", "长辈模式", 'lang="zh-Hans"'],
            ["Find elder"],
        ),
        ({"Accept-Language": "en"}, None, "", ["Find elder care", "Large text mode"], ["长辈模式"]),
        ({}, "en", "", ["Find elder care", 'lang="en"'], ["我们能领什么补贴"]),
        ({}, None, "?lang=en", ["Find elder care", "What can we get?"], ["长辈模式"]),
        (
            {"Accept-Language": "en"},
            "zh",
            "",
            ["我们能领什么补贴？", "一老一小服务查询"],
            ["Find elder"],
        ),
    ],
)
def test_home_page_speaks_the_chosen_language(empty_app, headers, cookie, query, shown, not_shown):
    client = empty_app.test_client()
    if cookie:
        client.set_cookie("lang", cookie)
    page = client.get("/" + query, headers=headers).get_data(as_text=True)
    for text in shown:
        assert text in page
    for text in not_shown:
        assert text not in page


def test_error_page_is_translated(empty_app):
    client = empty_app.test_client()
    assert "找不到页面" in client.get("/no-such-page").get_data(as_text=True)
    english = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert english.status_code == 404
    assert "Page not found" in english.get_data(as_text=True)


def test_update_keeps_chinese_and_regenerates_english(fresh_pot, tmp_path):
    """`translate update` on a copy: Chinese work survives, English is rebuilt from msgids."""
    shutil.copytree(TRANSLATIONS, tmp_path / "translations", ignore=shutil.ignore_patterns("*.mo"))
    folder = tmp_path / "translations"
    english = folder / "en" / "LC_MESSAGES" / "messages.po"
    english.write_text(
        english.read_text(encoding="utf-8").replace('msgstr "Care home"', 'msgstr ""'),
        encoding="utf-8",
    )
    translation_cli.update(fresh_pot, folder, LANGUAGES)
    assert load_po("en", folder)["Care home"].string == "Care home"
    assert load_po("zh", folder)["Care home"].string == "养老机构"
    assert translation_cli.catalogue_problems(fresh_pot, english) == []


def test_translate_check_command(empty_app):
    translation_cli.init_app(empty_app)
    result = empty_app.test_cli_runner().invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output
    assert "All strings are translated." in result.output
