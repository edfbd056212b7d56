"""The cache folder (`drafter.cache`) and the Word writer's cached empty document: built when
missing, rebuilt when damaged or made by another version or profile, never in the way when the
folder cannot be written; and the package the writer assembles with zipfile has the very parts
python-docx would save."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from drafter import cache
from drafter.paths import DEFAULT_STYLE
from drafter.writers import docx as docx_writer
from drafter.writers.layout import page_geometry
from drafter.writers.style import load_style

from writer_sample import build_sample_document


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "缓存"
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    monkeypatch.setattr(docx_writer, "_BASE_PACKAGES", {})   # nothing kept from earlier tests
    return folder


def _document(masthead: bool = False):
    """The writer sample without its comment (a render that does not need python-docx)."""
    doc = build_sample_document(masthead=masthead)
    for block in doc.blocks:
        block.comments.clear()
    return doc


def _render() -> bytes:
    buffer = io.BytesIO()
    docx_writer.write_docx(_document(), buffer, load_style())
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("wordbase-*.docx"))


def test_a_missing_cache_is_built_once_and_then_read(cache_folder, monkeypatch):
    first = _render()
    [entry] = _entries(cache_folder)
    assert entry.name.startswith(f"wordbase-{cache.__version__}-")
    docx_writer._BASE_PACKAGES.clear()
    monkeypatch.setattr(docx_writer, "_build_base_package", lambda style: pytest.fail("cache not used"))
    assert _parts(_render()) == _parts(first)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "no document part", "bad xml"])
def test_a_damaged_entry_is_rebuilt_silently(cache_folder, damage):
    good = _render()
    [entry] = _entries(cache_folder)
    original = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(original[: len(original) // 2])
    elif damage == "garbage":
        entry.write_bytes(original[:100] + b"\0" * 400 + original[500:])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        parts = _parts(original)
        if damage == "no document part":
            del parts["word/document.xml"]
        else:
            parts["word/document.xml"] = b"<w:document"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            for name, data in parts.items():
                package.writestr(name, data)
        entry.write_bytes(buffer.getvalue())
    docx_writer._BASE_PACKAGES.clear()
    assert _parts(_render()) == _parts(good)
    assert entry.read_bytes() == original          # rebuilt in place


def test_another_version_builds_its_own_entry_and_removes_the_old(cache_folder, monkeypatch):
    _render()
    [old] = _entries(cache_folder)
    monkeypatch.setattr(cache, "__version__", "99.0")
    docx_writer._BASE_PACKAGES.clear()
    _render()
    [new] = _entries(cache_folder)
    assert new.name.startswith("wordbase-99.0-") and not old.exists()


def test_each_style_profile_has_its_own_entry(cache_folder, tmp_path):
    _render()
    text = DEFAULT_STYLE.read_text(encoding="utf-8")
    assert "上: 37" in text
    custom = tmp_path / "版式.yaml"
    custom.write_text(text.replace("上: 37", "上: 40"), encoding="utf-8")
    buffer = io.BytesIO()
    docx_writer.write_docx(_document(), buffer, load_style(custom))
    assert len(_entries(cache_folder)) == 2
    assert b'w:top="2268"' in _parts(buffer.getvalue())["word/document.xml"]   # 40 mm


def test_changed_builder_code_is_a_different_entry(tmp_path):
    source = tmp_path / "builder.py"
    source.write_text("A = 1\n", encoding="utf-8")
    before = cache.source_digest(str(source))
    source.write_text("A = 2\n", encoding="utf-8")
    assert cache.source_digest(str(source)) != before


def test_an_unwritable_cache_folder_is_not_used(tmp_path, monkeypatch):
    blocker = tmp_path / "一个文件"
    blocker.write_text("不是文件夹", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker / "缓存"))
    monkeypatch.setattr(docx_writer, "_BASE_PACKAGES", {})
    data = _render()
    assert "word/document.xml" in _parts(data)
    assert blocker.read_text(encoding="utf-8") == "不是文件夹"


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root may write a read-only folder")
def test_a_read_only_cache_folder_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    monkeypatch.setattr(docx_writer, "_BASE_PACKAGES", {})
    try:
        assert "word/document.xml" in _parts(_render())
        assert not list(folder.iterdir())
    finally:
        folder.chmod(0o700)


def test_the_default_folder_is_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    folder = cache.cache_dir()
    assert "drafter" in folder.parts
    if os.name != "nt" and not str(folder).startswith(str(Path.home() / "Library")):
        assert folder == tmp_path / "drafter"


@pytest.mark.parametrize("masthead", [False, True])
def test_the_zipfile_package_has_the_parts_python_docx_saves(cache_folder, masthead):
    """The fast path (zipfile + lxml) against the python-docx path, on the same document."""
    style = load_style()
    geo = page_geometry(style)
    base = docx_writer.base_package(style)
    fast = docx_writer._write_package(base, _document(masthead), style, geo)
    slow = docx_writer._write_with_comments(base, _document(masthead), style, geo)
    with zipfile.ZipFile(io.BytesIO(fast)) as a, zipfile.ZipFile(io.BytesIO(slow)) as b:
        assert a.namelist() == b.namelist()
        assert [i.compress_type for i in a.infolist()] == [i.compress_type for i in b.infolist()]
    assert _parts(fast) == _parts(slow)


def test_document_properties(cache_folder):
    doc = _document()
    doc.info.created = date(2025, 3, 20)
    buffer = io.BytesIO()
    docx_writer.write_docx(doc, buffer, load_style())
    core = _parts(buffer.getvalue())["docProps/core.xml"].decode("utf-8")
    assert "<dc:title>示例县人民政府关于2024年度法治政府建设情况的报告</dc:title>" in core
    assert "<dc:creator>示例县人民政府</dc:creator>" in core
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-20T00:00:00Z</dcterms:created>' in core
    assert "<dc:language>zh-CN</dc:language>" in core
    assert "python-docx" not in core


# ---------------------------------------------------------------- compiled layout templates


@pytest.fixture
def fresh_layouts(cache_folder, monkeypatch):
    """Every render builds its Jinja environment anew, as a new process would."""
    from drafter.render import builder

    build = builder._environment.__wrapped__

    def environment(folder: str):
        return build(folder)

    monkeypatch.setattr(builder, "_environment", environment)
    return cache_folder


def _layout_entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("layout-*.jinja"))


def _template(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "模板"
    folder.mkdir(exist_ok=True)
    (folder / "report.j2").write_text(text, encoding="utf-8")
    return folder


def test_a_compiled_layout_is_stored_and_reused(fresh_layouts, monkeypatch):
    from render_support import load_report

    from drafter.render import render_report

    report = load_report(fresh_layouts.parent)
    first = render_report(report)
    [entry] = _layout_entries(fresh_layouts)
    from jinja2 import Environment

    monkeypatch.setattr(Environment, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert render_report(report).blocks == first.blocks
    assert entry.exists()


def test_a_damaged_compiled_layout_is_compiled_again(fresh_layouts):
    from render_support import load_report

    from drafter.render import render_report

    report = load_report(fresh_layouts.parent)
    first = render_report(report)
    [entry] = _layout_entries(fresh_layouts)
    good = entry.read_bytes()
    for damaged in (b"", good[:40], good[:-30], good[:32] + b"x" * (len(good) - 32)):
        entry.write_bytes(damaged)
        assert render_report(report).blocks == first.blocks
        assert entry.read_bytes() == good


def test_an_edited_layout_is_not_read_from_the_cache(fresh_layouts, tmp_path):
    from render_support import load_report

    from drafter.render import render_report

    report = load_report(fresh_layouts.parent)
    folder = _template(tmp_path, "{{ doc.title('甲') }}\n")
    assert [b.text for b in render_report(report, templates_dir=folder).blocks] == ["甲"]
    _template(tmp_path, "{{ doc.title('乙') }}\n")
    assert [b.text for b in render_report(report, templates_dir=folder).blocks] == ["乙"]


def test_a_cached_layout_still_reports_its_file_and_line(fresh_layouts, tmp_path):
    from render_support import load_report

    from drafter.render import RenderError, render_report

    report = load_report(fresh_layouts.parent)
    folder = _template(tmp_path, "{{ doc.title(meta.display_title()) }}\n{{ doc.title(form.no_such_thing) }}\n")
    for _run in range(2):   # compiled, then read from the cache
        with pytest.raises(RenderError) as caught:
            render_report(report, templates_dir=folder)
        assert (caught.value.file, caught.value.line) == (str(folder / "report.j2"), 2)
    assert _layout_entries(fresh_layouts)


# ---------------------------------------------------------------- validated style profiles


def _style_entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("style-*.pickle"))


def test_a_validated_profile_is_read_back_without_validating(cache_folder, monkeypatch):
    from drafter.writers import style as style_module

    first = load_style()
    [entry] = _style_entries(cache_folder)
    monkeypatch.setattr(style_module, "profile_from_data", lambda *a: pytest.fail("validated again"))
    again = load_style()
    assert again == first and again is not first
    assert again.heading(3).run_in_bold and again.margins.top == 37


@pytest.mark.parametrize("damage", [b"", b"\0" * 64, "truncated", "not a profile"])
def test_a_damaged_profile_entry_is_validated_again(cache_folder, damage):
    import pickle

    first = load_style()
    [entry] = _style_entries(cache_folder)
    good = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(good[:-10])
    elif damage == "not a profile":
        cache.write_checked(entry, pickle.dumps({"纸张": "A3"}))
    else:
        entry.write_bytes(damage)
    assert load_style() == first
    assert entry.read_bytes() == good


def test_an_edited_profile_is_validated_and_an_invalid_one_never_cached(cache_folder, tmp_path):
    from drafter.writers.style import StyleError

    custom = tmp_path / "版式.yaml"
    text = DEFAULT_STYLE.read_text(encoding="utf-8")
    custom.write_text(text.replace("上: 37", "上: 40"), encoding="utf-8")
    assert load_style(custom).margins.top == 40
    custom.write_text(text.replace("上: 37", "上: 41"), encoding="utf-8")
    assert load_style(custom).margins.top == 41
    custom.write_text(text.replace("上: 37", "上: 多少"), encoding="utf-8")
    for _run in range(2):
        with pytest.raises(StyleError):
            load_style(custom)
    assert len(_style_entries(cache_folder)) == 2


def test_each_kind_keeps_only_the_most_recent_entries(cache_folder, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for n in range(6):
        cache.write_checked(cache.entry_path("demo", f"k{n}", ".bin"), b"x")
        path = cache.entry_path("demo", f"k{n}", ".bin")
        os.utime(path, (1000 + n, 1000 + n))
    names = sorted(p.name for p in cache_folder.glob("demo-*"))
    assert names == [cache.entry_path("demo", f"k{n}", ".bin").name for n in (3, 4, 5)]
