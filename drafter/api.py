"""What drafter does with a form, as functions: the one layer the CLI and the browser form call.

Nothing here prints or exits: each function returns a value or raises
`drafter.errors.DrafterError` (a Chinese message with file:line:column and an exit code);
a render that is refused for reasons listed line by line raises its subclass `Refused`
(`.lines`). Modules behind these functions are imported when a function is called, so
that `drafter --help` loads no pydantic or YAML and `drafter check` no python-docx or lxml (check lays
the report out as render does, so it loads Jinja).

    load_form(path) -> LoadedForm                        bounded read, decoding, YAML, schema
    load_form_text(text, name="表单.yaml") -> LoadedForm  the same from text (nothing read from disk)
    check(form, *, disabled=frozenset(), previous=None, targets=None, public=False, blocking_only=False) -> CheckResult
        .findings, .errors, .warnings, .hints, .blocking (the errors that stop a render),
        .can_render (True exactly when `render` would make the final document)
    render(form, fmt="docx", *, draft=False, annotate=False, style=None, templates_dir=None,
           checked=None, public=False) -> RenderResult  .data (bytes), .warnings, .notes, .marks
        (`checked`: this form's CheckResult, whose draft layout render reuses)
    compare_docx(last, this, *, style=None) -> Comparison   this year's .docx, changes since last
        year as Word tracked changes; .data, .changed, .inserted, .deleted, .same, .marks
    formats() -> list[str]; format_labels() -> dict      the writer registry's format names (and labels)
    available_formats() -> list[str]                     those this computer can make now (PDF needs LibreOffice)
    figure_values(form) -> dict                          figures and rates as the text prints them (browser form)
    suffix(fmt) -> str                                   the file suffix of a format (".docx")
    edit_values(form, changes: Mapping[Loc, Any]) -> str  new YAML text; untouched lines kept
    fix(form) -> FixResult                               .text (new YAML), .fixed (fields changed)
    fix_file(path, *, force=False) -> list[FixedField];  backup_path(path) -> Path   (`check --fix`)
    schema_text(*, targets=False) -> str                 the JSON Schema of the form or of a targets file
    import_document(data, filename, *, year=None, region=None, extract_figures=False,
                    force_report=False, target=None, today=None) -> ImportResult
        .text (YAML), .summary (lines to show), .result (the importer's full result)
    rollover(form) -> RolloverResult                      .text, .year, .old_year, .default_name, .notes
    import_target(source) -> Path;  read_import_source(path) -> bytes   (for `drafter import FILE`)
    valid_report(form) -> LoadedForm                     refuses a form with schema errors, listing them
    diff(last, this) -> FormDiff;  diff_output(d, fmt, all_rows=False) -> str
    new_form(region, year, level="县", outline=None, target=None) -> str   blank form text
    save(path, data, *, force=False, expected=None, inputs=())   atomic; refuses to overwrite
        without `force`; with `expected`, refuses when the file no longer holds those bytes
    check_target(path, *, force=False, inputs=())        the refusals of `save`, before any work

Figures by Excel (drafter.sheets):

    read_units(path) -> list[Unit]                       the units file of `drafter sheet --units`
    units_from_text(data, name) -> list[Unit]            the same from text or uploaded bytes (browser form)
    sheet_workbook(form, units=None) -> bytes            the collection workbook (统计表) of a valid form
    unit_workbooks(form, units) -> list[(name, bytes)]   one workbook per unit, named as `drafter sheet` names them
    sheet_file_name(stem), unit_sheet_file_names(region, year, names), sources_file_name(stem)   file names
    collect(form, workbooks, *, force=False) -> Collected   filled workbooks (files, or uploads as
        (name, bytes)) checked cell by cell; .problems, .conflicts, .notes, .filled (figure by
        figure, with the cells), .text (the new YAML, None while anything stands in the way)
    figure_sources(form) -> dict[str, list[SourceLine]]  组.指标 → where its 数据来源 says it came from
    aggregate(paths) -> Aggregate                        unit forms added up (.failures, .pending …)
    aggregate_block(result, table_file=None) -> str      the totals as a 数据 block
    aggregate_into(city, result, table_file=None) -> (str, list[str])   the city's form with the totals, conflicts
    aggregate_table(result, fmt) -> bytes                the per-unit table (xlsx, md, csv)
    sources_table(form, fmt) -> SourcesResult            the 数据来源表 (xlsx, md, csv): .data, .figures, .unsourced
    table_format(suffix) -> str                          "xlsx" / "md" / "csv" for a file suffix

`Loc` is a tuple path of YAML keys and list indices, e.g. ("数据", "行政复议", "受理").
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from drafter.errors import EXIT_FINDINGS, EXIT_UNREADABLE, DrafterError, Refused

if TYPE_CHECKING:
    from drafter.checks import Finding
    from drafter.form.load import LoadedForm, Loc
    from drafter.diff.compare import FormDiff
    from drafter.doctree import Document
    from drafter.render import Layout
    from drafter.edits.fix import FixedField
    from drafter.importer.importing import ImportResult as ImporterResult
    from drafter.model.outline import Outline
    from drafter.model.targets import Targets
    from drafter.writers.style import StyleProfile
    from drafter.writers.tracked import Comparison

__all__ = [
    "CheckResult", "FixResult", "ImportResult", "LoadedForm", "Loc", "RenderResult", "RolloverResult",
    "available_formats", "check", "compare_docx", "diff", "diff_output", "edit_values", "figure_values", "fix",
    "formats", "import_document", "load_form",
    "load_form_text", "new_form", "render", "rollover", "save", "suffix",
    "aggregate", "aggregate_block", "aggregate_into", "aggregate_table", "collect", "figure_sources", "read_units",
    "sheet_file_name", "sheet_workbook", "sources_file_name", "sources_table", "table_format", "unit_sheet_file_names",
    "unit_workbooks", "units_from_text",
]


def __getattr__(name: str) -> Any:
    """`api.LoadedForm` and `api.Loc` without loading YAML and pydantic when the API is imported."""
    if name in ("LoadedForm", "Loc"):
        from drafter.form import load

        return getattr(load, name)
    raise AttributeError(f"module 'drafter.api' has no attribute {name!r}")


# ---------------------------------------------------------------- loading


def load_form(path: Path) -> LoadedForm:
    """Read a form file (size limit, UTF-8/GB18030) and validate it; schema problems are collected
    in `.problems` (and become check findings), an unreadable file raises DrafterError."""
    from drafter.form import load

    return load.load_form(Path(path))


def load_form_text(text: str, name: str = "表单.yaml") -> LoadedForm:
    """The same for a form's text; `name` is the file name messages show."""
    from drafter.form import load

    return load.load_form_text(text, Path(name))


