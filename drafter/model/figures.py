"""The figures of a report (数据 / 上年数据): indicator groups, their fields and derived rates.

Everything is declared once in `GROUPS` and the pydantic models are built from it, so the
form generator, the checks, the renderer and rollover all read the same table: Chinese
name (the YAML key and the placeholder name), unit, meaning, whether the figure is a
*stock* (seldom changes; rollover may carry it over for review), which total it is a
part of (其中 ≤ 总数), and the wordings that state it in running text (so a number
written literally after "受理行政复议案件" can be compared with 数据). Rates are derived
from counts and are never typed by users.

Which kinds of unit report a group (`GroupSpec.reported_by`, kinds in `UNIT_KINDS`) is
declared here too: `drafter sheet --units` gives each unit only the groups it reports.
`fingerprint()` names this table's version in the collection workbooks, so a workbook made
from an older table is recognised.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError, core_schema

from drafter.model.defaults import made_by, new_list


@dataclass(frozen=True)
class FigureSpec:
    """One standard figure of the figures table."""

    key: str                 # Chinese key: YAML key and placeholder name
    attr: str                # English attribute name
    unit: str
    meaning: str
    decimal: bool = False    # amounts and hours may have decimals; counts are integers
    stock: bool = False      # seldom changes from year to year
    part_of: tuple[str, ...] = ()  # keys of the total(s) this figure is included in (其中)
    #: wordings that state exactly this figure when its number follows directly
    #: ("受理行政复议案件23件"); only unambiguous ones, each used by one figure only
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RateSpec:
    """A rate derived from summed counts of its group (never typed by users)."""

    key: str
    attr: str
    numerator: tuple[str, ...]    # summed
    denominator: tuple[str, ...]  # summed
    meaning: str
    phrases: tuple[str, ...] = ()  # wordings followed directly by the rate ("出庭应诉率99.16%")


@dataclass(frozen=True)
class GroupSpec:
    """An indicator group: its figures, its rates, the sums its figures must respect and who reports it."""

    key: str
    attr: str
    meaning: str
    figures: tuple[FigureSpec, ...]
    rates: tuple[RateSpec, ...] = ()
    #: (parts, whole): the sum of the parts may not exceed the sum of the whole
    sums: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = field(default=())
    #: kinds of unit (keys of UNIT_KINDS) that report this group; empty: every unit does
    reported_by: tuple[str, ...] = ()

    def figure(self, key: str) -> FigureSpec | None:
        return next((f for f in self.figures if f.key == key), None)

    def rate(self, key: str) -> RateSpec | None:
        return next((r for r in self.rates if r.key == key), None)

    def relations(self) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
        """Every (parts, whole) whose parts may not exceed the whole: `sums`, then each `part_of`."""
        singles = tuple(((f.key,), (whole,)) for f in self.figures for whole in f.part_of)
        return self.sums + singles


F = FigureSpec
R = RateSpec

GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec("学法", "study", "领导干部和工作人员学法用法", (
        F("常务会议学法", "executive_meeting_study", "次", "政府常务会议集体学法次数",
          phrases=("常务会议学法", "常务会议会前学法")),
        F("中心组学法", "group_study", "次", "党委（党组）理论学习中心组学法次数",
          phrases=("中心组学法", "中心组集体学法")),
        F("部门集体学法", "department_study", "次", "本单位或部门集体学法次数"),
        F("旁听庭审", "court_hearing", "次", "组织领导干部旁听庭审次数", phrases=("旁听庭审",)),
        F("负责人讲法", "leader_lecture", "次", "主要负责人专题讲法次数"),
        F("述法人数", "law_reporting", "人", "年度述职中述法的领导干部人数"),
        F("法治培训", "training_sessions", "期", "举办法治专题培训班期数",
          phrases=("举办法治专题培训班", "举办法治培训班")),
        F("培训人次", "training_attendance", "人次", "法治培训参训人次"),
        F("新提任考试", "promotion_exam", "人", "新提任领导干部参加法律知识考试人数"),
        F("考试参考", "exam_takers", "人", "工作人员年度学法考试参考人数"),
        F("考试合格", "exam_passed", "人", "学法考试合格人数", part_of=("考试参考",)),
    ), (
        R("考试合格率", "exam_pass_rate", ("考试合格",), ("考试参考",), "考试合格 ÷ 考试参考"),
    )),
    GroupSpec("重大行政决策", "decisions", "重大行政决策程序执行情况", (
        F("决策事项", "decisions", "件", "作出的重大行政决策事项数"),
        F("公开征求意见", "public_consultation", "件", "向社会公开征求意见的决策事项数", part_of=("决策事项",)),
        F("专家论证", "expert_review", "件", "经专家论证的决策事项数", part_of=("决策事项",)),
        F("风险评估", "risk_assessment", "件", "开展风险评估的决策事项数", part_of=("决策事项",)),
        F("合法性审查", "legality_reviewed", "件", "经合法性审查的决策事项数", part_of=("决策事项",)),
        F("集体讨论", "collective_decision", "件", "经集体讨论决定的决策事项数", part_of=("决策事项",)),
    ), (
        R("合法性审查率", "legality_review_rate", ("合法性审查",), ("决策事项",), "经合法性审查的决策 ÷ 决策事项"),
    )),
    GroupSpec("合法性审查", "legality", "政府及部门文件、合同的合法性审查", (
        F("审查文件", "documents", "件", "审查规范性文件、政策文件数"),
        F("审查合同", "contracts", "件", "审查行政协议、合同数"),
        F("审查其他事项", "other_matters", "件", "审查招商引资、重大项目等其他事项数"),
        F("提出意见", "opinions", "条", "提出合法性审查意见建议条数"),
    )),
    GroupSpec("法律顾问", "advisers", "法律顾问和公职律师", (
        F("应覆盖单位", "units_required", "个", "应当聘请法律顾问的单位数", stock=True),
        F("覆盖单位", "units_covered", "个", "已聘请法律顾问的单位数", stock=True, part_of=("应覆盖单位",)),
        F("公职律师", "public_lawyers", "人", "公职律师人数", stock=True),
        F("村居法律顾问", "village_advisers", "个", "配备法律顾问的村（社区）数", stock=True),
        F("出具法律意见", "legal_opinions", "件", "法律顾问出具法律意见数"),
    ), (
        R("覆盖率", "coverage_rate", ("覆盖单位",), ("应覆盖单位",), "覆盖单位 ÷ 应覆盖单位"),
    ), reported_by=("司法行政",)),
    GroupSpec("规范性文件", "normative_documents", "行政规范性文件制定、备案和清理", (
        F("制定", "issued", "件", "本级制定的行政规范性文件数",
          phrases=("制定行政规范性文件", "制定规范性文件", "出台行政规范性文件", "出台规范性文件")),
        F("报备", "filed", "件", "报送上级备案数", part_of=("制定",)),
        F("按时报备", "filed_on_time", "件", "公布后15日内报送备案数", part_of=("报备",)),
        F("备案审查", "reviewed", "件", "审查下级或部门报备文件数"),
        F("备案纠错", "corrected", "件", "备案审查中纠正的文件数", part_of=("备案审查",)),
        F("清理", "cleaned_up", "件", "清理的文件数", phrases=("清理行政规范性文件", "清理规范性文件")),
        F("修改", "amended", "件", "清理后修改的文件数", part_of=("清理",)),
        F("废止", "repealed", "件", "清理后废止或宣布失效的文件数", part_of=("清理",)),
    ), (
        R("按时报备率", "on_time_rate", ("按时报备",), ("制定",), "按时报备 ÷ 制定"),
    ), sums=((("修改", "废止"), ("清理",)),), reported_by=("司法行政", "政府办公室")),
    GroupSpec("权责清单", "powers", "权责清单和证明事项清单", (
        F("权责事项", "items", "项", "权责清单事项总数", stock=True),
        F("调整事项", "adjusted", "项", "本年动态调整的事项数"),
        F("证明事项", "certificates", "项", "保留的证明事项数", stock=True),
        F("告知承诺事项", "pledge_items", "项", "实行告知承诺制的证明事项数", stock=True),
    ), reported_by=("机构编制", "政务服务")),
    GroupSpec("行政执法", "enforcement", "行政执法和执法监督", (
        F("执法人员", "officers", "人", "在编在岗行政执法人员数", stock=True),
        F("持证人员", "certified", "人", "持有行政执法证件的人员数", stock=True, part_of=("执法人员",)),
        F("培训人次", "training_attendance", "人次", "行政执法人员参加培训人次"),
        F("人均培训学时", "training_hours", "学时", "执法人员人均年度培训学时", decimal=True),
        F("负责人法治培训", "leader_training", "人", "执法部门负责人接受法治培训人数"),
        F("行政许可", "licences", "件", "办理行政许可件数"),
        F("行政处罚", "penalties", "件", "作出行政处罚决定数", phrases=("作出行政处罚决定", "办理行政处罚案件")),
        F("行政强制", "coercions", "件", "实施行政强制措施数"),
        F("行政检查", "inspections", "次", "开展行政检查次数"),
        F("专项监督", "special_supervision", "次", "开展行政执法专项监督检查次数"),
        F("案卷评查", "case_reviews", "次", "组织行政执法案卷评查次数"),
        F("评查案卷", "files_reviewed", "卷", "评查的行政执法案卷数", phrases=("评查行政执法案卷", "评查案卷")),
        F("合格案卷", "files_passed", "卷", "评查合格的案卷数", part_of=("评查案卷",),
          phrases=("合格案卷", "评查合格案卷")),
        F("不予处罚事项", "no_penalty_items", "项", "不予处罚事项清单事项数", stock=True),
        F("从轻处罚事项", "lighter_penalty_items", "项", "从轻处罚事项清单事项数", stock=True),
        F("减轻处罚事项", "reduced_penalty_items", "项", "减轻处罚事项清单事项数", stock=True),
        F("免予强制事项", "no_coercion_items", "项", "免予行政强制事项清单事项数", stock=True),
        F("高频处罚事项", "frequent_penalty_items", "项", "高频行政处罚事项数", stock=True),
        F("裁量基准细化事项", "discretion_detailed", "项", "已细化量化裁量权基准的高频处罚事项数", stock=True,
          part_of=("高频处罚事项",)),
    ), (
        R("持证率", "certified_rate", ("持证人员",), ("执法人员",), "持证人员 ÷ 执法人员", phrases=("持证率",)),
        R("案卷合格率", "files_pass_rate", ("合格案卷",), ("评查案卷",), "合格案卷 ÷ 评查案卷",
          phrases=("案卷合格率",)),
        R("裁量权细化率", "discretion_rate", ("裁量基准细化事项",), ("高频处罚事项",), "已细化 ÷ 高频处罚事项"),
    )),
    GroupSpec("行政复议", "reconsideration", "行政复议案件办理", (
        F("受理", "accepted", "件", "本年受理的行政复议案件数", phrases=("受理行政复议案件", "受理行政复议申请")),
        F("上年结转", "carried_over", "件", "上年结转的未结案件数"),
        F("不予受理", "rejected", "件", "决定不予受理的申请数"),
        F("办结", "concluded", "件", "本年办结案件数", phrases=("办结行政复议案件",)),
        F("纠错", "corrected", "件", "撤销、变更、确认违法、责令履行等纠错案件数", part_of=("办结",)),
        F("调解和解", "mediated", "件", "以调解、和解方式结案数", part_of=("办结",)),
        F("终止", "terminated", "件", "终止审理案件数", part_of=("办结",)),
        F("维持", "upheld", "件", "维持原行政行为案件数", part_of=("办结",)),
        F("驳回", "dismissed", "件", "驳回复议请求案件数", part_of=("办结",)),
    ), (
        R("办结率", "conclusion_rate", ("办结",), ("受理", "上年结转"), "办结 ÷（受理 + 上年结转）"),
        R("纠错率", "correction_rate", ("纠错",), ("办结",), "纠错 ÷ 办结"),
        R("调解和解率", "mediation_rate", ("调解和解",), ("办结",), "调解和解 ÷ 办结"),
    ), sums=((("办结",), ("受理", "上年结转")),
             (("纠错", "调解和解", "终止", "维持", "驳回"), ("办结",))),
       reported_by=("司法行政",)),
    GroupSpec("行政应诉", "litigation", "行政诉讼应诉", (
        F("案件", "cases", "件", "收到的一审行政诉讼案件数",
          phrases=("新收一审行政诉讼案件", "新收行政诉讼案件", "收到一审行政诉讼案件", "收到行政诉讼案件")),
        F("开庭", "hearings", "件", "开庭审理的案件数", part_of=("案件",)),
        F("负责人出庭", "leader_appearances", "件", "行政机关负责人出庭应诉案件数", part_of=("开庭",),
          phrases=("负责人出庭应诉",)),
        F("审结", "decided", "件", "审结案件数", part_of=("案件",),
          phrases=("审结一审行政诉讼案件", "审结行政诉讼案件")),
        F("败诉", "lost", "件", "败诉案件数", part_of=("审结",), phrases=("败诉案件", "败诉")),
        F("撤诉", "withdrawn", "件", "原告撤诉案件数", part_of=("审结",)),
        F("调解结案", "settled", "件", "以调解方式结案数", part_of=("审结",)),
    ), (
        R("出庭应诉率", "appearance_rate", ("负责人出庭",), ("开庭",), "负责人出庭 ÷ 开庭",
          phrases=("出庭应诉率", "负责人出庭率")),
        R("败诉率", "loss_rate", ("败诉",), ("审结",), "败诉 ÷ 审结", phrases=("败诉率",)),
        R("调撤率", "settle_withdraw_rate", ("撤诉", "调解结案"), ("审结",), "（撤诉 + 调解结案）÷ 审结"),
    ), sums=((("败诉", "撤诉", "调解结案"), ("审结",)),), reported_by=("司法行政",)),
    GroupSpec("政务服务", "services", "政务服务", (
        F("政务服务事项", "items", "项", "政务服务事项总数", stock=True),
        F("网上可办事项", "online_items", "项", "可全程网办的事项数", stock=True, part_of=("政务服务事项",)),
        F("跨域通办事项", "cross_region_items", "项", "跨省、跨市通办事项数", stock=True),
        F("办件量", "handled", "件", "全年办理的政务服务件数"),
        F("投诉", "complaints", "件", "收到的政务服务投诉件数"),
    ), (
        R("网上可办率", "online_rate", ("网上可办事项",), ("政务服务事项",), "网上可办事项 ÷ 政务服务事项"),
    ), reported_by=("政务服务",)),
    GroupSpec("普法", "publicity", "普法宣传", (
        F("普法活动", "events", "场", "开展普法宣传活动场次"),
        F("受众人次", "audience", "人次", "普法活动覆盖人次"),
        F("发放资料", "materials", "份", "发放普法资料份数"),
        F("法律明白人", "law_aware", "人", "培育的“法律明白人”人数", stock=True),
        F("民主法治示范村", "model_villages", "个", "民主法治示范村（社区）数", stock=True),
    )),
    GroupSpec("矛盾纠纷调解", "mediation", "人民调解和矛盾纠纷化解", (
        F("调解组织", "organisations", "个", "人民调解组织数", stock=True),
        F("村居调委会", "village_committees", "个", "村（社区）人民调解委员会数", stock=True,
          part_of=("调解组织",)),
        F("乡镇调委会", "township_committees", "个", "乡镇（街道）人民调解委员会数", stock=True,
          part_of=("调解组织",)),
        F("行业性调委会", "sector_committees", "个", "行业性专业性人民调解委员会数", stock=True,
          part_of=("调解组织",)),
        F("专职调解员", "full_time_mediators", "人", "专职人民调解员人数", stock=True),
        F("村居专职调解员", "village_mediators", "人", "村（社区）人民调解委员会的专职人民调解员人数", stock=True,
          part_of=("专职调解员",)),
        F("乡镇专职调解员", "township_mediators", "人", "乡镇（街道）人民调解委员会的专职人民调解员人数", stock=True,
          part_of=("专职调解员",)),
        F("行业性专职调解员", "sector_mediators", "人", "行业性专业性人民调解委员会的专职人民调解员人数",
          stock=True, part_of=("专职调解员",)),
        F("受理纠纷", "disputes", "件", "受理矛盾纠纷件数", phrases=("受理矛盾纠纷", "受理各类矛盾纠纷")),
        F("调解成功", "resolved", "件", "调解成功件数", part_of=("受理纠纷",),
          phrases=("调解成功", "成功调解", "成功调处", "调处成功")),
    ), (
        R("调解成功率", "success_rate", ("调解成功",), ("受理纠纷",), "调解成功 ÷ 受理纠纷",
          phrases=("调解成功率", "调处成功率")),
    ), sums=((("村居调委会", "乡镇调委会", "行业性调委会"), ("调解组织",)),
             (("村居专职调解员", "乡镇专职调解员", "行业性专职调解员"), ("专职调解员",))),
       reported_by=("司法行政", "乡镇街道")),
    GroupSpec("法律援助", "legal_aid", "法律援助", (
        F("受理", "accepted", "件", "受理法律援助案件数", phrases=("受理法律援助案件",)),
        F("办结", "concluded", "件", "办结法律援助案件数", phrases=("办结法律援助案件",)),
        F("受援人次", "recipients", "人次", "受援群众人次"),
        F("挽回损失", "recovered", "万元", "为受援人挽回经济损失", decimal=True),
    ), (
        R("办结率", "conclusion_rate", ("办结",), ("受理",), "办结 ÷ 受理"),
    ), reported_by=("司法行政",)),
    GroupSpec("信访", "petitions", "信访", (
        F("受理", "accepted", "件", "受理信访事项数", phrases=("受理信访事项",)),
        F("办结", "concluded", "件", "办结信访事项数"),
        F("按期办结", "concluded_on_time", "件", "按期办结数", part_of=("办结",)),
    ), (
        R("按期办结率", "on_time_rate", ("按期办结",), ("受理",), "按期办结 ÷ 受理"),
    ), reported_by=("信访",)),
    GroupSpec("应急管理", "emergency", "应急预案与演练", (
        F("应急预案", "plans", "个", "现行有效的应急预案数", stock=True),
        F("修订预案", "plans_revised", "个", "本年制定或修订的预案数"),
        F("应急演练", "drills", "次", "组织应急演练次数"),
        F("参演人次", "drill_participants", "人次", "参加演练人次"),
    ), reported_by=("应急管理",)),
    GroupSpec("法治督察", "inspection", "法治督察", (
        F("督察次数", "inspections", "次", "开展法治督察次数"),
        F("发现问题", "problems", "个", "督察发现问题数"),
        F("整改问题", "fixed", "个", "已整改问题数", part_of=("发现问题",)),
    ), (
        R("整改率", "fix_rate", ("整改问题",), ("发现问题",), "整改问题 ÷ 发现问题"),
    ), reported_by=("司法行政",)),
)

GROUPS_BY_KEY: dict[str, GroupSpec] = {g.key: g for g in GROUPS}

#: Kinds of reporting unit, recognised by their names (示例县司法局, 城关镇人民政府 …).
UNIT_KINDS: dict[str, re.Pattern[str]] = {
    "司法行政": re.compile("司法|依法治"),
    "政府办公室": re.compile("政府办"),
    "机构编制": re.compile("编办|编委|机构编制"),
    "政务服务": re.compile("政务服务|行政审批|数据局|营商环境"),
    "乡镇街道": re.compile(r"(?:乡|镇|街道)(?:人民政府|办事处)?$"),
    "信访": re.compile("信访"),
    "应急管理": re.compile("应急管理"),
}


def unit_kinds(unit: str) -> set[str]:
    """The kinds (keys of UNIT_KINDS) a unit of this name belongs to."""
    return {kind for kind, pattern in UNIT_KINDS.items() if pattern.search(unit)}


def reported_groups(unit: str) -> list[GroupSpec]:
    """The groups a unit reports: those every unit reports, and those of its kinds."""
    kinds = unit_kinds(unit)
    return [g for g in GROUPS if not g.reported_by or kinds & set(g.reported_by)]


def fingerprint() -> str:
    """A short digest of the figures table (groups, figures, units, decimals, part-of relations):
    it changes whenever a collection workbook made from the table would no longer fit it."""
    digest = hashlib.sha256()
    for group in GROUPS:
        for spec in group.figures:
            digest.update(f"{group.key}.{spec.key}|{spec.unit}|{spec.decimal}|{','.join(spec.part_of)}\n".encode())
        digest.update(repr(group.sums).encode())
    return digest.hexdigest()[:16]


def _not_bool(value: Any) -> Any:
    """YAML true/false are not counts (pydantic would read them as 1/0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "应为数字")
    return value


