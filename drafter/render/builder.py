"""The layout: a Jinja2 template (`templates/report.j2`) builds the document tree.

The template is trusted code, like a pandoc template: it decides the order and the
fixed wording of the document (版头, title, addressee, 导语, the parts, 结束语, 落款,
成文日期, 附注) and walks the report. It does so by calling the builder API exposed to
it as `doc`; every call appends blocks to the `Document` and returns "" so nothing is
printed. An office can change its layout by copying the template folder, editing it
and passing `--templates DIR`.

What the template sees:
- `doc`: a `DocumentBuilder` (see its public methods);
- `form`: a `FormView` (`drafter.render.view`), the report as a tree of `Node`s with
  generated levels, already without 不涉及 sections and without parts, sections or items
  that have no text (no heading without text reaches the page), every text tagged with its
  form location (`Located`) so errors and block sources point at the YAML;
- `meta` (基本信息) and `report`: the validated pydantic models.

Numbering is generated here (一、 （一） 1. （1） and 一是), never taken from the form.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, Callable, Iterable

from jinja2 import BytecodeCache, FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from drafter import cache
from drafter.doctree import Document, Kind, Role, Run
from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.form.files import decode
from drafter.limits import MAX_TEMPLATE_BYTES, read_bounded
from drafter.model.report import Attachment, Report
from drafter.paths import TEMPLATES_DIR
from drafter.render.errors import Loc, RenderError
from drafter.render.view import Located, Node, form_view, located_texts
from drafter.render.sandbox import TextRenderer
from drafter.text import format_cn_date, heading_number, inline_ordinal
from drafter.form.load import field_path

LAYOUT_TEMPLATE = "report.j2"

#: A title ending with one of these and followed by text is run in with it (段首小标题).
RUN_IN_ENDINGS = ("。", "；")
#: Sentence-final marks: an entry of a 一是 paragraph that ends otherwise gets a 。.
SENTENCE_ENDINGS = ("。", "；", "！", "？", "…", "”", "）", "】")
#: Marks after which a 一是 entry's title may be followed directly by its text.
TITLE_ENDINGS = (*SENTENCE_ENDINGS, "，", "：")


# ---------------------------------------------------------------- the builder API


Text = Located | str | None

_DOC_NUMBER_YEAR = re.compile(r"[\[【（(［〔]\s*([0-9]{4})\s*[\]】）)］〕]")


def _as_source(source: Loc | str | None) -> str:
    if source is None:
        return ""
    return source if isinstance(source, str) else field_path(tuple(source))


def _as_texts(value: Text | Iterable[Text]) -> list[Text]:
    if value is None or isinstance(value, (str, Located)):
        return [value] if value else []
    return [v for v in value if v]


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent runs of the same role joined, empty runs dropped."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and merged[-1].role is run.role:
            merged[-1] = Run(merged[-1].text + run.text, run.role)
        else:
            merged.append(Run(run.text, run.role))
    return merged


def _table_sentence(table: Located) -> Located:
    """A table inside a 一是 paragraph, written out: cells joined by ，, rows by ；."""
    return Located("；".join("，".join(cell for cell in row if cell) for row in table.rows), table.loc)


def _as_heading(runs: list[Run]) -> list[Run]:
    return [Run(r.text, Role.HEADING) if r.role is Role.TEXT else r for r in runs]


def _text_of(runs: list[Run]) -> str:
    return "".join(r.text for r in runs).rstrip()


class DocumentBuilder:
    """The `doc` object of the layout template. Every method appends blocks and returns ""."""

    def __init__(self, texts: TextRenderer, document: Document | None = None) -> None:
        self._texts = texts
        self.document = document or Document()

    # ------------------------------------------------------------ helpers

    def _runs(self, value: Text, loc: Loc = ()) -> list[Run]:
        if isinstance(value, Located):
            return self._texts.runs(value.text, value.loc)
        return self._texts.runs(value or "", loc)

    def _table(self, table: Located) -> None:
        """A table of the form as a TABLE block; each cell rendered like body text (placeholders too)."""
        rows = [[_text_of(self._runs(Located(cell, (*table.loc, "表格", r, c))))
                 for c, cell in enumerate(row)] for r, row in enumerate(table.rows)]
        block = self.document.add(Kind.TABLE, source=field_path(table.loc))
        block.rows = rows

    def _body(self, text: Text) -> None:
        """One body paragraph, or a table."""
        if isinstance(text, Located) and text.rows:
            self._table(text)
        else:
            self._add(Kind.PARAGRAPH, self._runs(text), self._source_of(text, ()))

    def _add(self, kind: Kind, runs: list[Run], source: str, level: int = 0) -> None:
        runs = _merge(runs)
        if runs:
            self.document.add(kind, *runs, level=level, source=source)

    def _source_of(self, value: Text, fallback: Loc) -> str:
        return field_path(value.loc) if isinstance(value, Located) else field_path(fallback)

    # ------------------------------------------------------------ 版头, title, addressee

    def doc_mark(self, text: Text) -> str:
        """版头：发文机关标志 (red), e.g. 示例县人民政府文件."""
        loc: Loc = ("基本信息", "发文机关标志")
        self._add(Kind.DOC_MARK, self._runs(text, loc), self._source_of(text, loc))
        return ""

    def doc_number(self, text: Text) -> str:
        """版头：发文字号; the year goes in 〔〕 whatever brackets the form used."""
        loc: Loc = ("基本信息", "发文字号")
        runs = [Run(_DOC_NUMBER_YEAR.sub(r"〔\1〕", r.text), r.role) for r in self._runs(text, loc)]
        self._add(Kind.DOC_NUMBER, runs, self._source_of(text, loc))
        return ""

    def title(self, text: Text) -> str:
        loc: Loc = ("基本信息", "标题")
        self._add(Kind.TITLE, self._runs(text, loc), self._source_of(text, loc))
        return ""

    def addressee(self, organs: Iterable[str]) -> str:
        """主送机关: the organs joined with 、 and a full-width colon; nothing when there are none."""
        runs: list[Run] = []
        for i, organ in enumerate(organs):
            if runs:
                runs.append(Run("、"))
            runs += self._runs(organ.strip().rstrip(":：、"), ("基本信息", "主送机关", i))
        if runs:
            self._add(Kind.ADDRESSEE, [*runs, Run("：")], "基本信息.主送机关")
        return ""

    # ------------------------------------------------------------ body

    def paragraphs(self, texts: Text | Iterable[Text], source: Loc | str | None = None) -> str:
        """One body paragraph per text."""
        for text in _as_texts(texts):
            if isinstance(text, Located) and text.rows:
                self._table(text)
            else:
                self._add(Kind.PARAGRAPH, self._runs(text), _as_source(source) or self._source_of(text, ()))
        return ""

    def heading(self, level: int, number: int, title: Text, body: Text | Iterable[Text] = (),
                source: Loc | str | None = None) -> str:
        """A numbered heading of `level` (1 一、, 2 （一）, 3 1., 4 （1）) and its body.

        A title ending with 。 or ； followed by body text is run in: title and first
        paragraph share one block. Without a title the number starts the first paragraph.
        """
        numbering = Run(heading_number(level, number), Role.NUMBER)
        texts = _as_texts(body)
        title_runs = _as_heading(self._runs(title)) if title else []
        if texts and isinstance(texts[0], Located) and texts[0].rows:     # a table never runs in
            self._add(Kind.HEADING if title_runs else Kind.PARAGRAPH, [numbering, *title_runs], _as_source(source),
                      level if title_runs else 0)
            for text in texts:
                self._body(text)
            return ""
        first = self._runs(texts[0]) if texts else []
        where = _as_source(source)
        if title_runs and not (_text_of(title_runs).endswith(RUN_IN_ENDINGS) and first):
            self._add(Kind.HEADING, [numbering, *title_runs], where, level)
        elif title_runs:
            self._add(Kind.HEADING, [numbering, *title_runs, *first], where, level)
            texts = texts[1:]
        else:
            self._add(Kind.PARAGRAPH, [numbering, *first], where)
            texts = texts[1:]
        for text in texts:
            self._body(text)
        return ""

    def inline(self, nodes: Iterable[Node], source: Loc | str | None = None) -> str:
        """Nodes written as one paragraph: 一是……。二是……。 (a title right after its ordinal)."""
        runs: list[Run] = []
        for n, node in enumerate(nodes, start=1):
            entry = [Run(inline_ordinal(n), Role.NUMBER)] + self._entry(node)
            if not _text_of(entry).endswith(SENTENCE_ENDINGS):
                entry.append(Run("。"))
            runs += entry
        self._add(Kind.PARAGRAPH, runs, _as_source(source))
        return ""

    def _entry(self, node: Node) -> list[Run]:
        """A node and its descendants flattened into the runs of one 一是 entry; its
        paragraphs (and its children's) run on, each closed with 。 if it had no end mark."""
        pieces = [self._runs(_table_sentence(text) if text.rows else text) for text in node.text] \
            + [self._entry(child) for child in node.children]
        body: list[Run] = []
        for piece in pieces:
            if body and not _text_of(body).endswith(SENTENCE_ENDINGS):
                body.append(Run("。"))
            body += piece
        if not node.title:
            return body
        title = _as_heading(self._runs(node.title))
        if body and not _text_of(title).endswith(TITLE_ENDINGS):
            title.append(Run("。", Role.HEADING))
        return title + body

    # ------------------------------------------------------------ closing part

    def closing(self, text: Text) -> str:
        """结束语 (特此报告。) as its own paragraph."""
        loc: Loc = ("结束语",)
        self._add(Kind.CLOSING, self._runs(text, loc), self._source_of(text, loc))
        return ""

    def attachments(self, names: Iterable[str | Attachment]) -> str:
        """附件说明 (GB/T 9704 7.3.6): one attachment “附件：名称”, several “附件：1.名称” then “2.名称”."""
        names = list(names)
        for i, entry in enumerate(names):
            name = entry if isinstance(entry, str) else entry.name
            loc: Loc = ("附件", i) if isinstance(entry, str) else ("附件", i, "名称")
            label = ("附件：" if i == 0 else "") + (f"{i + 1}." if len(names) > 1 else "")
            self._add(Kind.ATTACHMENT, [Run(label), *self._runs(name, loc)], field_path(loc))
        return ""

    def attachment_pages(self, entries: Iterable[str | Attachment]) -> str:
        """附件 pages (GB/T 9704 8): each attachment with content on a new page after the ending —
        “附件2” (when there are several) at the top left, its name as a title, then its content."""
        entries = list(entries)
        for i, entry in enumerate(entries):
            if isinstance(entry, str) or not located_texts(entry.text, ("附件", i, "内容")):
                continue
            label = "附件" + (str(i + 1) if len(entries) > 1 else "")
            self.document.add(Kind.APPENDIX, Run(label), source=field_path(("附件", i)))
            self._add(Kind.TITLE, self._runs(entry.name, ("附件", i, "名称")), field_path(("附件", i, "名称")))
            for text in located_texts(entry.text, ("附件", i, "内容")):
                self._body(text)
        return ""

    def signature(self, organs: Iterable[str]) -> str:
        """落款: one block per organ (联合行文 stacks several)."""
        for i, organ in enumerate(organs):
            loc: Loc = ("基本信息", "落款", i)
            self._add(Kind.SIGNATURE, self._runs(organ, loc), field_path(loc))
        return ""

    def date(self, value: dt.date | None) -> str:
        """成文日期 in Arabic numerals without leading zeros (2025年2月8日); a MISSING run when unset."""
        loc: Loc = ("基本信息", "成文日期")
        if value is None:
            runs = [self._texts.record(loc, "待填：基本信息.成文日期（如 2025-02-08）", "待填：成文日期", loc)]
        else:
            runs = [Run(format_cn_date(value))]
        self._add(Kind.DATE, runs, field_path(loc))
        return ""

    def note(self, text: Text) -> str:
        """附注 in parentheses: 此件公开发布 → （此件公开发布）."""
        loc: Loc = ("基本信息", "附注")
        runs = _merge(self._runs(text, loc))
        if not runs:
            return ""
        if not runs[0].text.startswith("（"):
            runs.insert(0, Run("（"))
        if not runs[-1].text.endswith("）"):
            runs.append(Run("）"))
        self._add(Kind.NOTE, runs, self._source_of(text, loc))
        return ""


# ---------------------------------------------------------------- running the template


def layout_environment(templates_dir: Path | None = None) -> SandboxedEnvironment:
    """The environment of layout templates, loading from `templates_dir` or the built-in folder.

    One environment per folder and process, so a batch compiles each layout template
    once (Jinja still recompiles a template whose file has changed)."""
    folder = TEMPLATES_DIR if templates_dir is None else Path(templates_dir)
    if not folder.is_dir():
        raise DrafterError(f"模板文件夹不存在：{folder}", exit_code=EXIT_UNREADABLE)
    return _environment(str(folder.resolve()))


class _CompiledTemplates(BytecodeCache):
    """Compiled layout templates in drafter's cache folder, so a process does not compile
    `report.j2` again. Jinja keys an entry by template name and file and checks the source
    and its own version; the entry name adds drafter's version and this module's code
    (which sets the environment's options), and a checksum guards against damage."""

    _code = cache.source_digest(__file__)

    def _path(self, bucket: Bucket) -> Path:
        return cache.entry_path("layout", cache.digest(bucket.key, self._code), ".jinja")

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = cache.read_checked(self._path(bucket))
        if payload is not None:
            bucket.bytecode_from_string(payload)   # Jinja ignores it if version or source differ

    def dump_bytecode(self, bucket: Bucket) -> None:
        cache.write_checked(self._path(bucket), bucket.bytecode_to_string())


class _TemplateLoader(FileSystemLoader):
    """Templates read through the bounded reader (MAX_TEMPLATE_BYTES, regular files only) and
    decoded like forms (UTF-8, with or without BOM, or GB18030); an undecodable file is a
    DrafterError at its line."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if not os.path.lexists(filename) or os.path.isdir(filename):
                continue
            text, _ = decode(read_bounded(filename, MAX_TEMPLATE_BYTES, "版式模板"), filename)
            mtime = os.path.getmtime(filename)

            def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return text, os.path.normpath(filename), uptodate
        raise TemplateNotFound(template)


@lru_cache(maxsize=16)
def _environment(folder: str) -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=_TemplateLoader(folder), undefined=StrictUndefined, autoescape=False,
                                trim_blocks=True, lstrip_blocks=True, bytecode_cache=_CompiledTemplates())


def run_layout(builder: DocumentBuilder, report: Report, templates_dir: Path | None = None,
               public: bool = False) -> Document:
    """Run the layout template on `report`, filling `builder.document` (`public`: see form_view)."""
    env = layout_environment(templates_dir)
    folder = (TEMPLATES_DIR if templates_dir is None else Path(templates_dir)).resolve()
    try:
        template = env.get_template(LAYOUT_TEMPLATE)
        output = template.render(doc=builder, form=form_view(report, public), meta=report.meta, report=report)
    except TemplateNotFound as exc:
        file, line = _template_frame(exc.__traceback__, folder)
        if file is None:   # report.j2 itself is missing
            raise DrafterError(f"模板文件夹 {folder} 中没有版式模板 {exc.name}", exit_code=EXIT_UNREADABLE) from None
        raise RenderError(f"版式模板引用的模板文件 {exc.name} 不存在（模板文件夹 {folder}）", file=file, line=line) from None
    except TemplateSyntaxError as exc:
        raise RenderError(f"版式模板语法错误：{exc.message}", file=exc.filename or exc.name, line=exc.lineno) from None
    except DrafterError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's
        file, line = _template_frame(exc.__traceback__, folder)
        raise RenderError(f"版式模板出错：{_explain(exc)}", file=file, line=line) from None
    stray = output.strip()
    if stray:
        raise RenderError(f"版式模板中有文字没有放进 doc.…() 调用，不会出现在文档中：“{stray[:40]}”",
                          file=template.filename)
    return builder.document


def _template_frame(tb: TracebackType | None, folder: Path) -> tuple[str | None, int | None]:
    """File and line of the innermost frame of a traceback that runs a template of `folder`."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        path = Path(name)
        if path.is_absolute() and folder in path.resolve().parents:
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _explain(exc: Exception) -> str:
    if isinstance(exc, UndefinedError):
        return f"使用了未定义的名称（{exc.message}）"
    return f"{type(exc).__name__}: {exc}"
