"""The document tree the default layout template builds: order, numbering, run-in headings,
一是 paragraphs, skipped sections, fixed parts (title, addressee, 落款, 日期, 附注, 版头), sources."""

from __future__ import annotations

import datetime as dt

import pytest
from render_support import block_with, blocks, load_report, roles

from drafter.doctree import Kind, Role
from drafter.form.blank import new_form
from drafter.model.report import Level
from drafter.render import MissingFigures, render_report
from drafter.form.load import load_form


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    return render_report(load_report(tmp_path_factory.mktemp("tree")))


def test_block_order(doc):
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:3] == [Kind.TITLE, Kind.ADDRESSEE, Kind.PARAGRAPH]
    assert kinds[-5:] == [Kind.CLOSING, Kind.SIGNATURE, Kind.SIGNATURE, Kind.DATE, Kind.NOTE]
    assert Kind.DOC_MARK not in kinds and Kind.DOC_NUMBER not in kinds


def test_parts_numbered_in_order(doc):
    parts = [b.text for b in blocks(doc, Kind.HEADING) if b.level == 1]
    assert parts == [
        "一、党政主要负责人履行推进法治建设第一责任人职责情况",
        "二、2024年法治政府建设主要举措和成效",
        "三、存在的不足和原因",
        "四、2025年法治政府建设工作安排",
    ]


def test_sections_numbered_and_not_applicable_skipped(doc):
    sections = [b.text for b in blocks(doc, Kind.HEADING) if b.level == 2 and b.source.startswith("主要举措和成效")]
    assert sections == [
        "（一）加强党的领导，完善法治政府建设推进机制",
        "（二）健全依法行政制度体系，加快推进政府治理规范化程序化法治化",
        "（三）健全行政决策制度体系，不断提升行政决策公信力和执行力",
        "（四）健全社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义",
    ]
    assert "不应出现" not in doc.plain_text()
    assert "健全政府机构职能体系" not in doc.plain_text()


def test_items_and_sub_items_numbered(doc):
    item = block_with(doc, "完善决策程序")
    assert (item.kind, item.level, roles(item)) == (Kind.HEADING, 3, [("number", "1."), ("heading", "完善决策程序")])
    subs = [b for b in blocks(doc, Kind.HEADING) if b.level == 4]
    assert [b.runs[0].text for b in subs] == ["（1）", "（2）"]
    assert all(b.runs[0].role is Role.NUMBER for b in subs)


def test_run_in_heading_shares_its_paragraph(doc):
    block = block_with(doc, "健全推进机制。")
    assert block.kind is Kind.HEADING and block.level == 3
    assert roles(block) == [("number", "1."), ("heading", "健全推进机制。"),
                            ("text", "县委全面依法治县委员会召开专题会议4次，研究解决重点难点问题。")]
    sub = block_with(doc, "公众参与。")
    assert sub.level == 4 and [r for r, _ in roles(sub)] == ["number", "heading", "text"]


def test_heading_without_final_stop_stands_alone(doc):
    heading = block_with(doc, "压实工作责任")
    assert roles(heading) == [("number", "2."), ("heading", "压实工作责任")]
    index = doc.blocks.index(heading)
    following = doc.blocks[index + 1: index + 3]
    assert [b.kind for b in following] == [Kind.PARAGRAPH, Kind.PARAGRAPH]
    assert following[1].text == "开展年终述法，述法人数56人。"


def test_inline_items_make_one_paragraph(doc):
    block = block_with(doc, "一是规范文件管理")
    assert block.kind is Kind.PARAGRAPH
    assert block.text == ("一是规范文件管理。全年制定行政规范性文件8件，按时报备率87.5%。"
                          "二是清理文件1234件；三是加强审查把关，审查各类合同96件。")
    assert [r.text for r in block.runs if r.role is Role.NUMBER] == ["一是", "二是", "三是"]
    assert [r.text for r in block.runs if r.role is Role.HEADING] == ["规范文件管理。", "加强审查把关，"]
    assert block.source == "主要举措和成效.章节[3].条目"


def test_inline_sections_of_a_part(doc):
    block = block_with(doc, "一是持续深化学法用法")
    assert block.text == "一是持续深化学法用法。完善领导干部学法制度。二是提升执法规范化水平。开展执法案卷评查。"
    assert block.source == "下一年度工作安排.章节"