class _FigureValue:
    """The type of a standard figure: a count (int) or an amount (Decimal), ≥ 0 or null, never a YAML boolean.

    Its core schema is written out directly: deriving it from `Annotated[...]` metadata
    made pydantic inspect the same validator again for each of the ~110 figure fields,
    a visible share of every command's start-up.
    """

    decimal = False

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        number = core_schema.decimal_schema(ge=0) if cls.decimal else core_schema.int_schema(ge=0)
        return core_schema.no_info_before_validator_function(_not_bool, core_schema.nullable_schema(number))


class _AmountValue(_FigureValue):
    decimal = True


def _field(spec: FigureSpec) -> Any:
    kind = _AmountValue if spec.decimal else _FigureValue
    return (kind, Field(default=None, alias=spec.key, description=f"{spec.meaning}（单位：{spec.unit}）"))


def _group_model(group: GroupSpec) -> type[BaseModel]:
    fields = {spec.attr: _field(spec) for spec in group.figures}
    return create_model(
        f"Figures_{group.attr}",
        __config__=ConfigDict(extra="forbid", populate_by_name=True, title=group.key),
        __doc__=group.meaning,
        **fields,
    )


GROUP_MODELS: dict[str, type[BaseModel]] = {g.key: _group_model(g) for g in GROUPS}