# ---------------------------------------------------------------- checking


@dataclass
class CheckResult:
    """The findings of one form, by level, and whether it can be rendered. `layout` is the
    draft layout the check built to decide that (None for a form that cannot be read):
    `render(…, checked=…)` reuses it instead of laying the report out again."""

    form: LoadedForm
    findings: list[Finding]
    layout: Layout | None = None

    def _level(self, name: str) -> list[Finding]:
        from drafter.checks import Level

        return [f for f in self.findings if f.level is Level[name]]

    @property
    def errors(self) -> list[Finding]:
        return self._level("ERROR")

    @property
    def warnings(self) -> list[Finding]:
        return self._level("WARNING")

    @property
    def hints(self) -> list[Finding]:
        return self._level("HINT")

    @property
    def blocking(self) -> list[Finding]:
        """The errors that stop a render: every error (what render fixes itself, such as
        removed invisible characters, is a warning; what it needs, such as a figure the text
        uses, is an error)."""
        return blocking_errors(self.findings)

    @property
    def can_render(self) -> bool:
        """True exactly when `render` (not a draft, default layout) would make the final document:
        no error (check finds what render needs by building the draft document tree, so one
        rule decides both)."""
        return self.form.report is not None and not self.blocking


def blocking_errors(findings: list[Finding]) -> list[Finding]:
    from drafter.checks import Level

    return [f for f in findings if f.level is Level.ERROR]


