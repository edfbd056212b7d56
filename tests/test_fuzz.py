"""Fuzzing the entry points: whatever arrives ends in a valid output or a clean Chinese error.

Random YAML documents (trees of the form's own keys and random keys and values) and
random mutations of the samples go through `drafter check` and `drafter render` (txt
and docx) via the real entry point, the random documents also through `drafter rollover`
once that command is merged; random .txt and .docx bytes go into the importer and `drafter import`.
Never a traceback, never exit 3, never a partial output or a leftover temporary file.

The number of examples comes from the hypothesis profile (tests/conftest.py): a plain
run is quick, `HYPOTHESIS_PROFILE=ci` runs 500 per test.
"""

from __future__ import annotations

import pytest

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from drafter.cli import main
from drafter.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from drafter.importer import ImportFailure, read_outline
from drafter.model.figures import GROUPS_BY_KEY
from drafter.form.placeholders import TEXT_FILTERS
from drafter.form.load import dump_yaml, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLES]
SAMPLE_TREES = [parse_yaml(text, p.name) for text, p in zip(SAMPLE_TEXTS, SAMPLES)]

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _keys(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(str(key))
            _keys(value, out)
    elif isinstance(node, list):
        for value in node:
            _keys(value, out)
    return out


FORM_KEYS = sorted(set().union(*(_keys(tree, set()) for tree in SAMPLE_TREES)))
PLACEHOLDERS = [f"{{{{ {group}.{spec.key}{f' | {flt}' if flt else ''} }}}}"
                for group, g in GROUPS_BY_KEY.items() for spec in g.figures[:2] for flt in ("", *TEXT_FILTERS)]

#: Text with what breaks forms: YAML syntax, braces, control and invisible characters, wide characters.
nasty_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("法治政府建设示例县年度报告，。；：、“”（）《》〔〕")),
        st.sampled_from(list(":-#&*!|>'\"%@`{}[],?\t\r\n \\")),
        st.sampled_from(["\x00", "\x0b", "\x1f", "\u200f", "\u202e", "\ufeff", "\ufffe", "𠀀", "👍", "\U0001F3FD", "\u3000"]),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)
fragment = st.one_of(nasty_text, st.sampled_from(PLACEHOLDERS), st.sampled_from(FORM_KEYS),
                     st.sampled_from(["{% include '/etc/passwd' %}", "{{ ''.__class__ }}", "{{", "}}", "{%", "~", "null",
                                      "true", "2024-02-30", "-1", "1e400", "0x1F", ".nan", "&a", "*a", "!!python/object"]))
scalar = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                   st.floats(allow_nan=True, allow_infinity=True), st.dates(), fragment,
                   st.lists(fragment, max_size=4).map("".join))
key = st.one_of(st.sampled_from(FORM_KEYS), nasty_text.filter(bool))


def _tree(children):
    return st.one_of(st.lists(children, max_size=4), st.dictionaries(key, children, max_size=5))


random_tree = st.recursive(scalar, _tree, max_leaves=25)


@st.composite
def random_documents(draw) -> bytes:
    """A YAML document: a random tree, or a sample with random subtrees replaced."""
    if draw(st.integers(0, 5)):
        return dump_yaml(draw(random_tree)).encode("utf-8")
    tree = parse_yaml(draw(st.sampled_from(SAMPLE_TEXTS)), "样例")
    for _ in range(draw(st.integers(1, 4))):
        node = tree
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
            child_key = draw(st.sampled_from(keys))
            child = node[child_key]
            if not isinstance(child, (dict, list)) or not child or draw(st.booleans()):
                node[child_key] = draw(random_tree)
                break
            node = child
    return dump_yaml(tree).encode("utf-8")