def test_title_addressee_closing_signature_date_note(doc):
    assert blocks(doc, Kind.TITLE)[0].text == "关于2024年法治政府建设情况的报告"
    assert blocks(doc, Kind.ADDRESSEE)[0].text == "中共示例市委、示例市人民政府："
    assert [b.text for b in blocks(doc, Kind.CLOSING)] == ["特此报告。"]
    assert [b.text for b in blocks(doc, Kind.SIGNATURE)] == ["中共示例县委", "示例县人民政府"]
    assert [b.text for b in blocks(doc, Kind.DATE)] == ["2025年2月8日"]
    assert [b.text for b in blocks(doc, Kind.NOTE)] == ["（此件公开发布）"]


def test_document_info(doc):
    assert (doc.info.title, doc.info.author, doc.info.created, doc.info.year) == (
        "关于2024年法治政府建设情况的报告", "示例县人民政府", dt.date(2025, 2, 8), 2024)


def test_every_block_has_its_form_source(doc):
    assert all(b.source for b in doc.blocks)
    assert block_with(doc, "做好行政应诉").source == "主要举措和成效.章节[5].条目[2]"
    assert block_with(doc, "纳入各乡镇").source == "主要举措和成效.章节[1].条目[2].内容[1]"
    assert blocks(doc, Kind.PARAGRAPH)[0].source == "导语"
    assert blocks(doc, Kind.SIGNATURE)[1].source == "基本信息.落款[2]"


def test_chinese_text_gets_full_width_punctuation(doc):
    intro = blocks(doc, Kind.PARAGRAPH)[0].text
    assert intro == ("2024年，示例县在县委坚强领导下，把法治政府建设摆在全局工作的突出位置，各项任务有序推进。"
                     "现将有关情况报告如下：")


def test_numbers_and_latin_stay_ascii(tmp_path):
    def edit(data):
        data["导语"] = "全县有APP用户1,234人(含VPN, 2FA用户),占比12.5%。"
    doc = render_report(load_report(tmp_path, edit))
    assert blocks(doc, Kind.PARAGRAPH)[0].text == "全县有APP用户1,234人（含VPN, 2FA用户），占比12.5%。"


def test_no_addressee_block_without_addressees(tmp_path):
    doc = render_report(load_report(tmp_path, lambda d: d["基本信息"].__setitem__("主送机关", [])))
    assert not blocks(doc, Kind.ADDRESSEE)


@pytest.mark.parametrize("note", ["此件公开发布", "(此件公开发布)", "（此件公开发布）"])
def test_note_gets_parentheses_once(tmp_path, note):
    doc = render_report(load_report(tmp_path, lambda d: d["基本信息"].__setitem__("附注", note)))
    assert [b.text for b in blocks(doc, Kind.NOTE)] == ["（此件公开发布）"]


def test_no_note_without_one(tmp_path):
    doc = render_report(load_report(tmp_path, lambda d: d["基本信息"].pop("附注")))
    assert not blocks(doc, Kind.NOTE)


def test_masthead_only_with_document_number(tmp_path):
    def edit(data):
        data["基本信息"]["发文字号"] = "示政[2025]3号"
    doc = render_report(load_report(tmp_path, edit))
    assert [b.kind for b in doc.blocks[:3]] == [Kind.DOC_MARK, Kind.DOC_NUMBER, Kind.TITLE]
    assert doc.blocks[0].text == "示例县人民政府文件"
    assert doc.blocks[1].text == "示政〔2025〕3号"
    assert doc.blocks[1].source == "基本信息.发文字号"


def test_masthead_uses_the_given_doc_mark(tmp_path):
    def edit(data):
        data["基本信息"]["发文字号"] = "示政〔2025〕3号"
        data["基本信息"]["发文机关标志"] = "中共示例县委 示例县人民政府文件"  # an ASCII space inside Chinese goes
    doc = render_report(load_report(tmp_path, edit))
    assert doc.blocks[0].kind is Kind.DOC_MARK and doc.blocks[0].text == "中共示例县委示例县人民政府文件"
    assert doc.adjustments and doc.adjustments[0][0] == ("基本信息", "发文机关标志")   # and render says so