class CustomFigure(BaseModel):
    """自定义数据：标准指标之外的数字。"""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str = Field(alias="名称", min_length=1, max_length=40, description="指标名称，正文中用 {{ 自定义.名称 }} 引用")
    value: Decimal | None = Field(default=None, alias="数值", description="数值，未填写时为 null（待填）")
    unit: str = Field(default="", alias="单位", max_length=10, description="单位，如 件、人次、万元")
    note: str = Field(default="", alias="说明", description="含义说明")
    private: bool = Field(default=False, alias="不公开",
                          description="true：不宜公开的数字；公开版（drafter render --public）中引用它的段落须标为不公开")


def _figures_model() -> type[BaseModel]:
    fields: dict[str, Any] = {
        g.attr: (GROUP_MODELS[g.key], Field(default_factory=made_by(GROUP_MODELS[g.key]), alias=g.key, description=g.meaning))
        for g in GROUPS
    }
    fields["custom"] = (list[CustomFigure], Field(default_factory=new_list, alias="自定义",
                                                  description="标准指标之外的数字"))
    return create_model(
        "Figures",
        __config__=ConfigDict(extra="forbid", populate_by_name=True, title="数据"),
        __doc__="本年度数据；null 表示待填。比率由数量自动计算，不需填写。",
        **fields,
    )


