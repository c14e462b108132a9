"""Languages: Simplified Chinese by default, complete English.

The visitor's choice comes from the language switch (kept in a cookie), then ``?lang=``,
then the browser's Accept-Language.
"""

from babel.support import Translations
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel import Babel, format_decimal, get_locale, get_translations
from markupsafe import Markup, escape
from pypinyin import Style, lazy_pinyin

LANG_COOKIE = "lang"


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    for choice in (request.cookies.get(LANG_COOKIE), request.args.get("lang")):
        if choice in supported:
            return choice
    return (
        request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def is_english() -> bool:
    return str(get_locale()).startswith("en")


def html_lang() -> str:
    return "en" if is_english() else "zh-Hans"


def pinyin(text: str) -> str:
    """Pinyin of a Chinese name for English pages, one spaced syllable per character so a long
    name wraps between syllables, never inside one: 莲都区峰源乡 → lián dū qū fēng yuán xiāng.
    Place names read as the gazetteer says (``portal.places.load_place_readings``)."""
    syllables = lazy_pinyin(text, style=Style.TONE, errors="default")
    return " ".join(part for syllable in syllables for part in syllable.split())


def name_with_pinyin(name: str) -> Markup:
    """A Chinese name, followed by its pinyin on English pages."""
    if not is_english():
        return escape(name)
    spoken = " ".join(lazy_pinyin(name, style=Style.TONE)).strip()
    return Markup('{} <span class="pinyin" lang="zh-Latn-pinyin">{}</span>').format(name, spoken)


def format_wan_yuan(value: float | None) -> str:
    """Money stated in 万元, formatted for the locale (English readers get yuan)."""
    if value is None:
        return ""
    if is_english():
        return f"CNY {format_decimal(value * 10_000, format='#,##0')}"
    return f"{format_decimal(value, format='#,##0.##')} 万元"


def format_yuan(value: float | None) -> str:
    if value is None:
        return ""
    if is_english():
        return f"CNY {format_decimal(value, format='#,##0.##')}"
    return f"{format_decimal(value, format='#,##0.##')} 元"


def format_km(km: float) -> str:
    return format_decimal(round(km, 1), format="#,##0.0")


def page_translations() -> Translations:
    """The translations of the locale in force, looked up once per request and locale.

    Flask-Babel's template functions look the catalogue up again for every string (its
    context, the locale, a cache key): ~200 times a results page, a third of its strings'
    cost. A ``force_locale`` block changes the locale, so the lookup is kept per locale.
    """
    if not has_app_context():
        return get_translations()
    babel = getattr(g, "_flask_babel", None)
    locale = getattr(babel, "babel_locale", None)
    kept = g.get("_page_translations")
    if kept is not None and locale is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()  # resolves and records the locale as well
    g._page_translations = (getattr(g._flask_babel, "babel_locale", None), translations)
    return translations


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(get_locale=get_locale, html_lang=html_lang, is_english=is_english)
    app.jinja_env.filters.update(
        pinyin=pinyin,
        with_pinyin=name_with_pinyin,
        wan_yuan=format_wan_yuan,
        yuan=format_yuan,
        km=format_km,
        number=lambda v: format_decimal(v) if v is not None else "",
    )
