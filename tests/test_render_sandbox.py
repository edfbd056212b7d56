"""Form text is untrusted: the placeholder check and the sandbox behind it refuse everything but
figure lookups and the text filters, and stop oversized or slow output quickly."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.exceptions import SecurityError, TemplateAssertionError, UndefinedError
from render_support import load_report, minimal_report

from drafter.doctree import Role
from drafter.render import RenderError
from drafter.render.errors import FigureError
from drafter.render.sandbox import TextRenderer
from drafter.text import normalize_text

MINIMAL = minimal_report()

ATTACKS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ 行政复议.受理.__class__ }}",
    "{{ 行政复议.受理.value }}",
    "{{ 行政复议._values }}",
    "{{ 行政复议.__getitem__('受理') }}",
    "{{ 行政复议['_values'] }}",
    "{{ 行政复议.受理.__init__.__globals__ }}",
    "{{ self }}",
    "{{ self.__init__.__globals__ }}",
    "{{ range(10) }}",
    "{{ lipsum() }}",
    "{{ cycler }}",
    "{{ config }}",
    "{{ 'a' * 1000000000 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ 行政复议.受理 | attr('value') }}",
    "{{ 行政复议.受理 | map('x') }}",
    "{% include 'report.j2' %}",
    "{% import 'report.j2' as x %}",
    "{% for i in 行政复议 %}x{% endfor %}",
    "{% set x = 1 %}",
    "{% macro m() %}{% endmacro %}",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return load_report(tmp_path_factory.mktemp("sandbox"))


@pytest.mark.parametrize("source", ATTACKS)
def test_form_text_refuses(report, source):
    started = time.monotonic()
    with pytest.raises(RenderError):
        TextRenderer(report).runs(f"全年{source}件", ("导语",))
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("source", [a for a in ATTACKS if not a.startswith("{%")])
def test_the_sandbox_itself_refuses_expressions(report, source):
    """Even without the placeholder check in front, the environment gives nothing away."""
    renderer = TextRenderer(report)
    started = time.monotonic()
    with pytest.raises((SecurityError, UndefinedError, TemplateAssertionError, FigureError)):
        "".join(renderer.env.from_string(source).generate(**renderer.spaces))
    assert time.monotonic() - started < 1


def test_the_sandbox_has_no_loader_for_statements(report):
    renderer = TextRenderer(report)
    with pytest.raises(TypeError, match="no loader"):
        renderer.env.from_string("{% include 'report.j2' %}").render()


def test_the_sandbox_has_only_the_text_filters(report):
    env = TextRenderer(report).env
    assert sorted(env.filters) == sorted(["同比", "万元", "上年", "小数"])
    assert not env.globals and not env.tests


def test_output_of_one_text_is_capped(report):
    renderer = TextRenderer(report, max_text_chars=100)
    with pytest.raises(RenderError, match="超过 100 字"):
        renderer.runs("长" * 101, ("导语",))
    with pytest.raises(RenderError, match="超过 100 字"):
        renderer.runs("长" * 99 + "{{ 行政复议.受理 }}", ("导语",))
    assert renderer.runs("长" * 98 + "{{ 行政复议.受理 }}", ("导语",))[0].text.endswith("45")


def test_output_of_all_texts_is_capped(report):
    renderer = TextRenderer(report, max_total_chars=250)
    for _ in range(2):
        renderer.runs("字" * 100, ("导语",))
    with pytest.raises(RenderError, match="全文超过 250 字"):
        renderer.runs("字" * 100, ("导语",))


def test_rendering_time_is_capped(report):
    renderer = TextRenderer(report, time_limit=0)
    with pytest.raises(RenderError, match="超时"):
        renderer.runs("全年受理{{ 行政复议.受理 }}件", ("导语",))


def test_many_placeholders_render_fast(report):
    renderer = TextRenderer(report)
    source = "受理{{ 行政复议.受理 | 同比 }}，" * 2000
    started = time.monotonic()
    runs = renderer.runs(source, ("导语",))
    assert time.monotonic() - started < 2
    assert runs[0].text.count("同比增长12.5%") == 2000


@given(st.text(alphabet=st.characters(blacklist_characters="{}%#", blacklist_categories=("Cs",)), max_size=200))
@settings(max_examples=150, deadline=None)
def test_text_without_placeholders_is_only_normalised(source):
    runs = TextRenderer(MINIMAL).runs(source, ("导语",))
    expected = normalize_text(source.replace("\ue000", "").replace("\ue001", ""))
    assert "".join(run.text for run in runs) == expected
    assert all(run.role is Role.TEXT for run in runs)

