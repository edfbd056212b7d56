"""Before publication (`drafter check --public`, and every `drafter render --public`).

Reports are made public on the government website (督察工作规定 art. 24) except what is
secret. This family reads only the text that the public copy would contain (whatever is
marked 不公开, and 不涉及 sections, is skipped; placeholders are masked) and finds:
- 密级 marks and restricted wording (绝密, 机密, 秘密, 内部资料, 不宜公开, 内部使用 …): error;
- 18-digit 居民身份证号码 with a valid check digit: error (without one: warning);
- mobile numbers: error; landline numbers and e-mail addresses: warning;
- bank card numbers (16–19 digits passing the Luhn check): error;
- a custom figure marked 不公开 referred to by published text: error;
- personal names before 同志 or after 干部/职工 … (a common surname and one or two more
  characters): hint, to confirm publishing them is intended.
An error stops `drafter render --public`; rewording or marking the block 不公开 clears it.
"""

from __future__ import annotations

import re
from typing import Iterator

from drafter.checks.base import CheckContext, Level
from drafter.checks.texts import MASK
from drafter.model.report import MarkedParagraph, Report, iter_meta_texts
from drafter.form.load import Loc

FAMILY = "公开"
RULES = {
    "public-secret": "密级和不宜公开的字样",
    "public-id-number": "身份证号码",
    "public-phone": "电话号码",
    "public-email": "电子邮箱",
    "public-bank-card": "银行卡号",
    "public-private-figure": "引用了不公开的数据",
    "public-name": "人名（请确认可以公开）",
}

#: 密级 and words saying the text is not for the public. 秘密 inside a law's name
#: (保守国家秘密法) and words inside 《》 titles are not marks.
SECRET_WORDS = ("绝密", "机密", "秘密", "内部资料", "内部使用", "内部文件", "内部材料", "不宜公开", "不得公开",
                "不予外传", "严禁外传", "注意保密")
_SECRET_RE = re.compile("|".join(SECRET_WORDS))
_SECRET_EXEMPT = re.compile(r"《[^》]*》|保守国家秘密|国家秘密法|商业秘密|个人隐私和商业秘密")

_ID_RE = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
                    r"[0-9]{3}[0-9Xx](?![0-9Xx])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
_LANDLINE_RE = re.compile(r"(?<![0-9])(?:[（(]0[0-9]{2,3}[)）]|0[0-9]{2,3}[-－—])[0-9]{7,8}(?![0-9])")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_CARD_RE = re.compile(r"(?<![0-9])[1-9][0-9]{3}(?:[ -]?[0-9]{4}){2}[ -]?[0-9]{4,7}(?![0-9])")

#: Common single-character surnames: a name candidate must start with one.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
               "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
#: Words that end like a name before 同志 but are not one (主要负责同志, 全体党员同志 …).
NOT_NAMES = ("负责", "领导", "同事", "党员", "干部", "职工", "群众", "代表", "委员", "人员", "老", "主要", "分管", "有关",
             "相关", "广大", "全体", "各位", "基层", "年轻", "女", "青年", "优秀", "先进", "一线", "新任", "离退休",
             "退休", "业务", "执法", "工作", "法治", "县", "市", "区", "镇", "乡", "局", "委", "办", "部", "长")
_NAME_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,3})同志")
_NAME_AFTER = re.compile(r"(?:干部|职工|工作人员|执法人员|科员|科长|主任|局长|书记)([\u4e00-\u9fff]{2,3})(?=[，。、；：）\s（]|同志|$)")