Figures = _figures_model()


def figure_value(figures: BaseModel, group_key: str, figure_key: str) -> int | Decimal | None:
    group = GROUPS_BY_KEY[group_key]
    spec = group.figure(figure_key)
    if spec is None:
        raise KeyError(figure_key)
    return getattr(getattr(figures, group.attr), spec.attr)


def rate_value(figures: BaseModel, group_key: str, rate_key: str) -> Decimal | None:
    """The rate as a percentage (unrounded), or None when a count is missing or the denominator is 0."""
    group = GROUPS_BY_KEY[group_key]
    spec = group.rate(rate_key)
    if spec is None:
        raise KeyError(rate_key)
    values = [figure_value(figures, group_key, k) for k in (*spec.numerator, *spec.denominator)]
    if any(v is None for v in values):
        return None
    num = sum(Decimal(v) for v in values[: len(spec.numerator)])
    den = sum(Decimal(v) for v in values[len(spec.numerator):])
    if den == 0:
        return None
    return num * 100 / den


Number = int | Decimal


def exceeded(group: GroupSpec, value: Callable[[str], Number | None]):
    """(parts, known parts with values, whole, whole values) of every relation of `group` whose known parts exceed
    the whole: 其中 ≤ 总数 and the declared sums. `value(key)` gives a figure's value or None;
    a relation is judged only when every figure of its whole is known."""
    for parts, whole in group.relations():
        totals = [value(key) for key in whole]
        if any(v is None for v in totals):
            continue
        known = [(key, v) for key in parts if (v := value(key)) is not None]
        if known and sum(v for _k, v in known) > sum(totals):
            yield parts, known, whole, totals


def iter_figures():
    """(group, figure) for every standard figure, in form order."""
    for group in GROUPS:
        for spec in group.figures:
            yield group, spec


def missing_figures(figures: BaseModel) -> list[tuple[str, str]]:
    """(group key, figure key) of every standard figure still null (待填), plus custom ones."""
    out = [(g.key, f.key) for g, f in iter_figures() if figure_value(figures, g.key, f.key) is None]
    out += [("自定义", c.name) for c in figures.custom if c.value is None]
    return out
