"""The year-on-year comparison for reviewers: this year's report as a GB/T 9704 .docx in which
the changes since last year are Word tracked changes (`drafter diff LAST THIS --format docx`).

Both years are rendered (figures substituted, so a changed number shows as a change, an
unchanged sentence with new figures only as its numbers) and their blocks aligned in
order: identical paragraphs are kept (long ones get a “与上年相同” comment), paragraphs
that changed are paired by similarity and compared token by token, the others are whole
inserted or deleted paragraphs. Tokens: a number (with its decimals and %) or a Latin
word is one token, each Han character and mark is one; after the comparison, short
unchanged pieces between two changes are folded into them so that changes read as words
and phrases, not scattered characters. The Word document is this year's, as `drafter
render` writes it, with `w:ins` / `w:del` (author 本年修改) in place of changed runs;
the run properties (bold run-in titles, fonts) are kept. Accepting every change gives
this year's text, rejecting every change gives last year's.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from dataclasses import dataclass
from datetime import date

import docx
from lxml import etree

from drafter.doctree import Block, Document, Kind
from drafter.writers.fontcover import HAN
from drafter.writers.docx import write_docx
from drafter.writers.ooxml import XML_SPACE, w
from drafter.writers.style import StyleProfile

AUTHOR = "本年修改"
SAME_NOTE = "与上年相同，未修改"
#: Paragraphs at least this long that are word for word last year's get SAME_NOTE.
SAME_NOTE_MIN_CHARS = 20
#: Two paragraphs at least this similar (difflib ratio) are one paragraph rewritten.
PAIR_RATIO = 0.45
#: Unchanged pieces of at most this many characters between two changes join them.
FOLD_CHARS = 2

_TOKEN = re.compile(r"[0-9]+(?:[.．][0-9]+)?%?|[A-Za-z]+|.", re.S)


def tokens(text: str) -> list[str]:
    """`text` as comparison tokens: numbers and Latin words whole, every other character alone."""
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Piece:
    op: str      # "equal", "insert", "delete"
    text: str


def compare_text(old: str, new: str) -> list[Piece]:
    """The changes turning `old` into `new`, at word/phrase granularity."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return _fold(pieces)


def _fold(pieces: list[Piece]) -> list[Piece]:
    """Short unchanged pieces between changes folded into them, then neighbours merged; a
    lone Han character between a Han change and a mark (or the paragraph's end or start)
    joins the change, so that a rewritten word is shown whole (案卷评查 → 专项监督检查)."""
    out = _merge(list(pieces))
    changed = True
    while changed:
        changed = False
        for i, piece in enumerate(out):
            if piece.op != "equal":
                continue
            before = out[i - 1].op != "equal" if i > 0 else False
            after = out[i + 1].op != "equal" if i + 1 < len(out) else False
            if before and after and len(piece.text) <= FOLD_CHARS and not re.search(r"[。；！？\s]", piece.text):
                out[i:i + 1] = [Piece("delete", piece.text), Piece("insert", piece.text)]
            elif before and HAN.match(piece.text[:1]) and _han_edges(_group(out, i - 1), -1) \
                    and (len(piece.text) == 1 or not HAN.match(piece.text[1])):
                out[i:i + 1] = [Piece("delete", piece.text[0]), Piece("insert", piece.text[0]),
                                *([Piece("equal", piece.text[1:])] if piece.text[1:] else [])]
            elif after and HAN.match(piece.text[-1:]) and _han_edges(_group(out, i + 1), 0) \
                    and (len(piece.text) == 1 or not HAN.match(piece.text[-2])):
                out[i:i + 1] = [*([Piece("equal", piece.text[:-1])] if piece.text[:-1] else []),
                                Piece("delete", piece.text[-1]), Piece("insert", piece.text[-1])]
            else:
                continue
            out = _merge(out)
            changed = True
            break
    return out


def _group(pieces: list[Piece], index: int) -> list[Piece]:
    """The run of changed pieces (a deletion and/or an insertion) that `index` is in."""
    start = end = index
    while start > 0 and pieces[start - 1].op != "equal":
        start -= 1
    while end + 1 < len(pieces) and pieces[end + 1].op != "equal":
        end += 1
    return pieces[start:end + 1]


def _han_edges(group: list[Piece], edge: int) -> bool:
    """Whether every side of a change has a Han character at `edge` (0 first, -1 last): a word
    rewritten, not a number or a marker replaced."""
    return all(HAN.match(p.text[edge]) for p in group)


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Adjacent pieces of one kind joined; within a change, deletions before insertions."""
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        if pieces[i].op == "equal":
            text = ""
            while i < len(pieces) and pieces[i].op == "equal":
                text += pieces[i].text
                i += 1
            if text:
                out.append(Piece("equal", text))
            continue
        deleted = inserted = ""
        while i < len(pieces) and pieces[i].op != "equal":
            if pieces[i].op == "delete":
                deleted += pieces[i].text
            else:
                inserted += pieces[i].text
            i += 1
        out += [Piece(op, text) for op, text in (("delete", deleted), ("insert", inserted)) if text]
    return out


# --- aligning the blocks of two years ----------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One block of the comparison: this year's block `new` (None: deleted) and last
    year's `old` (None: inserted)."""

    old: Block | None
    new: Block | None

    @property
    def same(self) -> bool:
        return self.old is not None and self.new is not None and _key(self.old) == _key(self.new)