def test_a_single_full_width_space_between_chinese_is_kept(tmp_path):
    def edit(data):
        data["基本信息"]["发文字号"] = "示政〔2025〕3号"
        data["基本信息"]["发文机关标志"] = "中共示例县委　示例县人民政府文件"   # written on purpose
    doc = render_report(load_report(tmp_path, edit))
    assert doc.blocks[0].text == "中共示例县委　示例县人民政府文件"


def test_mark_alone_gives_no_masthead(tmp_path):
    doc = render_report(load_report(tmp_path, lambda d: d["基本信息"].__setitem__("发文机关标志", "示例县人民政府文件")))
    assert not blocks(doc, Kind.DOC_MARK)


def test_annual_report_title_style(tmp_path):
    doc = render_report(load_report(tmp_path, lambda d: d["基本信息"].__setitem__("标题样式", "年度报告")))
    assert blocks(doc, Kind.TITLE)[0].text == "示例县2024年法治政府建设年度报告"


def test_item_without_title_starts_with_its_number(tmp_path):
    def edit(data):
        data["存在的不足和原因"]["章节"][0]["条目"] = [{"内容": "执法装备还需更新。"}, {"内容": "培训覆盖面不够。"}]
    doc = render_report(load_report(tmp_path, edit))
    block = block_with(doc, "执法装备")
    assert block.kind is Kind.PARAGRAPH and roles(block) == [("number", "1."), ("text", "执法装备还需更新。")]
    assert block_with(doc, "培训覆盖面").runs[0].text == "2."


def test_empty_optional_part_is_left_out(tmp_path):
    doc = render_report(load_report(tmp_path, lambda d: d.__setitem__("其他需要报告的情况", {"内容": ""})))
    assert len([b for b in blocks(doc, Kind.HEADING) if b.level == 1]) == 4


def test_blank_form_from_drafter_new(tmp_path):
    path = tmp_path / "空白.yaml"
    path.write_text(new_form("示例县", 2024, Level.COUNTY), encoding="utf-8")
    report = load_form(path).report
    with pytest.raises(MissingFigures) as refused:
        render_report(report)
    assert [item.loc for item in refused.value.items] == [("基本信息", "成文日期")]
    doc = render_report(report, draft=True)
    # Nothing is filled in: no part, no 纲要 area prints a heading without text.
    assert blocks(doc, Kind.HEADING) == []
    assert roles(blocks(doc, Kind.DATE)[0]) == [("missing", "【待填：成文日期】")]


def test_no_heading_without_text(tmp_path):
    """Unfilled 纲要 areas and an empty optional part are left out, with nothing below them."""
    def edit(data):
        data["主要举措和成效"]["章节"][1]["条目"] = [{"内容": ""}]
        data["主要举措和成效"]["章节"][1]["内容"] = ""
        data["其他需要报告的情况"] = {"章节": [{"标题": "关于示例事项", "内容": ""}]}
    doc = render_report(load_report(tmp_path, edit))
    titles = [b.text for b in blocks(doc, Kind.HEADING)]
    assert not any("其他需要报告的情况" in t for t in titles)
    for block, following in zip(doc.blocks, doc.blocks[1:] + [None]):
        if block.kind is Kind.HEADING and block.runs[-1].role is not Role.TEXT:
            assert following is not None and (following.kind is Kind.PARAGRAPH or
                                              (following.kind is Kind.HEADING and following.level > block.level)), \
                block.text


def test_inline_sub_items_of_an_item(tmp_path):
    def edit(data):
        item = data["主要举措和成效"]["章节"][3]["条目"][0]
        item["子项写法"] = "一是"
        item["子项"].append({"内容": ["开展专家论证", "重大决策全部集体讨论决定。"]})
    doc = render_report(load_report(tmp_path, edit))
    block = block_with(doc, "一是公众参与")
    assert block.kind is Kind.PARAGRAPH and block.source == "主要举措和成效.章节[4].条目[1].子项"
    assert block.text == ("一是公众参与。向社会公开征求意见的决策事项5件。二是合法性审查。决策事项全部经过合法性审查。"
                          "三是开展专家论证。重大决策全部集体讨论决定。")
    assert not [b for b in blocks(doc, Kind.HEADING) if b.level == 4]
