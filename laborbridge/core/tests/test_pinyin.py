from laborbridge.core.pinyin import is_pinyin_query, name_keys


def test_a_name_has_full_pinyin_and_initials():
    assert name_keys("黄秀英") == ("huangxiuying", "hxy")


def test_surnames_read_as_surnames():
    assert name_keys("覃小梅")[0].startswith("qin")
    assert name_keys("曾志华")[0].startswith("zeng")
    assert name_keys("单丽")[0].startswith("shan")


def test_the_middle_dot_of_a_transliterated_name_is_skipped():
    assert name_keys("阿依古丽·买买提")[1] == "aygl" + "mmt"


def test_only_latin_letters_make_a_pinyin_query():
    assert is_pinyin_query("hx") and is_pinyin_query("HuangXiu")
    assert not is_pinyin_query("黄秀") and not is_pinyin_query("hx1") and not is_pinyin_query("")