def check(form: LoadedForm, *, disabled: frozenset[str] = frozenset(), previous: LoadedForm | None = None,
          targets: Targets | Path | None = None, public: bool = False, blocking_only: bool = False) -> CheckResult:
    """Run every check family on the form (rules in `disabled` and in the form's 检查设置 off).
    `previous` is last year's form, `targets` a targets file (path) or a loaded `Targets`;
    `public` adds the review before publication (drafter.checks.publication). With
    `blocking_only`, only the errors are reported, of the families that can report one: all
    a render needs to decide."""
    from drafter.checks import CheckOptions, check_form

    if isinstance(targets, (str, Path)):
        targets = load_targets(Path(targets))
    ctx = check_form(form, frozenset(disabled), CheckOptions(previous=previous, targets=targets, public=public),
                     blocking_only=blocking_only)
    return CheckResult(form, ctx.findings, ctx.draft if form.report is not None else None)


def load_targets(path: Path) -> Targets:
    """A targets file, validated; any problem raises DrafterError (exit 2) listing all of them."""
    from drafter.checks.targets import load_targets as load

    return load(path)


def rule_names() -> dict[str, str]:
    """Every check rule: id → Chinese name."""
    from drafter.checks import ALL_RULES

    return dict(ALL_RULES)


# ---------------------------------------------------------------- rendering


@dataclass
class RenderResult:
    """A rendered document: its bytes and what the user should be told, in the order it arose.

    `removed` says where invisible characters were taken out (`removal_warnings`), `warnings`
    what render could not do (--annotate on a format without comments) and, in a draft, the
    errors it marked; `adjusted` every change it made to the form's text (render never
    changes text silently); `notes` what it did (comments added); `marks` counts the
    【待填：…】 marks of a draft."""

    data: bytes
    fmt: str
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    marks: int = 0
    adjusted: list[str] = field(default_factory=list)
    document: Document | None = None


def formats() -> list[str]:
    """The output formats, from the writer registry."""
    from drafter.writers import WRITERS

    return list(WRITERS)


def available_formats() -> list[str]:
    """The formats this computer can make now: PDF only when LibreOffice is found."""
    from drafter.writers.pdf import find_soffice

    return [fmt for fmt in formats() if fmt != "pdf" or find_soffice() is not None]


def figure_values(form: LoadedForm) -> dict[str, Any]:
    """The figures of a valid form as its text sees them: group name → {figure or rate name →
    value}, each value with `.missing`, `.missing_marker()`, `.text()` (as printed: 98.99%),
    `.unit`, `.kind` and `.last` (last year's). The browser form shows its rates and the
    插入数据 picker's values from this."""
    from drafter.render.figures_context import figure_namespaces

    return figure_namespaces(valid_report(form).report)


def format_labels() -> dict[str, str]:
    """Each output format's name and what it is, for users ("docx" → "Word 公文（GB/T 9704 版式）")."""
    from drafter.writers import WRITERS

    return {name: writer.label for name, writer in WRITERS.items()}


def suffix(fmt: str) -> str:
    """The file-name suffix of an output format (".docx")."""
    from drafter.writers import WRITERS

    return WRITERS[_known_format(fmt)].suffix


def _known_format(fmt: str) -> str:
    from drafter.writers import WRITERS

    if fmt not in WRITERS:
        raise DrafterError(f"不支持的输出格式“{fmt}”，可选：{'、'.join(WRITERS)}", exit_code=EXIT_UNREADABLE)
    return fmt


def refuse_public_draft(*, public: bool, draft: bool) -> None:
    """A public copy cannot be a draft (DrafterError, exit 2)."""
    if public and draft:
        raise DrafterError("公开版不能是草稿：请填齐数据后再生成公开版（去掉 --draft）", exit_code=EXIT_UNREADABLE)


def refuse_errors(form: LoadedForm, findings: list[Finding], *, draft: bool = False) -> None:
    """Raise `Refused` (exit 1) listing the form's blocking errors, if it has any. A draft is
    refused only for a form that cannot be read (schema errors): content errors are marked
    in the draft instead."""
    errors = blocking_errors(findings)
    if form.report is None:
        structural = sum(1 for f in errors if f.rule == "schema")
        summary = f"表单有 {structural} 处结构错误，无法读取，请按上面的提示修改（草稿也需要表单能读取）"
        raise Refused(summary, [f.format() for f in errors] + [f"{form.path}：{summary}"], file=form.name)
    if errors and not draft:
        summary = (f"表单有 {len(errors)} 处错误，不能生成正式文档（drafter check 可列出全部问题）；"
                   "如需先给领导看一份草稿，请加 --draft，错误处会在草稿中标出")
        if all(f.rule.startswith("public-") for f in errors):
            summary = (f"公开版中有 {len(errors)} 处不宜公开的内容，未生成公开版。请删除或改写，"
                       "或把所在的段落、条目、章节标为 不公开: true（drafter check --public 可列出全部问题）")
        raise Refused(summary, [f.format() for f in errors] + [f"{form.path}：{summary}"], file=form.name)


