"""Formatting numbers for a report: counts, Decimal rounding (四舍五入, 截断, 四舍六入五成双),
万元 and 同比 phrases. Arithmetic uses `Decimal` built from the decimal text of a number,
never binary floats, so 2.675 rounds to 2.68 as a person would expect."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from drafter.text.numerals import check_int
from drafter.text.punctuation import fullwidth_digits_to_ascii


#: Rounding modes by name; the one table of them.
ROUNDINGS = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "half_even": ROUND_HALF_EVEN}
#: The Chinese names a style profile's 舍入方式 takes → the rounding's name.
ROUNDING_NAMES = {"四舍五入": "half_up", "截断": "down", "四舍六入五成双": "half_even"}
#: Most decimals a number may be printed with (the `小数` filter, a style profile's 小数位数).
MAX_PLACES = 6
_DIVISION_PRECISION = 50


@dataclass(frozen=True)
class NumberFormat:
    """How decimals and rates print: `places` decimals, rounded by `rounding`
    (half_up = 四舍五入, down = 截断, half_even = 四舍六入五成双); trailing zeros dropped."""

    places: int = 2
    rounding: str = "half_up"

    def __post_init__(self) -> None:
        if isinstance(self.places, bool) or not isinstance(self.places, int) or not 0 <= self.places <= MAX_PLACES:
            raise ValueError(f"小数位数应为 0 到 {MAX_PLACES} 的整数，实为 {self.places!r}")
        if self.rounding not in ROUNDINGS:
            raise ValueError(f"舍入方式应为 {'、'.join(ROUNDINGS)} 之一，实为 {self.rounding!r}")

Number = int | float | Decimal | str


def _to_decimal(value: Number) -> Decimal:
    """Exact Decimal of a number; floats go through their shortest repr (2.675)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise TypeError(f"需要数字，收到 {value!r}")
    try:
        if isinstance(value, float):
            result = Decimal(repr(value))
        elif isinstance(value, str):
            result = Decimal(fullwidth_digits_to_ascii(value).strip())
        else:
            result = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"不是有效的数字：{value!r}") from None
    if not result.is_finite():
        raise ValueError(f"不是有限的数字：{value!r}")
    return result


def _plain(d: Decimal) -> str:
    """Decimal as plain digits, no exponent, no trailing fractional zeros."""
    if d == 0:
        return "0"
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _rounding_mode(rounding: str) -> str:
    try:
        return ROUNDINGS[rounding]
    except KeyError:
        raise ValueError(f"未知的舍入方式：{rounding!r}（可选：{'、'.join(ROUNDINGS)}）") from None


def _round(d: Decimal, places: int, rounding: str) -> Decimal:
    check_int(places)
    if places < 0:
        raise ValueError(f"小数位数不能为负数，收到 {places}")
    mode = _rounding_mode(rounding)
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + places + 2)
        return d.quantize(Decimal(1).scaleb(-places), rounding=mode)


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _DIVISION_PRECISION
        return numerator / denominator


def format_count(value: Number) -> str:
    """A count in Arabic numerals without thousands separators: 26176.
    Integral floats and Decimals print as integers."""
    return _plain(_to_decimal(value))


def format_decimal(value: Number, places: int = 2, rounding: str = "half_up") -> str:
    """Round to `places` decimals (half_up = 四舍五入, down = 截断, half_even) and
    drop trailing zeros: 66.666… → "66.67", 12.50 → "12.5", 100.00 → "100"."""
    return _plain(_round(_to_decimal(value), places, rounding))


def format_wan(yuan: Number, places: int = 2, rounding: str = "half_up") -> str:
    """An amount in 元 expressed in 万元: 3525000 → "352.5"."""
    return format_decimal(_to_decimal(yuan).scaleb(-4), places, rounding)


def yoy_phrase(
    this: Number | None,
    last: Number | None,
    places: int = 2,
    rounding: str = "half_up",
) -> str:
    """同比 phrase: "同比增长12.5%", "同比下降28.61%" or "与上年持平" (also when the
    change rounds to 0). With last year 0 the change has no percentage:
    "上年为0，本年为5". The change is measured against |last|."""
    if this is None:
        raise ValueError("缺少本年数据，无法计算同比")
    if last is None:
        raise ValueError("缺少上年数据，无法计算同比")
    current, previous = _to_decimal(this), _to_decimal(last)
    if previous == 0:
        return "与上年持平" if current == 0 else f"上年为0，本年为{format_count(current)}"
    change = _divide((current - previous) * 100, abs(previous))
    magnitude = _round(abs(change), places, rounding)
    if magnitude == 0:
        return "与上年持平"
    verb = "增长" if change > 0 else "下降"
    return f"同比{verb}{_plain(magnitude)}%"
