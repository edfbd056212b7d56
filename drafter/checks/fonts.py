"""Font coverage: each Han character outside GB2312, where it is and which font it is set in.

仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体 lack such characters; `drafter render` sets
the style profile's fallback font on just them (`drafter.writers.fonts`). The check lists
each distinct character of each text as a hint, naming the font the text is set in and
the fallback it gets (with the default style profile: `drafter check` has no --style).
The rules themselves are `drafter.writers.fontcover`.
"""

from __future__ import annotations

from drafter.checks.base import CheckContext, Level
from drafter.model.report import iter_meta_texts
from drafter.writers.fontcover import fallback_font, font_for_loc, outside_gb2312

FAMILY = "字体"
RULE = "font-coverage"
RULES = {RULE: "GB2312 以外的字（原字体中没有）"}


def _meta_texts(report):
    yield from iter_meta_texts(report)
    if not report.meta.title:
        yield ("基本信息", "地区"), report.meta.region  # the generated title names the region


def check(ctx: CheckContext) -> None:
    style = None
    for loc, text in [(field.loc, field.text) for field in ctx.texts] + list(_meta_texts(ctx.report)):
        found = outside_gb2312(text)
        if not found:
            continue
        if style is None:
            from drafter.writers.style import load_style  # only when needed: a plain check stays light

            style = load_style()
        font = style.title.font if loc == ("基本信息", "地区") else font_for_loc(ctx.report, loc, style)
        for char in dict.fromkeys(char for _index, char in found):
            fallback = fallback_font(char, font, style)
            code = f"U+{ord(char):04X}"
            if fallback:
                message = (f"“{char}”（{code}）不在 GB2312 字符集内，{font}中没有这个字；"
                           f"生成 Word 时这个字改用“{fallback}”（版式配置“后备字体”），请在打印稿上核对字形")
            else:
                message = f"“{char}”（{code}）不在 GB2312 字符集内，按{font}排版；请在打印稿上核对字形"
            ctx.add(Level.HINT, RULE, message, loc)