def style_profile(path: Path | None = None) -> StyleProfile:
    """The style profile at `path` (the GB/T 9704 one when None); a bad profile is a DrafterError (exit 2).
    A profile is read once per process for each path and modification time."""
    if path is None:
        return _style(None, 0)
    try:
        stamp = Path(path).stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _style(Path(path), stamp)


@lru_cache(maxsize=8)
def _style(path: Path | None, stamp: int) -> StyleProfile:
    from drafter.writers.style import StyleError, load_style

    try:
        return load_style(path)
    except StyleError as exc:
        raise DrafterError(str(exc), exit_code=EXIT_UNREADABLE) from None


def render(form: LoadedForm, fmt: str = "docx", *, draft: bool = False, annotate: bool = False,
           style: StyleProfile | Path | None = None, templates_dir: Path | None = None,
           checked: CheckResult | None = None, public: bool = False) -> RenderResult:
    """Render a form to the bytes of `fmt`.

    Refuses (`Refused`, exit 1) a form with errors, and a final document while values the
    text needs are 待填 (each listed at file:line:column; a draft marks them instead).
    `checked` is the form's check result when the caller has it already (for a `public`
    copy: checked with `public=True`; with `annotate`, not `blocking_only`, since its
    warnings and hints become Word comments): its draft layout is reused.

    A `public` copy leaves out what is marked 不公开 (and the 主送机关 when the profile's
    公开版 says so), is refused while its text holds an error of the publication review,
    cannot be a draft, and as html is the clean web copy.
    """
    from drafter.render import MissingFigures, RenderError, render_report
    from drafter.writers import write_document

    fmt = _known_format(fmt)
    refuse_public_draft(public=public, draft=draft)
    if checked is None or checked.form is not form:   # the warnings and hints matter only as comments
        checked = check(form, public=public, blocking_only=not annotate)
    findings = checked.findings
    refuse_errors(form, findings, draft=draft)
    result = RenderResult(b"", fmt, removed=removal_warnings(form))
    profile = style if style is not None and not isinstance(style, (str, Path)) else style_profile(style)
    try:
        document = render_report(form.report, draft=draft, templates_dir=templates_dir, numbers=profile.numbers.format(),
                                 public=public, addressee=not public or profile.public.addressee, layout=checked.layout)
    except MissingFigures as exc:
        raise Refused(exc.message, _missing_lines(form, exc), file=form.name) from None
    except RenderError as exc:
        raise _located(form, exc) from None
    errors = blocking_errors(findings)
    if draft and errors:
        _flag_errors(document, errors, result)
    result.adjusted = _adjustment_lines(form, document)
    if annotate:
        _annotate(document, findings, result)
    buffer = io.BytesIO()
    if public and fmt == "html":
        from drafter.writers.public_html import write_public_html

        buffer.write(write_public_html(document).encode("utf-8"))
    else:
        write_document(document, fmt, buffer, profile)
    result.data, result.document = buffer.getvalue(), document
    if fmt in ("docx", "pdf"):
        from drafter.writers.fonts import document_fallbacks, fallback_note

        note = fallback_note(document_fallbacks(document, profile))
        if note:
            result.notes.append(note)
    if draft:
        from drafter.doctree import Role

        result.marks = sum(1 for block in document.blocks for run in block.runs if run.role is Role.MISSING)
    return result