def _key(block: Block) -> str:
    return block.text.replace("\n", "").replace("\t", "")


def _ratio(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIR_RATIO or matcher.quick_ratio() < PAIR_RATIO:
        return 0.0
    return matcher.ratio()


def align(old: list[Block], new: list[Block]) -> list[Step]:
    """Both years' blocks in one order: kept, rewritten (paired), inserted and deleted ones."""
    matcher = difflib.SequenceMatcher(None, [_key(b) for b in old], [_key(b) for b in new], autojunk=False)
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            steps += [Step(old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            steps += _pair(old[i1:i2], new[j1:j2])
    return steps


def _pair(old: list[Block], new: list[Block]) -> list[Step]:
    """Pair rewritten blocks in order (same kind, similar enough); the rest inserted/deleted."""
    steps: list[Step] = []
    i = 0
    for block in new:
        match = next((k for k in range(i, len(old)) if old[k].kind is block.kind
                      and _ratio(_key(old[k]), _key(block)) >= PAIR_RATIO), None)
        if match is None:
            steps.append(Step(None, block))
            continue
        steps += [Step(b, None) for b in old[i:match]]
        steps.append(Step(old[match], block))
        i = match + 1
    steps += [Step(b, None) for b in old[i:]]
    return steps


# --- the Word document ------------------------------------------------------------------------------


class _Marks:
    """w:ins / w:del elements with increasing ids."""

    def __init__(self, when: date | None):
        self.next_id = 1
        self.when = f"{when.isoformat()}T00:00:00Z" if when else None

    def make(self, parent_tag: str, like: etree._Element) -> etree._Element:
        attrs = {w("id"): str(self.next_id), w("author"): AUTHOR}
        if self.when:
            attrs[w("date")] = self.when
        self.next_id += 1
        return like.makeelement(w(parent_tag), attrs)


def _atoms(p: etree._Element) -> list[tuple[str, etree._Element]]:
    """(character, its run) for the text of each direct run of a paragraph."""
    out = []
    for r in p.findall(w("r")):
        for t in r.findall(w("t")):
            out += [(char, r) for char in t.text or ""]
    return out


def _run_like(run: etree._Element, text: str, deleted: bool = False) -> etree._Element:
    """A run with `run`'s properties holding `text` (as deleted text when `deleted`)."""
    clone = run.makeelement(w("r"), run.attrib)
    props = run.find(w("rPr"))
    if props is not None:
        clone.append(copy.deepcopy(props))
    t = etree.SubElement(clone, w("delText" if deleted else "t"))
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(XML_SPACE, "preserve")
    return clone


def _tails(run: etree._Element) -> list[etree._Element]:
    """The breaks, tabs and other non-text children of a run (title line breaks)."""
    return [copy.deepcopy(c) for c in run if c.tag not in (w("rPr"), w("t"))]


def _rebuild(p: etree._Element, old: str, marks: _Marks) -> None:
    """Replace the paragraph's runs by its text compared with last year's `old` (this year's
    runs split where a change starts or ends, so each piece keeps its run's properties)."""
    atoms = _atoms(p)
    runs = p.findall(w("r"))
    if not runs:
        return
    pieces = compare_text(old, "".join(char for char, _run in atoms))
    position = 0
    out: list[etree._Element] = []
    last_run_done: dict[int, bool] = {}

    def new_runs(count: int) -> list[etree._Element]:
        nonlocal position
        made: list[etree._Element] = []
        while count > 0:
            run = atoms[position][1]
            size = 1
            while size < count and atoms[position + size][1] is run:
                size += 1
            text = "".join(char for char, _r in atoms[position:position + size])
            made.append(_run_like(run, text))
            position += size
            count -= size
            ends_run = position == len(atoms) or atoms[position][1] is not run
            if ends_run and not last_run_done.get(id(run)):
                last_run_done[id(run)] = True
                made[-1].extend(_tails(run))
        return made

    for piece in pieces:
        if piece.op == "delete":
            like = atoms[min(position, len(atoms) - 1)][1] if atoms else runs[0]
            wrapper = marks.make("del", p)
            wrapper.append(_run_like(like, piece.text, deleted=True))
            out.append(wrapper)
        elif piece.op == "insert":
            wrapper = marks.make("ins", p)
            wrapper.extend(new_runs(len(piece.text)))
            out.append(wrapper)
        else:
            out.extend(new_runs(len(piece.text)))
    first = runs[0]
    for element in out:
        first.addprevious(element)
    for run in runs:
        p.remove(run)


def _mark_paragraph(p: etree._Element, tag: str, marks: _Marks) -> None:
    """Mark the paragraph mark itself inserted or deleted (pPr/rPr/w:ins|w:del)."""
    props = p.find(w("pPr"))
    if props is None:
        props = p.makeelement(w("pPr"), {})
        p.insert(0, props)
    rpr = props.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(props, w("rPr"))
    rpr.insert(0, marks.make(tag, p))


def _wrap_runs(p: etree._Element, tag: str, marks: _Marks) -> None:
    """Put all runs of a paragraph into one w:ins or w:del (deleted text becomes w:delText)."""
    runs = p.findall(w("r"))
    if not runs:
        return
    wrapper = marks.make(tag, p)
    runs[0].addprevious(wrapper)
    for run in runs:
        if tag == "del":
            for t in run.findall(w("t")):
                t.tag = w("delText")
        wrapper.append(run)


def _mark_row(tr: etree._Element, tag: str, marks: _Marks) -> None:
    """Mark a table row inserted or deleted (w:trPr/w:ins|w:del, after the other row properties)."""
    props = tr.find(w("trPr"))
    if props is None:
        props = tr.makeelement(w("trPr"), {})
        tr.insert(1 if tr.find(w("tblPrEx")) is not None else 0, props)
    props.append(marks.make(tag, tr))


def _track_all(element: etree._Element, tag: str, marks: _Marks) -> None:
    """A whole paragraph or table inserted or deleted: its runs, paragraph marks or rows."""
    if element.tag == w("tbl"):
        for tr in element.findall(w("tr")):
            _mark_row(tr, tag, marks)
            for p in tr.iter(w("p")):
                _wrap_runs(p, tag, marks)
        return
    _wrap_runs(element, tag, marks)
    _mark_paragraph(element, tag, marks)


def _elements(document: Document, style: StyleProfile):
    """The Word package of a document and the body element (w:p or w:tbl) of each block."""
    buffer = io.BytesIO()
    write_docx(document, buffer, style)
    package = docx.Document(io.BytesIO(buffer.getvalue()))
    body = [child for child in package.element.body if child.tag in (w("p"), w("tbl"))]
    return package, {id(block): element for block, element in zip(document.blocks, body)}


@dataclass
class Comparison:
    data: bytes
    changed: int      # paragraphs rewritten
    inserted: int
    deleted: int
    same: int         # paragraphs word for word last year's
    marks: int = 0    # 【待填：…】 marks in this year's text (set by drafter.api.compare_docx)


def tracked_docx(last: Document, this: Document, style: StyleProfile) -> Comparison:
    """This year's document with the changes since last year as Word tracked changes.

    A deleted paragraph or table is last year's own Word element with its text deleted
    (so rejecting the changes restores it with its formatting); a rewritten table is shown
    as last year's deleted and this year's inserted."""
    steps = align(last.blocks, this.blocks)
    noted = [s.new for s in steps if s.same and s.new.kind in (Kind.PARAGRAPH, Kind.HEADING)
             and len(s.new.text) >= SAME_NOTE_MIN_CHARS]
    for block in noted:
        block.comments.append(SAME_NOTE)
    try:
        package, elements = _elements(this, style)
    finally:  # the note belongs to the comparison only
        for block in noted:
            block.comments.remove(SAME_NOTE)
    _last_package, last_elements = _elements(last, style)
    body = package.element.body
    marks = _Marks(this.info.created)
    counts = {"changed": 0, "inserted": 0, "deleted": 0, "same": 0}
    pending: list[Block] = []   # deleted blocks waiting for the next element of this year

    def flush(anchor: etree._Element) -> None:
        for block in pending:
            old = copy.deepcopy(last_elements[id(block)])
            _track_all(old, "del", marks)
            anchor.addprevious(old)
            counts["deleted"] += 1
        pending.clear()

    for step in steps:
        if step.new is None:
            pending.append(step.old)
            continue
        element = elements[id(step.new)]
        if step.same:
            flush(element)
            counts["same"] += 1
        elif step.old is None:
            flush(element)
            _track_all(element, "ins", marks)
            counts["inserted"] += 1
        elif element.tag == w("p"):
            flush(element)
            _rebuild(element, _key(step.old), marks)
            counts["changed"] += 1
        else:  # a table rewritten: last year's deleted, this year's inserted
            pending.append(step.old)
            flush(element)
            _track_all(element, "ins", marks)
            counts["changed"] += 1
            counts["deleted"] -= 1
    flush(body.find(w("sectPr")))
    out = io.BytesIO()
    package.save(out)
    return Comparison(out.getvalue(), counts["changed"], counts["inserted"], counts["deleted"], counts["same"])