def id_checksum_ok(number: str) -> bool:
    """Whether an 18-character 居民身份证号码 has the right check character (GB 11643)."""
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    """The Luhn check bank card numbers carry."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _private_prefixes(report: Report) -> set[Loc]:
    """Form locations whose whole subtree stays out of the public copy."""
    out: set[Loc] = set()

    def text(value, loc: Loc) -> None:
        if isinstance(value, list):
            out.update((*loc, i) for i, p in enumerate(value) if isinstance(p, MarkedParagraph) and p.private)

    text(report.intro, ("导语",))
    for key, part in report.parts():
        base: Loc = (key.value,)
        text(part.text, (*base, "内容"))
        for si, section in enumerate(part.sections):
            sloc = (*base, "章节", si)
            if section.private or section.not_applicable:
                out.add(sloc)
            text(section.text, (*sloc, "内容"))
            for ii, item in enumerate(section.items):
                iloc = (*sloc, "条目", ii)
                if item.private:
                    out.add(iloc)
                text(item.text, (*iloc, "内容"))
                for ci, child in enumerate(item.children):
                    cloc = (*iloc, "子项", ci)
                    if child.private:
                        out.add(cloc)
                    text(child.text, (*cloc, "内容"))
    return out


def is_published(loc: Loc, private: set[Loc]) -> bool:
    return not any(tuple(loc[:n]) in private for n in range(1, len(loc) + 1))


def published_texts(ctx: CheckContext) -> Iterator[tuple[Loc, str]]:
    """(location, text with placeholders masked) of everything the public copy prints."""
    report = ctx.report
    private = _private_prefixes(report)
    for field in ctx.texts:
        if field.part == "上年计划落实" or not is_published(field.loc, private):
            continue
        yield field.loc, field.masked
    yield from iter_meta_texts(report)


def _secret_hits(text: str) -> Iterator[re.Match[str]]:
    exempt = [m.span() for m in _SECRET_EXEMPT.finditer(text)]
    for match in _SECRET_RE.finditer(text):
        if not any(a <= match.start() < b for a, b in exempt):
            yield match


def _context(text: str, start: int, end: int) -> str:
    left = max(0, start - 8)
    return (("…" if left else "") + text[left:end + 8] + ("…" if end + 8 < len(text) else "")).replace(MASK, "□")


def _names(text: str) -> Iterator[str]:
    for match in _NAME_BEFORE.finditer(text):
        candidate = match.group(1)
        # the name is the last 2 or 3 characters starting with a surname
        for size in (3, 2):
            name = candidate[-size:]
            if len(name) == size and name[0] in SURNAMES and not any(name.endswith(w) or w in name for w in NOT_NAMES):
                yield name
                break
    for match in _NAME_AFTER.finditer(text):
        name = match.group(1)
        if name[0] in SURNAMES and not any(w in name for w in NOT_NAMES):
            yield name


def check(ctx: CheckContext) -> None:
    if not ctx.options.public:
        return
    private_figures = {c.name for c in ctx.report.figures.custom if c.private}
    private = _private_prefixes(ctx.report)
    for loc, refs in ctx.placeholders:
        if not isinstance(refs, list) or not is_published(loc, private):
            continue
        for ref in refs:
            if ref.group == "自定义" and ref.name in private_figures:
                ctx.add(Level.ERROR, "public-private-figure",
                        f"引用了标为不公开的数据“自定义.{ref.name}”，公开版不能含这段：把这段标为不公开，或改写", loc)
    for loc, text in published_texts(ctx):
        _scan(ctx, loc, text)


def _scan(ctx: CheckContext, loc: Loc, text: str) -> None:
    advice = "；公开前请删除或改写，或把这一段（章节、条目）标为 不公开: true"
    for match in _secret_hits(text):
        ctx.add(Level.ERROR, "public-secret",
                f"有“{match.group()}”字样（{_context(text, *match.span())}），不能公开发布{advice}", loc)
    taken: list[tuple[int, int]] = []
    for match in _ID_RE.finditer(text):
        taken.append(match.span())
        if id_checksum_ok(match.group()):
            ctx.add(Level.ERROR, "public-id-number", f"有身份证号码“{match.group()}”{advice}", loc)
        else:
            ctx.add(Level.WARNING, "public-id-number",
                    f"“{match.group()}”像是身份证号码（校验码不符），请确认{advice}", loc)
    for match in _CARD_RE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if _overlaps(match.span(), taken) or not 16 <= len(digits) <= 19 or not luhn_ok(digits):
            continue
        taken.append(match.span())
        ctx.add(Level.ERROR, "public-bank-card", f"有银行卡号“{match.group()}”{advice}", loc)
    for match in _MOBILE_RE.finditer(text):
        if not _overlaps(match.span(), taken):
            taken.append(match.span())
            ctx.add(Level.ERROR, "public-phone", f"有手机号码“{match.group()}”{advice}", loc)
    for match in _LANDLINE_RE.finditer(text):
        if not _overlaps(match.span(), taken):
            ctx.add(Level.WARNING, "public-phone",
                    f"有固定电话号码“{match.group()}”，如不是对外公布的服务电话{advice}", loc)
    for match in _EMAIL_RE.finditer(text):
        ctx.add(Level.WARNING, "public-email",
                f"有电子邮箱“{match.group()}”，如不是对外公布的邮箱{advice}", loc)
    for name in dict.fromkeys(_names(text)):
        ctx.add(Level.HINT, "public-name", f"“{name}”可能是人名，请确认公开版中可以出现", loc)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)
