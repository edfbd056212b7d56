"""Rendering form text, which is untrusted: `全年受理{{ 行政复议.受理 }}件` → runs.

A text is first checked by `drafter.form.placeholders.parse_text` (only `{{ 组.指标 | 过滤器 }}`,
no statements), then rendered by an `ImmutableSandboxedEnvironment` that has no
globals, no loader, only the text filters, StrictUndefined, refuses every attribute
access, call and arithmetic, and stops a text whose output grows past a size cap or
a document whose texts take longer than a time cap. The output passes through
`drafter.text.normalize_text` (full-width punctuation in Chinese text, ASCII numbers, no
stray spaces); every change it makes is recorded in `adjusted` so render reports it.

`tolerant` (the renderer's way: one draft layout serves both the draft and the final
document): a text whose placeholders cannot be rendered is kept as written and
highlighted, so that a draft can always be read, and its error is kept in `failures`,
which refuse the final document. Otherwise the error is raised at once.

A figure that cannot be printed (null, or a rate with a zero denominator) is written as
a private-use sentinel, recorded with the text that needs it, and finally turned into
a `Role.MISSING` run 【待填：行政复议.受理】. Whether that is acceptable (draft) or a
refusal (final document) is for the caller to decide from `missing`.

A text using only plain placeholders (`drafter.form.placeholders.plain_placeholders`) whose
groups and figures all exist is filled in directly: the same lookups, filters and
finalisation Jinja would apply, without compiling a template per text (compiling was
most of a render's time). Anything else, including every lookup that fails, goes
through the sandbox.
"""

from __future__ import annotations

import re
import time
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from drafter.doctree import Role, Run
from drafter.limits import MAX_TEXT_CHARS, MAX_TOTAL_CHARS, RENDER_TIME_LIMIT
from drafter.model.report import Report
from drafter.form.placeholders import (PlaceholderError, Reference, has_placeholders, parse_text, plain_placeholders,
                                  unknown_reference)
from drafter.render.errors import FigureError, Loc, MissingItem, RenderError
from drafter.render.figures_context import FILTERS, FigureGroup, FigureValue, NumberFormat, figure_namespaces, group_name
from drafter.text import Normalisation, normalisation, normalize_text

#: Caps of one text field, of all form text of a document and of the time to render them:
#: MAX_TEXT_CHARS, MAX_TOTAL_CHARS, TIME_LIMIT (drafter.limits).
TIME_LIMIT = RENDER_TIME_LIMIT

_OPEN, _CLOSE = "\ue000", "\ue001"
_SENTINEL = re.compile(f"{_OPEN}([0-9]+){_CLOSE}")
_STRIP_SENTINELS = {ord(_OPEN): None, ord(_CLOSE): None}
#: Jinja's lexer writes every line break of template data as "\n".
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class TextEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox for form text: lookups by Chinese name and the text filters, nothing else."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"+", "-"})

    def __init__(self, finalize: Any) -> None:
        super().__init__(autoescape=False, undefined=StrictUndefined, finalize=finalize, loader=None,
                         keep_trailing_newline=True, auto_reload=False, cache_size=0)
        self.globals.clear()
        self.tests.clear()
        self.filters.clear()
        self.filters.update(FILTERS)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False  # figures are reached by item lookup only

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError("占位符中不能做运算")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError("占位符中不能做运算")


