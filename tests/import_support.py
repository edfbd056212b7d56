"""Helpers for the import tests: the round-trip measure and small report texts of our own."""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

from drafter.importer import clean_lines, read_source
from drafter.model.report import Report
from drafter.render import render_report
from drafter.text import find_ordinals, parse_heading

def without_numbering(line: str) -> str:
    """`line` without its heading number (一、（一）1.（1）) and its 一是 ordinals, as drafter.text reads them."""
    line = line.strip()
    heading = parse_heading(line)
    if heading is not None:
        line = heading.rest
    for ordinal in reversed(find_ordinals(line)):
        line = line[:ordinal.start] + line[ordinal.end:]
    return line


def comparable(text: str) -> str:
    """`text` without numbering (一、（一）1.（1）, 一是), punctuation, symbols and whitespace."""
    lines = [without_numbering(line) for line in text.splitlines()]
    return "".join(ch for ch in "".join(lines) if unicodedata.category(ch)[0] not in "PSZC")


def source_text(path: Path) -> str:
    """The file's text as read, minus the page furniture the cleaner removed (nothing else changed)."""
    lines = [item if isinstance(item, str) else item.text for item in read_source(path)]
    notes = []
    clean_lines(lines, notes)
    for note in notes:
        if note.removed:
            lines[note.line - 1] = lines[note.line - 1].replace(note.original, "", 1)
    return "\n".join(lines)


def rendered_text(report: Report) -> str:
    return render_report(report, draft=True).plain_text()


def similarity(source: str, rendered: str) -> float:
    """Character-level similarity of the two texts once numbering, punctuation and spaces are gone."""
    return difflib.SequenceMatcher(None, comparable(source), comparable(rendered), autojunk=False).ratio()


#: A complete report of our own, in the layout of a web copy (ASCII punctuation, indents).
REPORT = """\
关于2024年法治政府建设情况的报告
中共示例市委、示例市人民政府:
    2024年,示例县坚持以习近平法治思想为指导,扎实推进法治政府建设。现将有关情况报告如下:
一、党政主要负责人履行推进法治建设第一责任人职责情况
    县委、县政府主要负责同志带头学法,全年专题研究法治工作4次。
二、2024年法治政府建设主要举措和成效
(一)深化放管服改革,转变政府职能
1.精简审批事项。全县取消审批事项12项,压缩办理时限一半以上。
2.优化营商环境。开展涉企收费专项检查,帮助企业解决难题。
(二)严格规范公正文明执法
一是开展案卷评查。抽查行政处罚案卷60卷。二是加强执法监督。全县执法部门全面落实“三项制度”。
(三)化解矛盾纠纷
全年受理行政复议案件23件,办结21件。
三、存在的问题
基层执法力量较为薄弱,部分干部法治意识仍需提升。
四、2025年工作打算
(一)深化示范创建。对照指标补齐短板。
(二)加强执法监督。组织开展专项检查。
特此报告。
中共示例县委 示例县人民政府
2025年1月20日
(此件公开发布)
"""


#: A directive of our own: an 实施意见 with 责任单位 tasks, not a report.
DIRECTIVE = """\
关于进一步推进依法行政的实施意见
各乡（镇）人民政府，县政府各部门：
为推进依法行政，现提出如下意见，请结合实际认真贯彻执行。
一、总体要求
坚持依法行政，全面提升法治政府建设水平。
二、工作任务
（一）规范行政执法。全面落实“三项制度”。〔责任单位：县司法局〕
（二）化解矛盾纠纷。坚持和发展新时代“枫桥经验”。〔责任单位：县信访局〕
示例县人民政府
2024年5月10日
"""
