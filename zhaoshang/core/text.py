"""Text as people type or paste it: keys matched by what they look like, hidden characters refused.

A code copied from a WeChat message or a PDF may carry full-width letters (ＬＺ２０２１－００１) or a
zero-width space; it must find the same project. A name with a right-to-left override displays
other than it reads; it is refused with the reason.
"""
import unicodedata

# Characters that change the direction text is shown in, without being seen themselves.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters a multi-line text may hold (a cell's Alt+Enter, a textarea's line).
ALLOWED_CONTROLS = frozenset("\t\n\r")


def normalize_code(text):
    """A key as it looks: NFKC (full-width to half-width), without control and format characters
    (zero-width spaces, bidi marks), trimmed."""
    if text.isascii() and text.isprintable():  # nearly every code: nothing to do but trim
        return text.strip()
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf")).strip()


def hidden_character_problem(text):
    """Why `text` cannot be kept as it is ("" if it can): a control character other than a tab or
    a line break, or a bidi control, each invisible on the page."""
    if text.isprintable():
        return ""
    for position, ch in enumerate(text, start=1):
        if ch in BIDI_CONTROLS:
            return f"第{position}个字符是看不见的文字方向控制符，请删除后重新填写"
        if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS:
            return f"第{position}个字符是看不见的控制字符，请删除后重新填写"
    return ""