def _flag_errors(document: Document, errors: list[Finding], result: RenderResult) -> None:
    """In a draft, each error is marked at its paragraph (a highlighted 【…】 note) and listed."""
    from drafter.doctree import Block, Kind, Role, Run
    from drafter.render.annotate import block_for

    unplaced = []
    for finding in errors:
        result.warnings.append(finding.format())
        if finding.rule == "missing-figure":
            continue        # already in the text as 【待填：…】
        block = block_for(document, finding.path)
        if block is not None and block.kind not in (Kind.TABLE, Kind.TITLE):
            block.runs.append(Run(f"【{finding.message}】", Role.MISSING))
        else:
            unplaced.append(Block(Kind.PARAGRAPH, [Run(f"【{finding.message}】", Role.MISSING)],
                                  source=finding.path))
    if unplaced:        # what has no paragraph of its own (an empty part) stands before 特此报告
        at = next((i for i, b in enumerate(document.blocks) if b.kind is Kind.CLOSING), len(document.blocks))
        document.blocks[at:at] = unplaced
    result.warnings.append(f"草稿：表单还有 {len(errors)} 处错误（见上），已在草稿中以底色标出；"
                           "改正后去掉 --draft 生成正式文档。")


def _adjustment_lines(form: LoadedForm, document: Document) -> list[str]:
    """Each text render normalised, named with the change, at its place in the form."""
    from drafter.form.load import field_path

    lines, positions = [], form.positions()
    for loc, change in document.adjustments:
        line, column = positions.locate(loc)
        lines.append(f"{form.name}:{line}:{column}: 提示 已调整 {field_path(loc)}：{change}"
                     "（drafter check --fix 可把表单改成同样的写法）")
    return lines


def removal_warnings(form: LoadedForm) -> list[str]:
    """Invisible characters do not stop a render (the report no longer holds them): where they were."""
    from drafter.form.load import field_path

    lines, positions = [], form.positions()
    for removal in form.removed:
        line, column = positions.locate(removal.loc)
        lines.append(f"{form.name}:{line}:{column}: 警告 {field_path(removal.loc)}：{removal.describe()}，已删除")
    return lines


def _missing_lines(form: LoadedForm, exc: Any) -> list[str]:
    lines, positions = [f"{form.name}：{exc.message}："], form.positions()
    for item in exc.items:
        line, column = positions.locate(item.loc)
        lines.append(f"{form.name}:{line}:{column}: {item.describe()}")
    lines.append("填齐后再生成；如需先出一份草稿，请加 --draft，待填处会以“【待填：…】”标出（Word 中黄色底色）。")
    return lines


def _located(form: LoadedForm, exc: Any) -> DrafterError:
    if not exc.loc:
        return exc
    line, column = form.locate(exc.loc)
    return DrafterError(exc.message, file=form.name, line=line, column=column, exit_code=exc.exit_code)


def _annotate(document: Document, findings: list[Finding], result: RenderResult) -> None:
    from drafter.limits import MAX_COMMENTS
    from drafter.render.annotate import annotate

    if result.fmt != "docx":
        result.warnings.append(f"提示：--annotate 只对 Word 文档有效，{result.fmt} 格式不加批注。")
        return
    placed, unplaced, left_out = annotate(document, findings)
    result.notes.append(f"已把 {placed + unplaced} 条检查意见加为 Word 批注（{placed} 条标在相关段落，{unplaced} 条标在标题处）。")
    if left_out:
        result.warnings.append(f"另有 {left_out} 条检查意见未加批注（一份文档最多加 {MAX_COMMENTS} 条，先加错误和警告），"
                               "drafter check 列出全部。")


# ---------------------------------------------------------------- editing


def edit_values(form: LoadedForm, changes: Mapping[Loc, Any]) -> str:
    """The form's YAML text with the values at `changes`' locations replaced (or added to an
    existing mapping). Comments, quoting and every untouched line stay as they were; the
    form itself is not changed. A location whose container does not exist raises DrafterError."""
    from drafter.edits.values import edit_values as edit

    return edit(form, changes)


@dataclass
class FixResult:
    """The form after `--fix`: its new YAML text (unchanged when nothing was fixed) and the fields fixed."""

    text: str
    fixed: list[FixedField]


def fix(form: LoadedForm) -> FixResult:
    """The typography family's safe fixes applied to the form's text (a form with schema errors raises)."""
    from drafter.edits.fix import fix_loaded

    result = fix_loaded(form)
    return FixResult(result.text, result.fixed)


def fix_file(path: Path, *, force: bool = False) -> list[FixedField]:
    """`--fix` in place: the form is copied to `backup_path(path)` first (an existing one only with `force`)."""
    from drafter.edits.fix import fix_form

    return fix_form(Path(path), force=force)


