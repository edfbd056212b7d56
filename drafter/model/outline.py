"""The two national outlines (法治政府建设实施纲要) and their task areas.

主要举措和成效 sections are keyed by these areas. Keys shared by both outlines are the
counterparts used when a report crosses from one outline to the other (rollover
2020 → 2021); an area with no counterpart becomes a custom section there.
"""

from __future__ import annotations

from enum import Enum


class Outline(str, Enum):
    V2015 = "2015-2020"
    V2021 = "2021-2025"


#: area key → standard title, per outline, in the order of the outline itself.
AREAS: dict[Outline, dict[str, str]] = {
    Outline.V2015: {
        "政府职能": "依法全面履行政府职能",
        "依法行政制度": "完善依法行政制度体系",
        "行政决策": "推进行政决策科学化、民主化、法治化",
        "行政执法": "坚持严格规范公正文明执法",
        "权力制约监督": "强化对行政权力的制约和监督",
        "矛盾纠纷化解": "依法有效化解社会矛盾纠纷",
        "法治思维能力": "全面提高政府工作人员法治思维和依法行政能力",
        "党的领导": "加强党对法治政府建设的领导，完善组织保障和落实机制",
    },
    Outline.V2021: {
        "党的领导": "加强党的领导，完善法治政府建设推进机制",
        "政府职能": "健全政府机构职能体系，推动更好发挥政府作用",
        "依法行政制度": "健全依法行政制度体系，加快推进政府治理规范化程序化法治化",
        "行政决策": "健全行政决策制度体系，不断提升行政决策公信力和执行力",
        "行政执法": "健全行政执法工作体系，全面推进严格规范公正文明执法",
        "突发事件应对": "健全突发事件应对体系，依法预防处置重大突发事件",
        "矛盾纠纷化解": "健全社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义",
        "权力制约监督": "健全行政权力制约和监督体系，促进行政权力规范透明运行",
        "数字法治政府": "健全法治政府建设科技保障体系，全面建设数字法治政府",
    },
}

#: Pseudo-area: 第一责任人履职 placed inside 主要举措和成效 as one of its sections.
FIRST_RESPONSIBLE = "第一责任人履职"
FIRST_RESPONSIBLE_TITLE = "党政主要负责人履行推进法治建设第一责任人职责情况"

ALL_AREA_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys([FIRST_RESPONSIBLE, *AREAS[Outline.V2015], *AREAS[Outline.V2021]])
)


def outline_for_year(year: int) -> Outline:
    """The outline in force for a report on `year`."""
    return Outline.V2015 if year <= 2020 else Outline.V2021


def area_title(outline: Outline, key: str) -> str | None:
    if key == FIRST_RESPONSIBLE:
        return FIRST_RESPONSIBLE_TITLE
    return AREAS[outline].get(key)
