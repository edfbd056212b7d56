"""The public copy (`render --public`, 不公开) and the publication review (`check --public`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from render_support import load_report, write_form

from drafter import api
from drafter.checks import CheckOptions, run_checks
from drafter.checks.publication import id_checksum_ok, luhn_ok
from drafter.render import render_report
from drafter.writers.style import profile_from_data
from drafter.form.load import load_form

#: A valid 居民身份证号码 (fictional: 110101 + 1990-03-07 + 123 + check digit).
ID_NUMBER = "110101199003071233"
#: A card number passing the Luhn check.
CARD = "6222021234567890128"


def _private(data):
    data["导语"] = ["过去一年，示例县持续推进法治政府建设。", {"段落": "本段涉及机密事项。", "不公开": True}]
    data["主要举措和成效"]["章节"][0]["不公开"] = True


def _texts(doc) -> list[str]:
    return [b.text for b in doc.blocks]


def test_private_blocks_are_in_the_submission_and_not_in_the_public_copy(tmp_path):
    report = load_report(tmp_path, _private)
    full, public = render_report(report, draft=True), render_report(report, draft=True, public=True)
    full_text, public_text = "\n".join(_texts(full)), "\n".join(_texts(public))
    assert "本段涉及机密事项。" in full_text and "本段涉及机密事项。" not in public_text
    assert "（一）加强党的领导" in full_text and "加强党的领导" not in public_text
    # the numbering closes up: the former （二） is （一） in the public copy
    assert "（二）健全依法行政制度体系" in full_text
    assert "（一）健全依法行政制度体系" in public_text and "（二）健全依法行政制度体系" not in public_text


def test_private_items_and_a_part_left_empty(tmp_path):
    def edit(data):
        data["主要举措和成效"]["章节"][0]["条目"][0]["不公开"] = True
        data["存在的不足和原因"]["内容"] = [{"段落": "只报送不公开的不足。", "不公开": True}]
        for section in data["存在的不足和原因"]["章节"]:
            section["不公开"] = True

    report = load_report(tmp_path, edit)
    full, public = "\n".join(_texts(render_report(report, draft=True))), "\n".join(
        _texts(render_report(report, draft=True, public=True)))
    assert "1.健全推进机制" in full and "健全推进机制" not in public
    assert "1.压实工作责任" in public  # former 2. closes up to 1.
    assert "存在的不足和原因" in full and "存在的不足和原因" not in public
    assert "三、2025年法治政府建设工作安排" in public


def test_profile_can_leave_the_addressee_out_of_the_public_copy(tmp_path):
    form = load_form(write_form(tmp_path / "示例县.yaml"))

    def first_lines(style, public=True) -> list[str]:
        text = api.render(form, "txt", public=public, style=style).data.decode("utf-8")
        return text.splitlines()[:3]

    addressee = "中共示例市委、示例市人民政府："
    assert addressee in first_lines(profile_from_data({}))
    dropped = profile_from_data({"公开版": {"保留主送机关": "否"}})
    assert addressee not in first_lines(dropped)
    assert addressee in first_lines(dropped, public=False)  # the submission copy keeps it


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def test_public_html_is_clean_and_semantic(run_cli, tmp_path):
    form = write_form(tmp_path / "示例县2024.yaml", _private)
    code, out, err = run_cli("render", str(form), "--public")
    assert code == 0, err
    target = tmp_path / "示例县2024（公开版）.html"
    assert str(target) in out
    html = target.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "style" not in parser.tags and "link" not in parser.tags
    assert {name for name, _value in parser.attrs} <= {"lang", "charset", "style", "border"}
    assert not re.search(r"\son\w+=", html)
    assert parser.tags.count("h1") == 1 and "h2" in parser.tags and "h3" in parser.tags and "article" in parser.tags
    assert "本段涉及机密事项" not in html and "加强党的领导" not in html
    assert "<h3>（一）健全依法行政制度体系" in html
    assert "data-source" not in html and "class=" not in html


def test_public_copy_can_be_docx_or_txt(run_cli, tmp_path):
    form = write_form(tmp_path / "示例县2024.yaml", _private)
    code, _out, err = run_cli("render", str(form), "--public", "--format", "txt")
    assert code == 0, err
    text = (tmp_path / "示例县2024（公开版）.txt").read_text(encoding="utf-8")
    assert "本段涉及机密事项" not in text and "（一）健全依法行政制度体系" in text
    code, _out, err = run_cli("render", str(form), "--public", "-o", str(tmp_path / "公开.docx"))
    assert code == 0, err
    import docx

    body = "\n".join(p.text for p in docx.Document(str(tmp_path / "公开.docx")).paragraphs)
    assert "本段涉及机密事项" not in body and "（一）健全依法行政制度体系" in body
    # the submission copy keeps everything
    code, _out, err = run_cli("render", str(form), "--format", "txt")
    assert code == 0, err
    assert "本段涉及机密事项" in (tmp_path / "示例县2024.txt").read_text(encoding="utf-8")


def test_public_refuses_secret_words_with_their_location(run_cli, tmp_path):
    def edit(data):
        data["导语"] = "过去一年，示例县持续推进法治政府建设（机密）。"

    form = write_form(tmp_path / "示例县2024.yaml", edit)
    code, _out, err = run_cli("render", str(form), "--public")
    assert code == 1
    assert re.search(r"示例县2024\.yaml:\d+:\d+: 错误 \[public-secret\] 导语：有“机密”字样", err)
    assert "未生成公开版" in err
    assert not (tmp_path / "示例县2024（公开版）.html").exists()
    # the submission copy is not refused
    assert run_cli("render", str(form), "--format", "txt")[0] == 0
    code, out, _err = run_cli("check", "--public", str(form))
    assert code == 1 and "public-secret" in out
    assert "public-secret" not in run_cli("check", str(form))[1]


def test_marking_the_block_private_or_rewording_clears_the_refusal(run_cli, tmp_path):
    def private(data):
        data["导语"] = [{"段落": "过去一年，示例县持续推进法治政府建设（机密）。", "不公开": True}, "现将有关情况报告如下："]

    def reworded(data):
        data["导语"] = "过去一年，示例县持续推进法治政府建设。"

    for edit in (private, reworded):
        form = write_form(tmp_path / "示例县2024.yaml", edit)
        code, _out, err = run_cli("render", str(form), "--public", "--force")
        assert code == 0, err


def _review(tmp_path, text: str):
    def edit(data):
        data["导语"] = text

    form = load_form(write_form(tmp_path / "示例县.yaml", edit))
    return [(f.level.value, f.rule) for f in run_checks(form, options=CheckOptions(public=True))
            if f.rule.startswith("public-")]


@pytest.mark.parametrize(("text", "expected"), [
    (f"当事人身份证号{ID_NUMBER}。", [("错误", "public-id-number")]),
    ("当事人身份证号110101199003071234。", [("警告", "public-id-number")]),
    ("咨询请拨13912345678。", [("错误", "public-phone")]),
    ("服务电话0351-1234567。", [("警告", "public-phone")]),
    ("来信请寄 fazhi@example.gov.cn 。", [("警告", "public-email")]),
    (f"退款打入{CARD}。", [("错误", "public-bank-card")]),
    ("退款打入6222021234567890123。", []),
    ("本材料为内部资料，不宜公开。", [("错误", "public-secret"), ("错误", "public-secret")]),
    ("开展《中华人民共和国保守国家秘密法》宣传。", []),
    ("张建国同志带队督察，干部李明同志参加。", [("提示", "public-name"), ("提示", "public-name")]),
    ("县委、县政府主要负责同志带头学法。", []),
    ("全年受理案件12345件，办结率99.5%。", []),
])
def test_publication_review_findings(tmp_path, text, expected):
    assert sorted(_review(tmp_path, text)) == sorted(expected)


def test_the_review_only_runs_with_public(tmp_path):
    def edit(data):
        data["导语"] = "咨询请拨13912345678。"

    form = load_form(write_form(tmp_path / "示例县.yaml", edit))
    assert not [f for f in run_checks(form) if f.rule.startswith("public-")]


def test_a_private_custom_figure_in_published_text_is_refused(tmp_path):
    def edit(data):
        data["数据"]["自定义"] = [{"名称": "涉密案件", "数值": 3, "单位": "件", "不公开": True}]
        data["导语"] = "办理涉密案件{{ 自定义.涉密案件 }}件。"

    form = load_form(write_form(tmp_path / "示例县.yaml", edit))
    found = [(f.level.value, f.rule, f.path) for f in run_checks(form, options=CheckOptions(public=True))
             if f.rule == "public-private-figure"]
    assert found == [("错误", "public-private-figure", "导语")]

    def hidden(data):
        edit(data)
        data["导语"] = [{"段落": "办理涉密案件{{ 自定义.涉密案件 }}件。", "不公开": True}]

    form = load_form(write_form(tmp_path / "示例县.yaml", hidden))
    assert not [f for f in run_checks(form, options=CheckOptions(public=True)) if f.rule.startswith("public-")]


def test_public_draft_is_a_usage_error(run_cli, tmp_path):
    form = write_form(tmp_path / "示例县2024.yaml")
    code, _out, err = run_cli("render", str(form), "--public", "--draft")
    assert code == 2 and "公开版不能是草稿" in err


def test_public_batch(run_cli, tmp_path):
    forms = tmp_path / "表单"
    forms.mkdir()
    write_form(forms / "甲.yaml", _private)
    write_form(forms / "乙.yaml", _private)
    code, _out, err = run_cli("render", str(forms), "--public", "-o", str(tmp_path / "公开"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "公开").iterdir()) == ["乙（公开版）.html", "甲（公开版）.html"]


def _id_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


@given(st.text("0123456789", min_size=17, max_size=17))
def test_id_checksum_accepts_exactly_the_right_check_character(first17):
    right = _id_check(first17)
    assert id_checksum_ok(first17 + right)
    for wrong in "0123456789X":
        if wrong != right:
            assert not id_checksum_ok(first17 + wrong)


@given(st.text("0123456789", min_size=15, max_size=18))
def test_luhn_has_one_check_digit(payload):
    valid = [d for d in "0123456789" if luhn_ok(payload + d)]
    assert len(valid) == 1


def test_private_entries_of_a_yishi_paragraph_close_up(tmp_path):
    def edit(data):
        data["主要举措和成效"]["章节"][2]["条目"][0]["不公开"] = True   # 一是规范文件管理
        data["主要举措和成效"]["章节"][3]["条目"][0]["子项"][0]["不公开"] = True  # （1）公众参与

    report = load_report(tmp_path, edit)
    full = "\n".join(_texts(render_report(report, draft=True)))
    public = "\n".join(_texts(render_report(report, draft=True, public=True)))
    assert "一是规范文件管理" in full and "规范文件管理" not in public
    assert "一是清理文件" in public and "二是加强审查把关" in public
    assert "（1）公众参与" in full and "公众参与" not in public and "（1）合法性审查" in public
