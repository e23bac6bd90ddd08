"""Look-alike keys and hidden characters (core.text)."""
import pytest

from zhaoshang.core.text import hidden_character_problem, normalize_code


@pytest.mark.parametrize("typed", [
    "LZ2021-001", " LZ2021-001 ", "ＬＺ２０２１－００１", "LZ2021\u200b-001", "\ufeffLZ2021-001",
    "LZ2021-001\u200d", "\u202eLZ2021-001", "LZ2021-001\t", "\u3000LZ2021-001\u3000", "LZ2021\x07-001",
])
def test_look_alike_codes_are_one_code(typed):
    assert normalize_code(typed) == "LZ2021-001"


def test_a_code_in_chinese_keeps_its_characters():
    assert normalize_code("鹿寨（二期）") == "鹿寨(二期)"


@pytest.mark.parametrize("text", ["年产10万立方米板材", "第一行\n第二行", "甲\t乙", "全角\u3000空格", ""])
def test_ordinary_text_has_no_problem(text):
    assert hidden_character_problem(text) == ""


@pytest.mark.parametrize("text, reason", [
    ("ab\u202ecd", "第3个字符是看不见的文字方向控制符，请删除后重新填写"),
    ("\u2066甲", "第1个字符是看不见的文字方向控制符，请删除后重新填写"),
    ("甲\x00乙", "第2个字符是看不见的控制字符，请删除后重新填写"),
    ("甲乙\x1b", "第3个字符是看不见的控制字符，请删除后重新填写"),
])
def test_control_and_bidi_characters_are_refused_with_their_place(text, reason):
    assert hidden_character_problem(text) == reason
