"""Chinese numerals: 一百零一 from 101 and back, with 两, 〇/零/○ and digit-by-digit years (二〇二五)."""

from __future__ import annotations

from drafter.text.chars import LazyPattern

_CN_DIGITS = "零一二三四五六七八九"
#: Digit-by-digit years are typed with 〇, 零, or look-alikes of it (○ U+25CB, Ｏ, O).
YEAR_ZEROS = "〇零○ＯO"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate(_CN_DIGITS)} | {zero: 0 for zero in YEAR_ZEROS}
_CN_NONZERO = "[一二两三四五六七八九]"
_CN_ZERO = "[零〇]"
_CN_POSITIONAL_RE = LazyPattern(
    rf"(?:(?P<k>{_CN_NONZERO})千)?"
    rf"(?:{_CN_ZERO}?(?P<h>{_CN_NONZERO})百)?"
    rf"(?:{_CN_ZERO}?(?P<t>{_CN_NONZERO})?(?P<ten>十))?"
    rf"(?:{_CN_ZERO}?(?P<o>{_CN_NONZERO}))?"
)
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"


def check_int(n: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"需要整数，收到 {n!r}")


def cn_numeral(n: int) -> str:
    """Chinese numeral for 1..9999: 10→十, 11→十一, 101→一百零一, 110→一百一十."""
    check_int(n)
    if not 1 <= n <= 9999:
        raise ValueError(f"中文数字只支持 1 到 9999，收到 {n}")
    parts: list[str] = []
    pending_zero = False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            pending_zero = pending_zero or bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_CN_DIGITS[digit] + unit)
    text = "".join(parts)
    return text[1:] if 10 <= n <= 19 else text


def cn_digits(n: int) -> str:
    """A number digit by digit, zero as 〇, the way years are written: 2025 → 二〇二五."""
    check_int(n)
    if n < 0:
        raise ValueError(f"需要非负整数，收到 {n}")
    return "".join("〇" if d == "0" else _CN_DIGITS[int(d)] for d in str(n))


def _cn_value(ch: str) -> int:
    return 2 if ch == "两" else _CN_DIGIT_VALUE[ch]


def parse_positional(s: str) -> int | None:
    """Value of a place-value numeral (一千零一十, 两百, 十二), or None."""
    m = _CN_POSITIONAL_RE.fullmatch(s)
    if not s or not m:
        return None
    k, h, t, ten, o = m.group("k", "h", "t", "ten", "o")
    value = sum(_cn_value(d) * place for d, place in ((k, 1000), (h, 100), (o, 1)) if d)
    if ten:
        value += (_cn_value(t) if t else 1) * 10
    return value


def parse_cn_numeral(s: str) -> int:
    """Inverse of `cn_numeral`; also reads 两 (两百), 〇 (一百〇一) and digit-by-digit
    forms used for years (二〇二五, 二○二五 → 2025). Raises ValueError otherwise."""
    text = s.strip()
    value = parse_positional(text)
    if value is None and text and all(c in _CN_DIGIT_VALUE for c in text):
        value = int("".join(str(_CN_DIGIT_VALUE[c]) for c in text))
    if value is None:
        raise ValueError(f"无法识别的中文数字：{s!r}")
    return value
