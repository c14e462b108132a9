"""Normalisation, segmentation, pinyin and synonyms on words taken from the plans."""

import pytest
from whoosh.analysis import Token

from portal.search.analysis import (
    JiebaTokenizer,
    bigrams,
    initials,
    normalize,
    pinyin_keys,
    query_words,
    syllables,
)
from portal.search.synonyms import expand, load_synonyms


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("養老院", "养老院"),
        ("護理院（二期）", "护理院(二期)"),
        ("ＰＥＡＧＹＭ１２３", "peagym123"),
        ("托位60个", "托位60个"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "word", ["托位", "普惠托育", "普惠托位", "医养结合", "日间照料中心", "家庭养老床位", "长护险"]
)
def test_domain_words_stay_whole(word: str) -> None:
    assert query_words(f"新增{word}")[-1] == word


def _tokens(text: str) -> list[tuple[str, int]]:
    tokens: list[Token] = JiebaTokenizer()(text, positions=True)
    return [(t.text, t.pos) for t in tokens]


def test_positions_count_words_and_subwords_share_them() -> None:
    # 台州市 / 社会福利院 / 改造 / 项目: sub-words (台州, 福利院) share their word's position.
    tokens = _tokens("台州市社会福利院改造项目")
    assert ("台州市", 0) in tokens and ("台州", 0) in tokens
    assert ("社会福利院", 1) in tokens and ("福利院", 1) in tokens
    assert ("改造", 2) in tokens and ("项目", 3) in tokens


def test_single_digits_are_kept_and_nothing_is_stemmed() -> None:
    words = [w for w, _ in _tokens("托育班2班 services")]
    assert "2" in words and "services" in words


def test_bigrams_cover_words_the_dictionary_misses() -> None:
    assert bigrams("红豆杉颐养苑") == ["红豆", "豆杉", "杉颐", "颐养", "养苑"]
    assert bigrams("peagym英语") == ["peagym", "英语"]


def test_pinyin_forms() -> None:
    assert syllables("丽水市") == ("li", "shui", "shi")
    assert initials("丽水市") == "lss"
    keys = pinyin_keys("丽水市合众养护院项目")
    assert {"lishui", "lishuishi", "lss", "yanghuyuan", "yhy"} <= set(keys)


def test_synonym_groups() -> None:
    synonyms = load_synonyms()
    assert expand("敬老院", synonyms)[0] == "敬老院"
    assert "养老院" in expand("敬老院", synonyms)
    assert set(expand("托儿所", synonyms)) >= {"托育", "托育机构", "托育中心"}
    assert expand("没有同义词", synonyms) == ("没有同义词",)


def test_synonym_line_with_one_word_is_an_error(tmp_path) -> None:
    path = tmp_path / "synonyms.txt"
    path.write_text("养老院/敬老院\n孤词\n", encoding="utf-8")
    with pytest.raises(ValueError, match="synonyms.txt:2"):
        load_synonyms(path)
