"""The style profile: every layout number the writers use, loaded from a YAML file.

`templates/styles/gbt9704.yaml` spells out the GB/T 9704-2012 defaults with Chinese keys
and comments, so an office can adjust fonts, sizes, margins and spacing without code.
This module owns the pydantic model of that file (English attribute names, the Chinese
keys as aliases), the parsing of Chinese font sizes (三号, 小四 …), colours and yes/no
values, and the Chinese error messages that name the offending key.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from drafter import cache
from drafter.errors import DrafterError
from drafter.form.messages import explain
from drafter.limits import quoted
from drafter.model.defaults import made_by
from drafter.form.unsafe_chars import UNSAFE, char_name
from drafter.paths import DEFAULT_STYLE
from drafter.text import MAX_PLACES, ROUNDING_NAMES, NumberFormat

if TYPE_CHECKING:
    from drafter.form.plain import Positions

# --- value parsers -----------------------------------------------------------------------

#: Traditional Chinese type sizes in points (初号 … 八号, 小初 … 小六).
FONT_SIZE_NAMES: dict[str, float] = {
    "初号": 42, "小初": 36,
    "一号": 26, "小一": 24,
    "二号": 22, "小二": 18,
    "三号": 16, "小三": 15,
    "四号": 14, "小四": 12,
    "五号": 10.5, "小五": 9,
    "六号": 7.5, "小六": 6.5,
    "七号": 5.5,
    "八号": 5,
}

_SIZE_DIGITS = {"0": "初", "1": "一", "2": "二", "3": "三", "4": "四",
                "5": "五", "6": "六", "7": "七", "8": "八"}
_SIZE_NAME_RE = re.compile(r"^(小)?([初一二三四五六七八0-8])号?$")
_SIZE_POINTS_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:磅|pt|PT|Pt)?$")


def parse_font_size(value: Any) -> Any:
    """Points from a number, "16磅"/"16pt", or a Chinese size name ("三号", "3号", "小四")."""
    if isinstance(value, bool):
        raise ValueError("字号应为磅值（如 16）或中文字号（如 三号、小四）")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return value
    text = value.strip()
    points = _SIZE_POINTS_RE.match(text)
    if points:
        return float(points.group(1))
    name = _SIZE_NAME_RE.match(text)
    if name:
        small, base = name.group(1), _SIZE_DIGITS.get(name.group(2), name.group(2))
        key = f"小{base}" if small else f"{base}号"
        if key in FONT_SIZE_NAMES:
            return float(FONT_SIZE_NAMES[key])
    raise ValueError(f"无法识别的字号「{value}」：请写磅值（如 16）或中文字号（如 三号、小四）")


def font_size_name(points: float) -> str:
    """The Chinese name of a size if it has one ("三号"), else the points ("13磅")."""
    for name, size in FONT_SIZE_NAMES.items():
        if size == points:
            return name
    return f"{points:g}磅"


_COLOR_RE = re.compile(r"^#?([0-9A-Fa-f]{6})$")


def _parse_color(value: Any) -> Any:
    if isinstance(value, str):
        match = _COLOR_RE.match(value.strip())
        if match:
            return match.group(1).upper()
    raise ValueError(f"颜色「{value}」无效：请写带引号的六位十六进制色值，如 \"FF0000\"")


_YES = {"是", "要", "true", "yes", "y", "1"}
_NO = {"否", "不", "不要", "false", "no", "n", "0"}


def _parse_yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
    raise ValueError(f"「{value}」不是有效的开关值：请写 是 或 否")


#: Word highlight colours: Chinese names as in Word's zh-CN menu → WordprocessingML values.
HIGHLIGHT_COLORS: dict[str, str] = {
    "黄色": "yellow", "鲜绿": "green", "青绿": "cyan", "粉红": "magenta",
    "蓝色": "blue", "红色": "red", "深蓝": "darkBlue", "青色": "darkCyan",
    "绿色": "darkGreen", "紫罗兰": "darkMagenta", "深红": "darkRed",
    "深黄": "darkYellow", "灰色-50%": "darkGray", "灰色-25%": "lightGray", "黑色": "black",
}


def _parse_highlight(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if text in HIGHLIGHT_COLORS:
            return HIGHLIGHT_COLORS[text]
        if text in HIGHLIGHT_COLORS.values():
            return text
    raise ValueError(f"高亮颜色「{value}」无效，可选：{'、'.join(HIGHLIGHT_COLORS)}")


def _parse_rounding(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in ROUNDING_NAMES:
        return value.strip()
    raise ValueError(f"舍入方式「{value}」无效，可选：{'、'.join(ROUNDING_NAMES)}")


def _parse_page_number_format(value: Any) -> Any:
    if isinstance(value, str) and value.count("{页码}") == 1:
        return value
    raise ValueError("页码格式必须恰好包含一个 {页码}，如 \"— {页码} —\"")


FontSize = Annotated[float, BeforeValidator(parse_font_size), Field(gt=0, le=200)]
Color = Annotated[str, BeforeValidator(_parse_color)]
YesNo = Annotated[bool, BeforeValidator(_parse_yes_no)]
def _printable(value: str) -> str:
    """Font names and the comment author go into the .docx XML, which cannot hold control characters."""
    found = UNSAFE.findall(value)
    if found:
        names = "、".join(dict.fromkeys(char_name(c) for c in found))
        raise ValueError(f"含有不可见的字符 {names}，Word 文档不能容纳，请删除")
    return value


FontName = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_printable)]
Millimetres = Annotated[float, Field(gt=0, le=2000)]
Chars = Annotated[float, Field(ge=0, le=40)]
Lines = Annotated[int, Field(ge=0, le=20)]


# --- the model ---------------------------------------------------------------------------


class _Section(BaseModel):
    # Built on first validation only: a profile read from the cache folder needs no validator.
    model_config = ConfigDict(
        extra="forbid", validate_by_name=True, validate_by_alias=True, frozen=True,
        str_strip_whitespace=True, defer_build=True,
    )


class Paper(_Section):
    width: Millimetres = Field(210, alias="宽")
    height: Millimetres = Field(297, alias="高")


class Margins(_Section):
    top: Millimetres = Field(37, alias="上")
    bottom: Millimetres = Field(35, alias="下")
    left: Millimetres = Field(28, alias="左")
    right: Millimetres = Field(26, alias="右")


class Grid(_Section):
    lines_per_page: int = Field(22, alias="每页行数", ge=1, le=80)
    chars_per_line: int = Field(28, alias="每行字数", ge=1, le=80)


class TextStyle(_Section):
    font: FontName = Field("仿宋_GB2312", alias="字体")
    size: FontSize = Field(16, alias="字号")


class TitleStyle(TextStyle):
    font: FontName = Field("方正小标宋简体", alias="字体")
    size: FontSize = Field(22, alias="字号")
    space_after_lines: Lines = Field(1, alias="下空行数")
    space_before_lines_after_masthead: Lines = Field(2, alias="有版头时上空行数")


class BodyStyle(TextStyle):
    first_line_indent_chars: Chars = Field(2, alias="首行缩进字数")
    orphan_condense_pt: Annotated[float, Field(ge=0, le=2)] = Field(0.5, alias="孤字最大紧缩")


class HeadingStyle(TextStyle):
    bold: YesNo = Field(False, alias="加粗")
    run_in_bold: YesNo = Field(False, alias="段中标题加粗")


class ClosingStyle(_Section):
    space_before_lines: Lines = Field(1, alias="上空行数")
    right_indent_chars: Chars = Field(2, alias="右空字数")
    date_shift_chars: Chars = Field(2, alias="日期首字右移字数")


class NoteStyle(_Section):
    indent_chars: Chars = Field(2, alias="左空字数")


class AttachmentStyle(_Section):
    space_before_lines: Lines = Field(1, alias="上空行数")
    indent_chars: Chars = Field(2, alias="左空字数")


class PageNumberStyle(TextStyle):
    font: FontName = Field("宋体", alias="字体")
    size: FontSize = Field(14, alias="字号")
    format: Annotated[str, BeforeValidator(_parse_page_number_format)] = Field(
        "— {页码} —", alias="格式")
    indent_chars: Chars = Field(1, alias="空字数")
    distance_mm: Annotated[float, Field(ge=0, le=100)] = Field(7, alias="距版心下边缘")


class DocMarkStyle(TextStyle):
    font: FontName = Field("方正小标宋简体", alias="字体")
    size: FontSize = Field(36, alias="字号")
    color: Color = Field("FF0000", alias="颜色")
    top_mm: Annotated[float, Field(ge=0, le=200)] = Field(35, alias="上边缘距版心")


class DocNumberStyle(TextStyle):
    space_before_lines: Lines = Field(2, alias="上空行数")


class RuleStyle(_Section):
    color: Color = Field("FF0000", alias="颜色")
    width_pt: Annotated[float, Field(gt=0, le=6)] = Field(1.5, alias="粗细")
    gap_mm: Annotated[float, Field(ge=0, le=10)] = Field(4, alias="距发文字号")


class MastheadStyle(_Section):
    mark: DocMarkStyle = Field(default_factory=made_by(DocMarkStyle), alias="发文机关标志")
    number: DocNumberStyle = Field(default_factory=made_by(DocNumberStyle), alias="发文字号")
    rule: RuleStyle = Field(default_factory=made_by(RuleStyle), alias="分隔线")


class TableStyle(TextStyle):
    size: FontSize = Field(14, alias="字号")
    header_bold: YesNo = Field(True, alias="表头加粗")


class MissingStyle(_Section):
    highlight: Annotated[str, BeforeValidator(_parse_highlight)] = Field(
        "yellow", alias="高亮颜色")


class NumberStyle(_Section):
    places: Annotated[int, Field(ge=0, le=MAX_PLACES)] = Field(2, alias="小数位数")
    rounding: Annotated[str, BeforeValidator(_parse_rounding)] = Field("四舍五入", alias="舍入方式")

    def format(self) -> NumberFormat:
        """The number format the renderer takes."""
        return NumberFormat(self.places, ROUNDING_NAMES[self.rounding])


class CommentStyle(_Section):
    author: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_printable)] = Field(
        "起草助手", alias="署名")


class FallbackStyle(_Section):
    """Fonts for the characters a GB2312 font lacks (see drafter.writers.fonts)."""

    fonts: dict[FontName, FontName] = Field(
        default_factory=lambda: {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"},
        alias="字体对应")
    ext_a: FontName = Field("宋体", alias="扩展A区")
    ext_b: FontName = Field("SimSun-ExtB", alias="扩展B区")


class PublicStyle(_Section):
    """The public web copy (drafter render --public)."""

    addressee: YesNo = Field(True, alias="保留主送机关")


class StyleProfile(_Section):
    """All layout settings; every default is the GB/T 9704-2012 value."""

    paper: Paper = Field(default_factory=made_by(Paper), alias="纸张")
    margins: Margins = Field(default_factory=made_by(Margins), alias="页边距")
    grid: Grid = Field(default_factory=made_by(Grid), alias="版心")
    latin_font: FontName = Field("Times New Roman", alias="西文字体")
    title: TitleStyle = Field(default_factory=made_by(TitleStyle), alias="标题")
    addressee: TextStyle = Field(default_factory=made_by(TextStyle), alias="主送机关")
    body: BodyStyle = Field(default_factory=made_by(BodyStyle), alias="正文")
    heading1: HeadingStyle = Field(
        default_factory=made_by(HeadingStyle, font="黑体"), alias="一级标题")
    heading2: HeadingStyle = Field(
        default_factory=made_by(HeadingStyle, font="楷体_GB2312"), alias="二级标题")
    heading3: HeadingStyle = Field(
        default_factory=made_by(HeadingStyle, font="仿宋_GB2312", run_in_bold=True),
        alias="三级标题")
    heading4: HeadingStyle = Field(
        default_factory=made_by(HeadingStyle, font="仿宋_GB2312"), alias="四级标题")
    closing: ClosingStyle = Field(default_factory=made_by(ClosingStyle), alias="落款")
    attachment: AttachmentStyle = Field(default_factory=made_by(AttachmentStyle), alias="附件说明")
    note: NoteStyle = Field(default_factory=made_by(NoteStyle), alias="附注")
    page_number: PageNumberStyle = Field(default_factory=made_by(PageNumberStyle), alias="页码")
    masthead: MastheadStyle = Field(default_factory=made_by(MastheadStyle), alias="版头")
    table: TableStyle = Field(default_factory=made_by(TableStyle), alias="表格")
    missing: MissingStyle = Field(default_factory=made_by(MissingStyle), alias="待填标记")
    comments: CommentStyle = Field(default_factory=made_by(CommentStyle), alias="批注")
    numbers: NumberStyle = Field(default_factory=made_by(NumberStyle), alias="数字")
    fallback: FallbackStyle = Field(default_factory=made_by(FallbackStyle), alias="后备字体")
    public: PublicStyle = Field(default_factory=made_by(PublicStyle), alias="公开版")

    def heading(self, level: int) -> HeadingStyle:
        """The style of heading level 1–4."""
        return (self.heading1, self.heading2, self.heading3, self.heading4)[level - 1]

    @model_validator(mode="after")
    def _text_area_fits(self) -> StyleProfile:
        if self.margins.left + self.margins.right >= self.paper.width:
            raise ValueError("页边距：左、右页边距之和必须小于纸张宽度")
        if self.margins.top + self.margins.bottom >= self.paper.height:
            raise ValueError("页边距：上、下页边距之和必须小于纸张高度")
        width_pt = (self.paper.width - self.margins.left - self.margins.right) / 25.4 * 72
        if width_pt / self.grid.chars_per_line < self.body.size / 2:
            raise ValueError(
                f"版心.每行字数：{self.grid.chars_per_line} 字排不下"
                f"（正文字号 {font_size_name(self.body.size)}），请减少字数或缩小字号")
        height_pt = (self.paper.height - self.margins.top - self.margins.bottom) / 25.4 * 72
        if height_pt / self.grid.lines_per_page < self.body.size:
            raise ValueError(
                f"版心.每页行数：{self.grid.lines_per_page} 行排不下"
                f"（正文字号 {font_size_name(self.body.size)}），请减少行数或缩小字号")
        return self


# --- loading and Chinese error messages --------------------------------------------------


class StyleError(ValueError):
    """A style profile that cannot be read or is invalid; `messages` are Chinese, one per problem."""

    def __init__(self, source: str, messages: list[str]):
        self.source = source
        self.messages = messages
        super().__init__(f"样式配置「{source}」有误：\n" + "\n".join(f"  - {m}" for m in messages))


def _describe(error: dict[str, Any]) -> str:
    """One validation error as "键路径：说明" (the translator is drafter.form.messages, shared with forms)."""
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "value_error":   # our own validators' messages, which may name the key already
        text = str(error["ctx"]["error"])
        return f"{where}：{text}" if where and not text.startswith(where) else text
    if error["type"] == "bool_type":     # a switch is written 是 or 否 here (a form's are true/false)
        return f"{where}：应为 是 或 否（当前值：{quoted(error.get('input'))}）"
    message = explain(error, StyleProfile)
    if error["type"] != "missing" and "实为" not in message:   # the file has no columns to point at: show the value
        message += f"（当前值：{quoted(error.get('input'))}）"
    return f"{where}：{message}"


def _read_text(path: Path) -> str:
    """The style file's text through the bounded reader."""
    from drafter.form.files import read_text

    if not path.exists() and not path.is_symlink():
        raise StyleError(str(path), ["找不到样式配置文件"])
    try:
        return read_text(path, what="版式配置")[0]
    except DrafterError as exc:
        raise StyleError(str(path), [exc.message]) from None


