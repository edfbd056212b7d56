"""The sample forms in samples/: they load, validate, check clean and follow the form's rules.

Each sample is a complete report for a fictional region. Besides passing `run_checks`
with no 错误 and no 警告, their figures must be mutually consistent (parts ≤ wholes),
their text may not type numbering or ASCII punctuation, every number in the text
comes from a placeholder, and no sentence may be lifted from the seed documents.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from tests_support_seeds import seeds_folder

from drafter.checks import Level, run_checks
from drafter.model.figures import GROUPS, figure_value
from drafter.model.outline import AREAS, FIRST_RESPONSIBLE, Outline
from drafter.model.report import Level as OrganLevel
from drafter.model.report import ListStyle, PartKey, Report, iter_texts
from drafter.paths import SAMPLES_DIR
from drafter.form.placeholders import parse_text
from drafter.form.load import load_form
from drafter.text import parse_heading


COUNTY_2024 = "示例县2024年法治政府建设报告.yaml"
COUNTY_2019 = "样例县2019年法治政府建设报告.yaml"
BUREAU_2024 = "示例市司法局2024年法治政府建设报告.yaml"
NAMES = (COUNTY_2024, COUNTY_2019, BUREAU_2024)

PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
OUTLINE_NAME = re.compile(r"（(2015—2020|2021—2025)年）")
INLINE_ORDINAL = re.compile(r"[一二三四五六七八九十]是")
ASCII_PUNCT = re.compile(r"[,:;()?!\"']")


def _load(name: str):
    return load_form(SAMPLES_DIR / name)


def _report(name: str) -> Report:
    report = _load(name).report
    assert report is not None
    return report


def _length(report: Report) -> int:
    return sum(len(text) for _loc, text in iter_texts(report))


def test_samples_folder_holds_the_three_samples():
    assert set(NAMES) <= {p.name for p in SAMPLES_DIR.glob("*.yaml")}


@pytest.mark.parametrize("name", NAMES)
def test_sample_loads_and_validates(name):
    form = _load(name)
    assert form.problems == []
    assert form.report is not None


@pytest.mark.parametrize("name", NAMES)
def test_sample_checks_without_errors_or_warnings(name):
    findings = run_checks(_load(name))
    serious = [f"{f.level.value} {f.path}：{f.message}" for f in findings if f.level is not Level.HINT]
    assert serious == []


@pytest.mark.parametrize(("name", "which"), [*((n, "figures") for n in NAMES), (COUNTY_2024, "last_figures")])
def test_sample_figures_are_consistent(name, which):
    figures = getattr(_report(name), which)
    assert figures is not None
    broken = []
    for group in GROUPS:
        def total(keys, group=group):
            values = [figure_value(figures, group.key, k) for k in keys]
            return None if any(v is None for v in values) else sum(Decimal(v) for v in values)

        pairs = [((spec.key,), spec.part_of) for spec in group.figures if spec.part_of]
        for parts, wholes in (*pairs, *group.sums):
            part, whole = total(parts), total(wholes)
            if part is not None and whole is not None and part > whole:
                broken.append(f"{group.key}: {'+'.join(parts)}={part} > {'+'.join(wholes)}={whole}")
    assert broken == []


@pytest.mark.parametrize("name", NAMES)
def test_yoy_references_have_both_years(name):
    report = _report(name)
    for _loc, text in iter_texts(report):
        for ref in parse_text(text):
            if "同比" in ref.filters:
                assert report.last_figures is not None
                assert figure_value(report.figures, ref.group, ref.name) is not None
                assert figure_value(report.last_figures, ref.group, ref.name) is not None, ref.dotted


@pytest.mark.parametrize("name", NAMES)
def test_sample_text_types_no_numbering_and_no_ascii_punctuation(name):
    for loc, text in iter_texts(_report(name)):
        prose = PLACEHOLDER.sub("", text)
        assert parse_heading(prose) is None, loc
        assert not INLINE_ORDINAL.search(prose), loc
        assert not ASCII_PUNCT.search(prose), loc
        assert not re.search(r"\}\}\s*%", text), loc  # a rate renders with its own %


@pytest.mark.parametrize("name", NAMES)
def test_numbers_in_text_are_placeholders_except_next_year_and_outline_names(name):
    report = _report(name)
    next_year = str(report.meta.year + 1)
    for loc, text in iter_texts(report):
        prose = OUTLINE_NAME.sub("", PLACEHOLDER.sub("", text))
        assert re.findall(r"[0-9０-９]+", prose.replace(next_year + "年", "")) == [], loc


def test_county_2024_is_the_largest_and_complete():
    report = _report(COUNTY_2024)
    assert _length(report) >= 9000
    assert _length(report) == max(_length(_report(n)) for n in NAMES)

    meta = report.meta
    assert (meta.year, meta.level, meta.outline) == (2024, OrganLevel.COUNTY, Outline.V2021)
    assert meta.addressees == ["中共示例市委", "示例市人民政府"]
    assert meta.signatures == ["中共示例县委", "示例县人民政府"]
    assert meta.date.isoformat() == "2025-02-14" and meta.note == "此件公开发布"

    assert report.first_responsible is not None and 2 <= len(report.first_responsible.sections) <= 3
    sections = report.measures.sections
    assert [s.area for s in sections] == list(AREAS[Outline.V2021])
    assert all(2 <= len(s.items) <= 4 for s in sections)
    assert any(s.style is ListStyle.INLINE for s in sections)
    assert any(i.title and i.title.endswith("。") for s in sections for i in s.items)
    assert len(report.shortcomings.sections) == 3
    assert len(report.plans.sections) == 4
    assert report.last_figures is not None
    assert report.figures.custom


def test_county_2019_uses_the_old_outline_and_sub_items():
    report = _report(COUNTY_2019)
    meta = report.meta
    assert (meta.year, meta.outline, meta.title_style) == (2019, Outline.V2015, "年度报告")
    assert meta.addressees == [] and len(meta.signatures) == 1
    assert meta.date.isoformat() == "2020-03-10"
    assert meta.display_title() == "样例县2019年法治政府建设年度报告"

    assert report.first_responsible is None
    areas = [s.area for s in report.measures.sections]
    assert areas[0] == FIRST_RESPONSIBLE
    assert set(areas[1:]) == set(AREAS[Outline.V2015])
    with_children = [i for s in report.measures.sections for i in s.items if i.children]
    assert len(with_children) >= 3
    assert all(i.style is ListStyle.NUMBERED for i in with_children)
    assert report.has_first_responsible()


def test_bureau_2024_is_a_department_report_with_a_head():
    report = _report(BUREAU_2024)
    meta = report.meta
    assert meta.level is OrganLevel.DEPARTMENT
    assert meta.issuer == "示例市司法局" and meta.signatures == ["示例市司法局"]
    assert meta.addressees == ["中共示例市委全面依法治市委员会办公室", "示例市人民政府"]
    assert meta.doc_number == "示司〔2025〕6号"
    assert meta.date.isoformat() == "2025-02-20"

    assert PartKey.OTHER in dict(report.parts())
    sections = report.measures.sections
    assert any(s.not_applicable for s in sections)
    assert any(s.area is None and s.title for s in sections)


def _squeeze(text: str) -> str:
    return "".join(re.findall(r"[\u3400-\u9fff0-9A-Za-z]", text))


def test_samples_do_not_copy_seed_sentences():
    seeds = seeds_folder()
    n = 28
    grams: set[str] = set()
    for seed in seeds.glob("*.txt"):
        s = _squeeze(seed.read_text(encoding="utf-8", errors="replace"))
        grams.update(s[i:i + n] for i in range(len(s) - n + 1))
    for name in NAMES:
        s = _squeeze((SAMPLES_DIR / name).read_text(encoding="utf-8"))
        copied = [s[i:i + n] for i in range(len(s) - n + 1) if s[i:i + n] in grams]
        assert copied == [], name