def backup_path(path: Path) -> Path:
    """Where `fix_file` keeps the original: FILE.bak beside it."""
    from drafter.edits.fix import backup_path as backup

    return backup(Path(path))


def schema_text(*, targets: bool = False) -> str:
    """The JSON Schema of the form (of a targets file with `targets`), for editors."""
    from drafter.form.schema import schema_text as form_schema, targets_schema_text

    return targets_schema_text() if targets else form_schema()


# ---------------------------------------------------------------- importing, rollover, diff, new


@dataclass
class ImportResult:
    """An imported report: the form's YAML text and the lines that tell the user what was found."""

    text: str
    summary: list[str]
    result: ImporterResult


def import_document(data: bytes, filename: str, *, year: int | None = None, region: str | None = None,
                    extract_figures: bool = False, force_report: bool = False, target: Path | None = None,
                    today: date | None = None) -> ImportResult:
    """Last year's .docx/.txt (its bytes; `filename` names it and gives its format) as a form.
    `target` is where the form will be saved (default: beside the source, .yaml)."""
    from drafter.importer import ImportFailure
    from drafter.importer.importing import import_report, summary_lines

    source = Path(filename)
    target = target or import_target(source)
    try:
        result = import_report(source, target, year=year, region=region, figures=extract_figures,
                               force_report=force_report, today=today, data=data)
    except ImportFailure as exc:
        raise DrafterError(exc.message, file=str(source)) from None
    return ImportResult(result.form.text, summary_lines(result), result)


def import_target(source: Path) -> Path:
    """Where an imported form goes by default: beside the source, with .yaml."""
    from drafter.importer.importing import default_target

    return default_target(Path(source))


def read_import_source(path: Path) -> bytes:
    """Last year's file, read for `import_document`: a missing, oversized or unreadable-format file
    raises DrafterError (exit 2) with what to do."""
    from drafter.importer import ImportFailure
    from drafter.importer.reading import source_bytes

    try:
        return source_bytes(path)
    except ImportFailure as exc:
        raise DrafterError(exc.message, file=str(path)) from None


def valid_report(form: LoadedForm) -> LoadedForm:
    """The form itself when it validated; else DrafterError (exit 1) listing its errors as check prints them."""
    if form.report is None:
        from drafter.checks import Level, run_checks

        # the errors that make it unreadable (check also reports the content of what validates)
        errors = [f for f in run_checks(form) if f.level is Level.ERROR and f.rule in ("schema", "invisible-char")]
        listing = "\n".join(f.format() for f in errors)
        raise DrafterError(f"表单有 {len(errors)} 处错误，请先修正：\n{listing}", file=form.name,
                           exit_code=EXIT_FINDINGS)
    return form


@dataclass
class RolloverResult:
    """Next year's form: its text, the years, the usual file name and what the user should check."""

    text: str
    year: int
    old_year: int
    default_name: str
    notes: list[str]


def rollover(form: LoadedForm) -> RolloverResult:
    """Last year's (valid) form → this year's text; the form itself is not changed."""
    from drafter.edits.rollover import default_output, roll_over

    result = roll_over(valid_report(form))
    name = default_output(Path(form.name), result.old_year, result.new_year).name
    return RolloverResult(result.text, result.new_year, result.old_year, name, list(result.notes))


def diff(last: LoadedForm, this: LoadedForm) -> FormDiff:
    """Two (valid) forms compared: figures row by row, sections added and removed, reused paragraphs."""
    from drafter.checks.staleness import printed_text
    from drafter.diff.compare import compare

    return compare(valid_report(last).report, valid_report(this).report, Path(last.name).name, Path(this.name).name,
                   printed=printed_text)


def compare_docx(last: LoadedForm, this: LoadedForm, *, style: StyleProfile | Path | None = None) -> Comparison:
    """This year's report as a GB/T 9704 .docx with the changes since last year as Word tracked
    changes (figures substituted in both years; 待填 values shown as 【待填：…】)."""
    from drafter.doctree import Role
    from drafter.render import render_report
    from drafter.writers.tracked import tracked_docx

    profile = style if style is not None and not isinstance(style, (str, Path)) else style_profile(style)
    numbers = profile.numbers.format()
    earlier = render_report(valid_report(last).report, draft=True, numbers=numbers)
    later = render_report(valid_report(this).report, draft=True, numbers=numbers)
    result = tracked_docx(earlier, later, profile)
    result.marks = sum(1 for block in later.blocks for run in block.runs if run.role is Role.MISSING)
    return result