def _read_yaml(text: str, path: Path) -> tuple[Any, Any]:
    """(positions, plain data) of the style file, read by the form's YAML rules
    (`drafter.form.load.read_values`: no anchors or aliases, depth and number limits)."""
    from drafter.form.load import read_values
    from drafter.form.plain import Positions

    try:
        return Positions(text), read_values(text, str(path))
    except DrafterError as exc:
        if exc.line is None:
            raise StyleError(str(path), [exc.message]) from None
        where = f"第 {exc.line} 行"
        syntax = exc.message.removeprefix("YAML 格式错误：")
        message = f"{where}有 YAML 语法错误：{syntax}" if syntax != exc.message else f"{where}：{exc.message}"
        raise StyleError(str(path), [message]) from None


def profile_from_data(data: Any, source: str = "样式配置", positions: Positions | None = None) -> StyleProfile:
    """Validate already-parsed YAML data; raises `StyleError` with Chinese messages (each
    starting with its line when the `positions` of the text the data came from are given)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise StyleError(source, ["顶层应为一组配置项（每行“键: 值”）"])
    try:
        return StyleProfile.model_validate(data)
    except ValidationError as exc:
        raise StyleError(source, [_at_line(positions, e) + _describe(e) for e in exc.errors()]) from None


def _at_line(positions: Positions | None, error: dict[str, Any]) -> str:
    if positions is None:
        return ""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        line, _ = positions.key_location(loc)
    else:
        line, _ = positions.locate(loc[:-1] if error["type"] == "missing" else loc, at_key=error["type"] == "missing")
    return f"第 {line} 行："


def load_style(path: str | Path | None = None) -> StyleProfile:
    """Load and validate a style profile; keys left out keep their GB/T 9704 defaults.

    A profile once validated is kept in drafter's cache folder, keyed by the file's bytes
    and this module's code, so a later process reads it without parsing and validating
    again (and without building the models' validators)."""
    path = Path(path) if path is not None else DEFAULT_STYLE
    text = _read_text(path)
    entry = cache.entry_path("style", cache.digest(text, _SOURCE), ".pickle")
    profile = _cached_profile(entry)
    if profile is None:
        positions, data = _read_yaml(text, path)
        profile = profile_from_data(data, str(path), positions)
        cache.write_checked(entry, pickle.dumps(profile, protocol=pickle.HIGHEST_PROTOCOL))
    return profile


_SOURCE = cache.source_digest(__file__)


def _cached_profile(entry: Path) -> StyleProfile | None:
    payload = cache.read_checked(entry)
    if payload is None:
        return None
    try:
        profile = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - an entry that does not unpickle is a miss
        return None
    return profile if isinstance(profile, StyleProfile) else None


def profile_digest(style: StyleProfile) -> str:
    """A digest of every setting of `style` (for cache keys; needs no serializer)."""
    return cache.digest(repr(style))
