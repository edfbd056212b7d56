"""Reading a form with the C parser gives what the round-trip parser gives: the same values,
the same line and column for every location, and no text accepted that it refuses."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.errors import DrafterError
from drafter.form.load import parse_yaml
from drafter.form.plain import Positions, plain, plain_data

ROOT = Path(__file__).resolve().parents[1]
FORMS = sorted((ROOT / "samples").rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))


# ---------------------------------------------------------------- the reference: the round-trip tree's records


def locate(data, loc, *, at_key=False):
    """Where the round-trip tree puts `loc` (the lookup drafter did before `Positions`)."""
    line, col = 1, 1
    node = data
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            child = node[key]
            try:
                if child is None or at_key:
                    ln, cl = node.lc.key(key)
                elif isinstance(child, (CommentedMap, CommentedSeq)):
                    ln, cl = child.lc.line, child.lc.col
                else:
                    ln, cl = node.lc.value(key)
            except (KeyError, TypeError, AttributeError):
                ln, cl = node.lc.line, node.lc.col
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            child = node[key]
            try:
                ln, cl = node.lc.item(key)
            except (KeyError, TypeError, AttributeError):
                ln, cl = node.lc.line, node.lc.col
        else:
            break
        line, col = ln + 1, cl + 1
        node = child
    return line, col


def key_location(data, loc):
    parent = data
    for key in loc[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return locate(data, loc)
    if isinstance(parent, CommentedMap) and loc and loc[-1] in parent:
        ln, cl = parent.lc.key(loc[-1])
        return ln + 1, cl + 1
    return locate(data, loc)


def _locs(node, base=()):
    yield base
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _locs(value, (*base, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _locs(value, (*base, index))


def _same_as_round_trip(text: str) -> None:
    try:
        tree = parse_yaml(text, "表单.yaml")
    except DrafterError:
        assert not plain_data(text)[0], "the C parser accepted a text the round-trip parser refuses"
        return
    read, data = plain_data(text)
    if read:     # else left to the round-trip parser
        assert data == plain(tree)
    positions = Positions(text)
    for loc in _locs(plain(tree)):
        for probe in (loc, (*loc, "没有这个键"), (*loc, 7)):
            for at_key in (False, True):
                assert positions.locate(probe, at_key=at_key) == locate(tree, probe, at_key=at_key), probe
            if probe:
                assert positions.key_location(probe) == key_location(tree, probe), probe


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_every_sample_and_fixture_reads_the_same(path):
    _same_as_round_trip(path.read_text(encoding="utf-8-sig"))


def test_a_null_key_is_located_as_the_round_trip_tree_has_it():
    """A line broken into `键:: x` makes a null key: the values name it "None", the tree None."""
    lines = list(_SAMPLE_LINES)
    lines[8] = lines[8] + ": x"
    _same_as_round_trip("\n".join(lines) + "\n")


@pytest.mark.parametrize("escaped", ["\\ud800", "\\x0b", "\\0", "\\uffff", "\\U0001F600"])
def test_text_libyaml_refuses_is_read_and_located_as_the_round_trip_tree_has_it(escaped):
    fixture = ROOT / "tests" / "fixtures" / "示例县2024.yaml"
    text = fixture.read_text(encoding="utf-8").replace('导语: "2024年', f'导语: "2024{escaped}年')
    assert escaped in text
    _same_as_round_trip(text)


_KEYS = st.sampled_from(["数据", "受理", "标题", "内容", "条目", "年度", "a", "2024", "true", "null", "键 名", "x:y"])
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(["", " ", "yes", "NO", "~", "0x1F", "0o17", "017", "1_000", ".5", "12:30", "2024-02-30",
                     "“引号”", "a: b", "- x", "# 注释", "{{ 行政复议.受理 }}", "多行\n文字", "'单引'", '"双引"']),
)
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=20)


def _dump(data, flow: bool | None, block_scalars: bool) -> str:
    yaml = YAML(typ="rt")
    yaml.default_flow_style = flow
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump({"表单": data}, stream)
    text = stream.getvalue()
    return text.replace(": |-\n", ": |\n") if block_scalars else text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DATA, st.sampled_from([None, False, True]), st.booleans())
def test_random_documents_read_the_same(data, flow, block_scalars):
    _same_as_round_trip(_dump(data, flow, block_scalars))


_SAMPLE_LINES = (ROOT / "samples" / "样例县2019年法治政府建设报告.yaml").read_text(encoding="utf-8").splitlines()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(_SAMPLE_LINES) - 1),
                          st.sampled_from(["drop", "repeat", "indent", "dedent", "colon", "quote", "bracket", "dash"])),
                max_size=4))
def test_edited_samples_read_the_same_or_are_refused_the_same(edits):
    """Lines dropped, repeated, shifted or broken: what the round-trip parser refuses, the C
    parser must not accept (it would change what a user is told)."""
    lines = list(_SAMPLE_LINES)
    for index, edit in edits:
        index %= len(lines)
        line = lines[index]
        if edit == "drop":
            del lines[index]
        elif edit == "repeat":
            lines.insert(index, line)
        elif edit == "indent":
            lines[index] = "  " + line
        elif edit == "dedent":
            lines[index] = line[1:]
        elif edit == "colon":
            lines[index] = line + ": x"
        elif edit == "quote":
            lines[index] = line.replace(": ", ': "', 1)
        elif edit == "bracket":
            lines[index] = line + " ["
        else:
            lines[index] = "- " + line
        if not lines:
            lines = ["a: 1"]
    _same_as_round_trip("\n".join(lines) + "\n")


@pytest.mark.parametrize("text", [
    "? [甲, 乙]\n: 1\n导语: x\n",                       # a complex key
    "? : 正文:\n导语: x\n",                             # a mapping as a key (the parser cannot build it)
    "数据:\n  学法:\n    考试参考: " + "9" * 40 + "\n",     # a number beyond the digit limit
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 60)),   # lists nested beyond the limit
    "a: 1\na: 2\n",                                     # a repeated key
    "a: [1, 2\n",                                       # a bracket never closed
])
def test_what_the_limits_refuse_is_refused_with_the_round_trip_message(text):
    from drafter.form.load import read_values

    with pytest.raises(DrafterError) as round_trip:
        parse_yaml(text, "表单.yaml")
    with pytest.raises(DrafterError) as fast:
        read_values(text, "表单.yaml")
    assert (str(fast.value), fast.value.exit_code) == (str(round_trip.value), round_trip.value.exit_code)
