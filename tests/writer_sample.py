"""A hand-built `Document` for the writer tests: a small 法治政府建设情况报告 of the fictional
示例县, with every block kind and run role the writers handle (three pages in Word)."""

from __future__ import annotations

from datetime import date

from drafter.doctree import Block, Document, DocumentInfo, Kind, Role, Run

TITLE = "示例县人民政府关于2024年度法治政府建设情况的报告"
SIGNATURES = ("中共示例县委员会", "示例县人民政府")
DATE = "2025年3月20日"
MISSING = "【待填：行政复议案件受理数】"
COMMENT = "数据来源：县司法局2024年统计年报，请核对。"


def _heading(doc: Document, level: int, number: str, title: str, *body: Run | str) -> Block:
    runs = [Run(number, Role.NUMBER), Run(title, Role.HEADING)]
    runs += [r if isinstance(r, Run) else Run(r) for r in body]
    block = Block(Kind.HEADING, runs, level=level, source=f"主要举措和成效.章节[{level}]")
    doc.blocks.append(block)
    return block


def build_sample_document(*, masthead: bool = False) -> Document:
    doc = Document(DocumentInfo(title=TITLE, author="示例县人民政府",
                                created=date(2025, 3, 20), year=2024))
    if masthead:
        doc.add(Kind.DOC_MARK, "示例县人民政府文件")
        doc.add(Kind.DOC_NUMBER, "示政〔2025〕12号")
    doc.add(Kind.TITLE, TITLE)
    doc.add(Kind.ADDRESSEE, "中共示例县委员会、示例县人民代表大会常务委员会：")
    doc.add(Kind.PARAGRAPH,
            "2024年，示例县人民政府以习近平新时代中国特色社会主义思想为指导，对照"
            "《法治政府建设实施纲要（2021—2025年）》确定的目标任务，统筹推进依法行政各项工作，"
            "全县法治政府建设取得新的进展。现将有关情况报告如下。")

    _heading(doc, 1, "一、", "主要举措和成效")
    _heading(doc, 2, "（一）", "健全法治政府建设推进机制")
    doc.add(Kind.PARAGRAPH,
            "县政府常务会议全年研究法治政府建设事项6次，审议规范性文件草案11件；"
            "县政府主要负责人带头讲授法治课2次，组织领导干部旁听庭审3场，"
            "全县参加网上学法考试的行政执法人员达1236人，参考率100%。")
    _heading(doc, 3, "1.", "重大行政决策程序全面落实。",
             "对县城供水价格调整等4项重大行政决策事项，全部履行公众参与、专家论证、"
             "风险评估、合法性审查和集体讨论决定程序，征集意见建议127条，采纳38条。")
    _heading(doc, 3, "2.", "规范性文件管理更加严格。",
             "全年审核县政府及部门规范性文件19件，提出修改意见56条，备案审查率100%；"
             "清理现行有效规范性文件143件，宣布失效9件、废止4件。")
    _heading(doc, 2, "（二）", "推进严格规范公正文明执法")
    _heading(doc, 3, "1.", "深化行政执法“三项制度”")
    doc.add(Kind.PARAGRAPH,
            "县级行政执法机关全部在“示例通”App公示执法主体、权责清单和执法结果，"
            "全年公示行政处罚决定2418件、行政许可决定9607件；重大执法决定法制审核"
            "覆盖率达到100%，执法全过程音像记录设备配备率较上年提高15.3个百分点。")
    _heading(doc, 4, "（1）", "开展执法案卷评查")
    doc.add(Kind.PARAGRAPH,
            "组织交叉评查行政处罚和行政许可案卷320卷，评出优秀案卷41卷，"
            "发现并督促整改证据不充分、文书不规范等问题72个。")
    _heading(doc, 4, "（2）", "推行柔性执法。",
             "在市场监管、生态环境等领域推行轻微违法行为不予处罚清单，"
             "全年适用不予处罚、从轻减轻处罚案件186件。")
    _heading(doc, 2, "（三）", "依法化解社会矛盾纠纷")
    doc.add(Kind.PARAGRAPH, Run("全县行政复议机关受理行政复议案件"), Run(MISSING, Role.MISSING),
            Run("件，其中调解和解结案23件；行政机关负责人出庭应诉率保持100%。"
                "县乡村三级调解组织调处矛盾纠纷2875件，调解成功率97.8%。"))
    doc.blocks[-1].comments.append(COMMENT)
    doc.blocks.append(Block(Kind.TABLE, rows=[
        ["指标", "2023年", "2024年"],
        ["行政复议案件受理数（件）", "41", "56"],
        ["行政应诉案件数（件）", "37", "32"],
        ["负责人出庭应诉率", "100%", "100%"],
    ], source="数据"))
    doc.add(Kind.PARAGRAPH,
            "深入实施“八五”普法规划，落实“谁执法谁普法”普法责任制，"
            "开展“法律进乡村”活动64场，建成县级法治文化阵地5个、村级法治文化广场27个，"
            "培养农村“法律明白人”1580名，群众法治意识进一步增强。")

    _heading(doc, 1, "二、", "存在的问题")
    doc.add(Kind.PARAGRAPH,
            "一是少数部门对法治政府建设重视不够，重业务轻法治的现象仍然存在；"
            "二是基层执法力量相对薄弱，乡镇综合行政执法人员专业化水平有待提高；"
            "三是行政复议和行政应诉工作衔接还不够紧密，源头预防作用发挥不充分。")

    _heading(doc, 1, "三、", "2025年工作安排")
    doc.add(Kind.PARAGRAPH,
            "2025年是《法治政府建设实施纲要（2021—2025年）》的收官之年，"
            "县政府将重点抓好以下工作：")
    _heading(doc, 2, "（一）", "压实法治建设第一责任人职责。",
             "把履行推进法治建设第一责任人职责情况列入年终述职内容，"
             "推动各部门主要负责人切实担负起领导责任。")
    _heading(doc, 2, "（二）", "提升行政执法质量。",
             "年内完成全县行政执法人员轮训，开展执法案卷评查不少于2次，"
             "推动执法信息平台与省级平台数据对接。")
    _heading(doc, 2, "（三）", "强化矛盾纠纷源头治理。",
             "发挥行政复议化解行政争议主渠道作用，完善诉源治理工作机制，"
             "力争行政诉讼败诉率控制在5%以内。")
    doc.add(Kind.CLOSING, "特此报告。")
    for organ in SIGNATURES:
        doc.add(Kind.SIGNATURE, organ)
    doc.add(Kind.DATE, DATE)
    doc.add(Kind.NOTE, "（此件公开发布）")
    return doc

