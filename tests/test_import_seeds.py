"""The importer on the real seed reports (skipped when ../shared/seeds is absent).

For each report seed: the parts and how they map, section and item counts, title,
addressee, signature and date, a form that passes `drafter check` without errors, and
a rendered text that gives back the source (similarity ≥ 0.98). Seed 003 is a
directive: refused, or imported as a tree with --force-report.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date

import pytest
from import_support import rendered_text, similarity, source_text

from drafter.checks import Level, run_checks
from drafter.importer import ImportFailure
from drafter.importer.importing import import_report
from drafter.model.report import PartKey
from drafter.form.load import load_form

M, F, S, P = PartKey.MEASURES, PartKey.FIRST_RESPONSIBLE, PartKey.SHORTCOMINGS, PartKey.PLANS


@dataclass(frozen=True)
class Expected:
    prefix: str
    year: int
    region: str
    parts: tuple[PartKey, ...]        # the key of each top-level part, in source order
    sections: dict[PartKey, int]
    items: int                        # items of 主要举措和成效
    title: str | None                 # as found in the source
    addressees: tuple[str, ...]
    signatures: tuple[str, ...]       # as found in the source
    date: date | None
    areas: int                        # sections of 主要举措和成效 given a 纲要 area


DEFAULT_TITLE = "关于{}年法治政府建设情况的报告"

SEEDS = [
    Expected("000", 2024, "巩留县", (M, S, P), {M: 4, S: 3, P: 6}, 15, None, (), (), None, 4),
    Expected("001", 2023, "建宁县", (M, S, P), {M: 7, S: 0, P: 4}, 23, DEFAULT_TITLE.format(2023),
             ("中共三明市委", "三明市人民政府"), ("中共建宁县委", "建宁县人民政府"), date(2024, 1, 23), 4),
    Expected("002", 2019, "天镇县", (M, S, P), {M: 8, S: 3, P: 4}, 25, "关于2019年度法治政府建设情况报告",
             (), ("天镇县人民政府",), date(2020, 3, 30), 7),
    Expected("004", 2024, "项城市", (F, M, S, P), {F: 3, M: 8, S: 0, P: 3}, 23, None, (), (), date(2025, 2, 28), 8),
]


def _seed(seeds_dir, prefix: str):
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


@pytest.fixture(params=SEEDS, ids=[seed.prefix for seed in SEEDS])
def imported(request, seeds_dir, tmp_path):
    expected: Expected = request.param
    source = _seed(seeds_dir, expected.prefix)
    target = tmp_path / f"{expected.prefix}.yaml"
    result = import_report(source, target, today=date(2025, 3, 1))
    target.write_text(result.form.text, encoding="utf-8")
    return expected, result, target


def test_parts_sections_and_items(imported):
    expected, result, _ = imported
    report = result.mapped.report
    assert tuple(part.key for part in result.mapped.parts) == expected.parts
    assert not any(part.merged for part in result.mapped.parts)
    assert {key: len(part.sections) for key, part in report.parts()} == expected.sections
    assert sum(len(section.items) for section in report.measures.sections) == expected.items
    assert len(result.mapped.areas) == expected.areas


def test_head_and_tail(imported):
    expected, result, _ = imported
    outline, meta = result.outline, result.mapped.report.meta
    assert (meta.year, meta.region) == (expected.year, expected.region)
    assert (outline.title or None) == expected.title
    assert meta.display_title() == (expected.title or DEFAULT_TITLE.format(expected.year))
    assert tuple(meta.addressees) == expected.addressees
    assert tuple(outline.signatures) == expected.signatures
    assert meta.signatures == (list(expected.signatures) or [f"{expected.region}人民政府"])
    assert meta.date == expected.date


#: The only errors an imported seed may carry are the defects its published text has
#: (see ../shared/seeds/README.md): 巩留 is a scraped body without 成文日期 (render needs one),
#: 天镇 left figures blank and has no 第一责任人履职 part, 项城 wrote “2025度”.
KNOWN_DEFECTS = {"000": {"missing-figure"}, "001": set(), "002": {"blank", "first-responsible"},
                 "004": {"year-typo"}}


def test_form_passes_check_and_loads_back_unchanged(imported):
    expected, result, target = imported
    form = load_form(target)
    assert {f.rule for f in run_checks(form) if f.level is Level.ERROR} == KNOWN_DEFECTS[expected.prefix]
    assert form.report.model_dump() == result.mapped.report.model_dump()


def test_rendered_form_gives_back_the_source(imported, seeds_dir):
    expected, result, _ = imported
    ratio = similarity(source_text(_seed(seeds_dir, expected.prefix)), rendered_text(result.mapped.report))
    assert ratio >= 0.98


def test_extracted_figures_keep_the_rendered_text(seeds_dir, tmp_path):
    source = _seed(seeds_dir, "004")
    plain = import_report(source, tmp_path / "a.yaml")
    extracted = import_report(source, tmp_path / "b.yaml", figures=True)
    done = {e.dotted: e.value for e in extracted.extractions if not e.kept}
    assert done["行政应诉.开庭"] == 119 and done["行政应诉.负责人出庭"] == 118
    rate = next(e for e in extracted.extractions if e.dotted == "行政应诉.出庭应诉率")
    assert "99.16%" in rate.kept                       # the seed states 99.15%
    assert rendered_text(extracted.mapped.report) == rendered_text(plain.mapped.report)


def test_the_directive_seed_is_refused_and_can_be_forced(seeds_dir, tmp_path):
    source = _seed(seeds_dir, "003")
    with pytest.raises(ImportFailure) as failure:
        import_report(source, tmp_path / "003.yaml")
    assert "实施意见" in failure.value.message and "drafter check --targets" in failure.value.message
    result = import_report(source, tmp_path / "003.yaml", year=2024, region="赣州市", force_report=True)
    target = tmp_path / "003.yaml"
    target.write_text(result.form.text, encoding="utf-8")
    # a directive is not a report: what a report must have and it lacks are the only errors
    errors = {f.rule for f in run_checks(load_form(target)) if f.level is Level.ERROR}
    assert errors == {"first-responsible", "missing-figure", "empty-text"}
    tasks = result.mapped.report.other.sections
    assert sum(len(section.items) for section in tasks[:7]) == 18
    assert similarity(source_text(source), rendered_text(result.mapped.report)) >= 0.98


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_every_seed_saved_as_word_imports_like_its_text(seeds_dir, tmp_path):
    """Each seed opened in LibreOffice and saved as .docx (as an office would do with a web copy)
    imports to the same document tree as the text, and renders back to its characters."""
    import subprocess

    sources = [_seed(seeds_dir, seed.prefix) for seed in SEEDS]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", "docx", "--outdir", str(tmp_path),
                    *map(str, sources)], capture_output=True, timeout=300, check=True)
    for source in sources:
        as_text = import_report(source, tmp_path / "文本.yaml", today=date(2025, 3, 1))
        as_word = import_report(tmp_path / f"{source.stem}.docx", tmp_path / "文档.yaml", today=date(2025, 3, 1))
        tree = [(b.kind, b.level, b.text) for b in as_text.outline.document().blocks]
        assert [(b.kind, b.level, b.text) for b in as_word.outline.document().blocks] == tree, source.name
        assert similarity(source_text(source), rendered_text(as_word.mapped.report)) >= 0.98, source.name