def _top_level_blocks(text: str) -> list[list[str]]:
    """The lines of a form grouped by top-level key (comments and blank lines go with the key after them)."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line and not line[0].isspace() and not line.startswith("#") and blocks[-1] and \
                any(not (l.startswith("#") or not l.strip()) for l in blocks[-1]):
            blocks.append([])
        blocks[-1].append(line)
    return blocks


SAMPLE_BLOCKS = [_top_level_blocks(text) for text in SAMPLE_TEXTS]
#: Top-level parts a form cannot do without (the figures are referenced by the texts).
REQUIRED = {"基本信息", "主要举措和成效", "存在的不足和原因", "下一年度工作安排", "数据", "上年数据"}
TEXT_LINE = re.compile(r"\s*(- )?(内容|小标题|导语|标题): \S")
#: Text that keeps a YAML line valid but is unusual on a page: wide, invisible, right-to-left, huge.
valid_text = st.text(alphabet=st.sampled_from(list("法治政府建设，。；、（）《》") + [
    "𠀀", "𪚥", "👍", "\U0001F3FD", "\u200d", "\u200f", "\u202e", "\u3000", "é", "ﬁ", "Ⅻ", "㊣", "\u00ad"]),
    min_size=1, max_size=60) | st.integers(1, 5_000).map(lambda n: "长" * n)


@st.composite
def mutated_samples(draw) -> bytes:
    """A sample form with some top-level parts dropped, then a few line- and character-level edits,
    in one of the accepted encodings."""
    blocks = SAMPLE_BLOCKS[draw(st.integers(0, len(SAMPLE_BLOCKS) - 1))]
    kept = draw(st.lists(st.booleans(), min_size=len(blocks), max_size=len(blocks)))
    lines = [line for block, keep in zip(blocks, kept) if keep or block[0].split(":")[0] in REQUIRED for line in block]
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["text"] * 4 + ["delete", "duplicate", "indent", "dedent", "replace-value",
                                                    "insert", "placeholder", "number", "swap"]))
        if edit == "text":
            texts = [j for j, line in enumerate(lines) if TEXT_LINE.match(line)]
            i = texts[draw(st.integers(0, len(texts) - 1))] if texts else i
            line, quoted = lines[i], lines[i].endswith('"')
            addition = draw(valid_text)
            lines[i] = line[:-1] + addition + '"' if quoted else line + addition
        elif edit == "delete":
            del lines[i:i + draw(st.integers(1, 5))]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + lines[i]
        elif edit == "dedent":
            lines[i] = lines[i].lstrip()
        elif edit == "replace-value" and ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ": " + draw(fragment)
        elif edit == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(fragment) + lines[i][at:]
        elif edit == "placeholder":
            lines[i] = lines[i] + draw(st.sampled_from(PLACEHOLDERS))
        elif edit == "number":
            lines[i] = "".join(draw(st.sampled_from(["-1", "0", "3.5", "99999999999999999999", "1,000"]))
                               if c.isdigit() else c for c in lines[i])
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            lines = [""]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030"]))
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def drafter(*args: object) -> tuple[int, str, str]:
    """Run `drafter.cli.main` in process; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exited:
            code = exited.code
        else:  # pragma: no cover - main always exits
            code = None
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, out: str, err: str, allowed: tuple[int, ...]) -> None:
    assert code in allowed, (code, out, err)
    assert "Traceback" not in out + err


def assert_output_whole(folder: Path, target: Path, code: int) -> None:
    """A render that succeeded wrote a complete file; one that failed wrote nothing; no temporary file remains."""
    assert not list(folder.glob(".*.tmp"))
    if code != EXIT_OK:
        assert not target.exists()
    elif target.suffix == ".docx":
        document = docx.Document(str(target))
        assert document.paragraphs
    else:
        assert target.read_text(encoding="utf-8").strip()