class TextRenderer:
    """Renders the form texts of one document and records the values they miss."""

    def __init__(self, report: Report, numbers: NumberFormat | None = None, *,
                 max_text_chars: int = MAX_TEXT_CHARS, max_total_chars: int = MAX_TOTAL_CHARS,
                 time_limit: float = TIME_LIMIT, tolerant: bool = False) -> None:
        self.report = report
        self.tolerant = tolerant     # a text whose placeholders fail is shown as written, its error kept
        self.failures: list[RenderError] = []
        self.spaces = figure_namespaces(report, numbers)
        self.env = TextEnvironment(self._finalize)
        self.max_text_chars = max_text_chars
        self.max_total_chars = max_total_chars
        self.deadline = time.monotonic() + time_limit
        self.total_chars = 0
        self.missing: dict[Loc, MissingItem] = {}
        self.adjusted: dict[Loc, Normalisation] = {}   # what normalising changed, per text
        self._markers: list[str] = []
        self._loc: Loc = ()

    # ------------------------------------------------------------ public

    def runs(self, text: str, loc: Loc = ()) -> list[Run]:
        """The runs of one text: TEXT runs and MISSING runs for values it lacks."""
        self._markers = []
        self._loc = loc
        rendered = self._render(text.translate(_STRIP_SENTINELS), loc)
        normal = normalize_text(rendered)
        if normal != rendered and loc:
            self.adjusted[loc] = normalisation(rendered.translate(_STRIP_SENTINELS))
        return self._split(normal)

    def record(self, loc: Loc, detail: str, marker: str, used_at: Loc = ()) -> Run:
        """Record a missing form field directly (e.g. 成文日期) and return its MISSING run."""
        item = self.missing.setdefault(loc, MissingItem(loc, detail))
        if used_at and used_at not in item.used_at:
            item.used_at.append(used_at)
        return Run(f"【{marker}】", Role.MISSING)

    # ------------------------------------------------------------ internals

    def _check_time(self, loc: Loc) -> None:
        if time.monotonic() > self.deadline:
            raise RenderError("生成正文超时，已停止（请检查正文是否过长）", loc=loc)

    def _render(self, text: str, loc: Loc) -> str:
        self._check_time(loc)
        if not has_placeholders(text):
            rendered = text
        else:
            try:
                try:
                    parse_text(text)
                except PlaceholderError as exc:
                    raise RenderError(str(exc), loc=loc) from None
                rendered = self._sandboxed(text, loc)
            except RenderError as exc:
                if not self.tolerant:
                    raise
                # A draft shows the text as written, highlighted, instead of refusing.
                self.failures.append(exc)
                self._markers.append(_LINE_BREAK.sub("", text.strip()))
                rendered = f"{_OPEN}{len(self._markers) - 1}{_CLOSE}"
        if len(rendered) > self.max_text_chars:
            raise RenderError(f"这段文字生成后超过 {self.max_text_chars} 字，已停止", loc=loc)
        self.total_chars += len(rendered)
        if self.total_chars > self.max_total_chars:
            raise RenderError(f"全文超过 {self.max_total_chars} 字，已停止", loc=loc)
        return rendered

    def _sandboxed(self, text: str, loc: Loc) -> str:
        placeholders = plain_placeholders(text)
        values = self._lookup(placeholders) if placeholders is not None else None
        if values is None:
            return self._jinja(text, loc)
        chunks: list[str] = []
        position = 0
        try:
            for (start, end, ref), value in zip(placeholders, values):
                chunks.append(_LINE_BREAK.sub("\n", text[position:start]))
                for name in ref.filters:
                    value = FILTERS[name](value)
                chunks.append(self._finalize(value))
                position = end
        except FigureError as exc:
            raise RenderError(str(exc), loc=loc) from None
        chunks.append(_LINE_BREAK.sub("\n", text[position:]))
        return "".join(chunks)

    def _lookup(self, placeholders: list[tuple[int, int, Reference]]) -> list[FigureValue] | None:
        """The value of each plain placeholder, or None when one does not exist (Jinja explains that)."""
        values = []
        for _start, _end, ref in placeholders:
            group = self.spaces.get(ref.group)
            try:
                values.append(group[ref.name])
            except (KeyError, TypeError):
                return None
        return values

    def _jinja(self, text: str, loc: Loc) -> str:
        try:
            template = self.env.from_string(text)
            chunks: list[str] = []
            size = 0
            for chunk in template.generate(**self.spaces):
                size += len(chunk)
                if size > self.max_text_chars:
                    raise RenderError(f"这段文字生成后超过 {self.max_text_chars} 字，已停止", loc=loc)
                self._check_time(loc)
                chunks.append(chunk)
            return "".join(chunks)
        except FigureError as exc:
            raise RenderError(str(exc), loc=loc) from None
        except TemplateSyntaxError as exc:
            raise RenderError(f"占位符写法有误：{exc.message}", loc=loc) from None
        except SecurityError as exc:
            raise RenderError(f"占位符中不允许这种写法（{exc}）", loc=loc) from None
        except UndefinedError:
            raise RenderError(self._explain_undefined(text), loc=loc) from None

    def _explain_undefined(self, text: str) -> str:
        custom = {c.name for c in self.report.figures.custom}
        for ref in parse_text(text):
            problem = unknown_reference(ref, custom)
            if problem:
                return f"{{{{ {ref.dotted} }}}}：{problem}"
        return "占位符引用了不存在的数据"

    def _finalize(self, value: Any) -> str:
        if isinstance(value, Undefined):
            str(value)  # StrictUndefined raises UndefinedError here
        if isinstance(value, FigureGroup):
            raise FigureError(f"“{group_name(value)}”是一组数据，请写到具体指标，例如 {{{{ 行政复议.受理 }}}}")
        if not isinstance(value, FigureValue):
            raise FigureError("占位符只能是“组名.指标名”，例如 {{ 行政复议.受理 }}")
        if not value.missing:
            return value.text()
        for gap in value.missing_gaps():
            self.record(gap.loc, gap.detail, value.missing_marker(), self._loc)
        self._markers.append(value.missing_marker())
        return f"{_OPEN}{len(self._markers) - 1}{_CLOSE}"

    def _split(self, text: str) -> list[Run]:
        runs: list[Run] = []
        position = 0
        for match in _SENTINEL.finditer(text):
            if match.start() > position:
                runs.append(Run(text[position:match.start()]))
            runs.append(Run(f"【{self._markers[int(match.group(1))]}】", Role.MISSING))
            position = match.end()
        if position < len(text):
            runs.append(Run(text[position:]))
        return runs