def diff_output(d: FormDiff, fmt: str = "table", all_rows: bool = False) -> str:
    """A comparison as text: table, csv, json or md."""
    from drafter.diff.output import format_diff

    return format_diff(d, fmt, all_rows)


def new_form(region: str, year: int, level: str = "县", outline: str | Outline | None = None,
             target: Path | None = None) -> str:
    """The text of a complete blank form (`target`: where it will be saved, for the schema reference)."""
    from drafter.form.blank import new_form as blank
    from drafter.model.outline import Outline
    from drafter.model.report import Level

    try:
        organ_level = Level(level)
        version = Outline(outline) if outline is not None else None
    except ValueError as exc:
        raise DrafterError(f"层级或纲要版本不正确：{exc}", exit_code=EXIT_UNREADABLE) from None
    return blank(region, year, organ_level, version, target)


# ---------------------------------------------------------------- saving


def check_target(path: Path, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an output that is one of `inputs`, an existing file without `force`, a missing folder."""
    from drafter.form.files import check_output

    check_output(Path(path), force=force, inputs=tuple(Path(p) for p in inputs))


def save(path: Path, data: str | bytes, *, force: bool = False, expected: bytes | None = None,
         inputs: tuple[Path, ...] = ()) -> None:
    """Write `data` (text as UTF-8) to `path` atomically.

    Without `expected`: refuses an existing file unless `force`, and an output that is one of
    `inputs`. With `expected` (the bytes the caller read): the file must still hold exactly
    those bytes, else DrafterError (someone else changed it), and it is then replaced.
    """
    from drafter.form.files import write_atomic
    from drafter.limits import MAX_INPUT_BYTES, read_bounded

    path = Path(path)
    if expected is None:
        check_target(path, force=force, inputs=inputs)
    else:
        try:
            current = read_bounded(path, max(len(expected), MAX_INPUT_BYTES))
        except DrafterError:
            current = None
        if current != expected:
            raise DrafterError("文件已被其他程序修改（或已删除），为免覆盖他人的修改，未保存。请重新打开后再改",
                               file=str(path), exit_code=EXIT_FINDINGS)
    write_atomic(path, data.encode("utf-8") if isinstance(data, str) else data, force=force or expected is not None)


# ---------------------------------------------------------------- figures by Excel


def read_units(path: Path) -> list:
    """The units of a units file (one a line, `单位：组、组` to name its groups)."""
    from drafter.sheets.units import read_units as read

    return read(Path(path))


def units_from_text(data: str | bytes, name: str = "单位名单") -> list:
    """The units of a units file's text, or of its bytes (decoded as forms are: UTF-8, GBK …),
    typed or uploaded in the browser form; errors name `name` and the line."""
    from drafter.form.files import decode
    from drafter.limits import too_large
    from drafter.sheets.units import MAX_UNITS_FILE_BYTES, parse_units

    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_UNITS_FILE_BYTES:
        raise too_large(name, "单位文件", len(raw), MAX_UNITS_FILE_BYTES)
    text = data if isinstance(data, str) else decode(data, name)[0]
    return parse_units(text, name)


def sheet_workbook(form: LoadedForm, units: list | None = None) -> bytes:
    """The collection workbook of a valid form: one sheet, or one per unit of `units`."""
    from drafter.sheets.workbook import build_workbook

    return build_workbook(valid_report(form).report, units)


def unit_workbooks(form: LoadedForm, units: list) -> list[tuple[str, bytes]]:
    """One collection workbook per unit (file name, bytes), as `drafter sheet --units -o 文件夹` writes them."""
    from drafter.sheets.workbook import build_workbook

    report = valid_report(form).report
    names = unit_sheet_file_names(report.meta.region, report.meta.year, [u.name for u in units])
    return [(name, build_workbook(report, [unit])) for name, unit in zip(names, units)]


def sheet_file_name(form_stem: str) -> str:
    """The collection workbook's default file name for the form `form_stem`.yaml."""
    from drafter.sheets.workbook import workbook_file_name

    return workbook_file_name(form_stem)


def unit_sheet_file_names(region: str, year: int, unit_names: list[str]) -> list[str]:
    from drafter.sheets.workbook import unit_file_names

    return unit_file_names(region, year, unit_names)


def sources_file_name(form_stem: str, suffix: str = ".xlsx") -> str:
    """The 数据来源表's default file name for the form `form_stem`.yaml."""
    return f"{form_stem}-数据来源表{suffix}"


def collect(form: LoadedForm, workbooks: list, *, force: bool = False):
    """Filled workbooks read back into the form (drafter.sheets.collect.Collected; `.text` is the
    new form when no problem or unforced conflict stands in the way). Each workbook is a file,
    or an upload `(file name, bytes)` read from memory (the browser form writes no file)."""
    from drafter.sheets.collect import collect as run

    sources = [w if isinstance(w, tuple) else Path(w) for w in workbooks]
    result = run(valid_report(form), sources, force=force)
    if result.edit is not None:
        result.text = _apply_edit(result.edit)
    return result


def _apply_edit(edit: Any) -> str:
    """A drafter.sheets.writeback.FigureEdit carried out: the values set by `edit_values` in the
    edited structure. The result must load as a valid form, or it is our bug and never written."""
    text = edit_values(load_form_text(edit.structure, edit.name), edit.changes)
    if edit.crlf:
        text = text.replace("\n", "\r\n")
    if load_form_text(text, edit.name).report is None:
        from drafter.errors import EXIT_INTERNAL

        raise DrafterError("内部错误：写入后的表单无法通过校验，未写入", file=edit.name, exit_code=EXIT_INTERNAL)
    return text


def aggregate(paths: list[Path]):
    """Unit forms added up (drafter.sheets.aggregate.Aggregate); forms that cannot be used are in .failures."""
    from drafter.sheets.aggregate import aggregate as run

    return run([Path(p) for p in paths])


def aggregate_block(result: Any, table_file: str | None = None) -> str:
    from drafter.sheets.aggregate import data_block

    return data_block(result, table_file)


def aggregate_into(city: LoadedForm, result: Any, table_file: str | None = None) -> tuple[str, list[str]]:
    from drafter.sheets.aggregate import write_into

    edit, conflicts = write_into(valid_report(city), result, table_file)
    return _apply_edit(edit), conflicts


def aggregate_table(result: Any, fmt: str) -> bytes:
    from drafter.sheets.aggregate import tables
    from drafter.sheets.tables import render_tables

    return render_tables(tables(result, fmt), fmt)


@dataclass
class SourcesResult:
    """The 数据来源表 as a file's bytes, how many figures the text uses and how many have no recorded source."""

    data: bytes
    figures: int
    unsourced: int


def sources_table(form: LoadedForm, fmt: str) -> SourcesResult:
    from drafter.sheets.sources import NO_SOURCE, sources_table as table
    from drafter.sheets.tables import render_tables

    built = table(valid_report(form).report)
    names = {row[0] for row in built.rows}
    unsourced = {row[0] for row in built.rows if str(row[-1]).endswith(NO_SOURCE)}
    return SourcesResult(render_tables([built], fmt), len(names), len(unsourced))


@dataclass(frozen=True)
class SourceLine:
    """One 数据来源 entry as it concerns one figure: who reported which value, in which file, sheet and cell."""

    unit: str
    file: str
    sheet: str
    cell: str            # "" when not recorded (a form's totals, an older collection)
    as_of: date | None
    value: Any


def figure_sources(form: LoadedForm) -> dict[str, list[SourceLine]]:
    """组.指标 (or 自定义.名称) → the 数据来源 entries that report it, in the ledger's order
    (empty for a form that cannot be read)."""
    out: dict[str, list[SourceLine]] = {}
    if form.report is None:
        return out
    for entry in form.report.sources:
        for name, value in entry.values.items():
            out.setdefault(name, []).append(SourceLine(entry.unit, entry.file, entry.sheet,
                                                          entry.cells.get(name, ""), entry.as_of, value))
    return out


def table_format(suffix: str) -> str:
    from drafter.sheets.tables import table_format as fmt

    return fmt(suffix)