@contextlib.contextmanager
def _crash_logs_in(folder: Path):
    old = os.environ.get("DRAFTER_LOG_DIR")
    os.environ["DRAFTER_LOG_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            del os.environ["DRAFTER_LOG_DIR"]
        else:
            os.environ["DRAFTER_LOG_DIR"] = old


def _has_command(name: str) -> bool:
    from drafter.cli import cli

    return name in cli.commands


def _exercise(data: bytes, fmt: str, rollover: bool = False) -> None:
    """`drafter check` and `drafter render --draft` (each loads the form) end in a valid result or a clean error."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        form = folder / "表单.yaml"
        form.write_bytes(data)
        target = folder / f"报告.{fmt}"
        with _crash_logs_in(folder):
            checked = drafter("check", form)
            assert_clean(*checked, allowed=(EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE))
            code, out, err = drafter("render", form, "--draft", "-o", target)
        event(f"check 退出码 {checked[0]}")
        event(f"render {fmt} 退出码 {code}")
        assert_clean(code, out, err, allowed=(EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE))
        assert_output_whole(folder, target, code)
        if rollover:
            following = folder / "下一年.yaml"
            with _crash_logs_in(folder):
                rolled = drafter("rollover", form, "-o", following)
            assert_clean(*rolled, allowed=(EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE))
            assert (rolled[0] == EXIT_OK) == following.exists()
            assert not list(folder.glob(".*.tmp"))
            event(f"rollover 退出码 {rolled[0]}")
        assert not list(folder.glob("drafter-*.log"))


@pytest.mark.slow
@FUZZ
@given(random_documents(), st.sampled_from(["txt", "docx"]))
def test_random_yaml_documents(data, fmt):
    _exercise(data, fmt, rollover=_has_command("rollover"))


@pytest.mark.slow
@FUZZ
@given(mutated_samples(), st.sampled_from(["txt", "docx"]))
def test_mutated_samples(data, fmt):
    _exercise(data, fmt)


report_lines = st.lists(st.one_of(
    nasty_text,
    st.builds("".join, st.lists(st.sampled_from(
        ["一、", "（一）", "1.", "（1）", "一是", "二是", "第一章", "附件", "2024年", "法治政府建设情况的报告", "示例县人民政府",
         "现将有关情况报告如下：", "特此报告。", "2025年2月8日", "来源：", "打印本页", "关闭窗口", "　　", "。", "\t"]),
        max_size=6)),
), max_size=30)


@st.composite
def import_files(draw) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from([".txt", ".txt", ".docx"]))
    if suffix == ".txt":
        text = "\n".join(draw(report_lines))
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
        raw = text.encode(encoding, "surrogatepass") if encoding.startswith("utf") else text.encode(encoding, "replace")
        return suffix, draw(st.one_of(st.just(raw), st.binary(max_size=200)))
    document = docx.Document()
    for line in draw(report_lines):
        document.add_paragraph("".join(c for c in line if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF))
    buffer = io.BytesIO()
    document.save(buffer)
    raw = buffer.getvalue()
    return suffix, draw(st.one_of(st.just(raw), st.integers(0, len(raw)).map(lambda n: raw[:n]),
                                  st.binary(max_size=200)))


@FUZZ
@given(import_files(), st.booleans())
def test_random_files_into_import(case, extract):
    suffix, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"去年的报告{suffix}"
        path.write_bytes(raw)
        try:
            outline, notes = read_outline(path)
        except ImportFailure as exc:
            assert exc.message and not exc.message.isascii()
        else:
            assert outline is not None
            assert isinstance(notes, list)
        if _has_command("import"):
            form = Path(tmp) / "导入.yaml"
            with _crash_logs_in(Path(tmp)):
                code, out, err = drafter("import", path, "-o", form, "--year", "2024", "--region", "示例县",
                                         *(["--extract-figures"] if extract else []))
            assert_clean(code, out, err, allowed=(EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE))
            assert (code == EXIT_OK) <= form.exists() and not list(Path(tmp).glob(".*.tmp"))
            assert not list(Path(tmp).glob("drafter-*.log"))
            event(f"import 退出码 {code}")
