"""Directive parsing: layout, header, sections and tasks, deadlines, references, agencies.

`parse(document) -> Directive` is the one entry point:
layout -> header -> sections/tasks (+ assignees) -> references and deadlines (found on the whole
text, then attached to the task that contains them) -> every Span located (page, line).
Task tables (tables.py), in the body or an appendix, give one task per row: its lead column names
who acts and its time column by when.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date

from extract.directive import agencies, zones
from extract.directive.deadlines import cell_deadlines, find_deadlines
from extract.directive.grammar import alternatives
from extract.directive.header import Header, read_header
from extract.directive.layout import Layout, Piece, analyse, is_upper_text
from extract.directive.references import find_references, merge_references
from extract.directive.sections import (LEVELS, Item, Row, Tree, build_tree, ends_sentence, excluded_part,
                                        publishes_procedures,
                                        is_task_table, parse_rows, skeleton, words_re_sections)
from extract.directive.sections import lexicon as sections_lexicon
from extract.directive.tables import Table, read_table, table_runs
from extract.model import Deadline, Directive, Document, Finding, Reference, Span, Task
from extract.normalize import fold_confusables

PART_KEYS = ("national_title", "motto", "issuer", "number", "place_date", "doc_title", "subject",
             "recipients", "body", "authority", "position", "signer_name", "cc")


@dataclass
class _Unit:
    """A task, or a heading over tasks, with where its text lies."""
    label: str
    assignees: list[str]
    segments: list[tuple[int, int]]
    task: Task | None = None                       # None for a heading
    leaves: list["_Unit"] = field(default_factory=list)
    time_cells: list[tuple[int, int]] = field(default_factory=list)   # a task table's time column

    def contains(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.segments)


def parse(document: Document) -> Directive:
    """A Directive from a loaded Document; a document that is not one gives
    is_directive=False, empty lists and a PARSE.NOT_A_DIRECTIVE finding."""
    text = document.text
    layout = analyse(document)
    if not is_directive(layout):
        d = Directive(is_directive=False)
        d.findings.append(Finding.of("PARSE.NOT_A_DIRECTIVE", evidence=" ".join(text.split())[:80] or None))
        return d
    folded = fold_confusables(text)               # '137/2020/NĐ-СР' (Cyrillic С, Р) read as NĐ-CP
    mentions = find_references(folded)
    if folded != text:
        _as_printed(mentions, text, folded)
    header = read_header(layout, text, [m.date for m in mentions if m.date])
    # Every header field the Directive shares with the Header, under the same name.
    d = Directive(**{f.name: getattr(header, f.name) for f in fields(Header)
                     if f.name in Directive.__dataclass_fields__ and f.name != "findings"},
                  findings=list(header.findings))
    d.parts = {k: layout.parts[k].span() for k in PART_KEYS if k in layout.parts}
    d.zones = zones.locate(layout)

    units, headings = _tasks(layout, header, document.method == "ocr")
    _settle_names(units, text)
    d.tasks = [u.task for u in units]

    d.references, d.self_references = merge_references(mentions, header.number, header.symbol,
                                                       header.date, header.doc_type)
    _attach_references(d.references, units, layout)

    d.deadlines = _deadlines(text, header, units, headings)

    locate = document.locator()
    for span in _spans(d):
        loc = locate(span.start)
        if loc:
            span.page, span.line = loc["page"], loc["line"]
    _scan_facts(document, d)
    return d


def _scan_facts(document: Document, d: Directive) -> None:
    """Seals and how the scan was made (extract/directive/seals.py), for the checks."""
    from extract.directive.seals import seals_of
    d.seals = seals_of(document, d)
    colours = [p.colour for p in document.pages if p.colour is not None]
    d.scan_colour = any(colours) if colours else None
    d.single_page_image = document.kind in ("png", "jpeg", "tiff") and len(document.pages) == 1


def _as_printed(mentions: list[Reference], text: str, folded: str) -> None:
    """Mentions found on the text with look-alike letters folded keep what the page prints: the span's
    text and, where the number had such letters, `printed` as printed (the number stays the Latin key)."""
    for m in mentions:
        for span in m.spans:
            span.text = text[span.start:span.end]
        span = m.spans[0]
        raw = m.printed or m.number
        at = folded.find(raw, span.start, span.end)
        if at >= 0 and text[at:at + len(raw)] != raw:
            m.printed = text[at:at + len(raw)]


# --------------------------------------------------------------------------- is it a directive?

def is_directive(layout: Layout) -> bool:
    """The structure of an administrative document: a number and symbol (or a tên loại under an
    issuing body) together with the header or closing around it. Forms have the Quốc hiệu but
    no number or issuer; prose and photos have none of it."""
    p = layout.parts
    number = "number" in p and "/" in p["number"].text
    strong = number or ("doc_title" in p and "issuer" in p)
    weak = sum(k in p for k in ("national_title", "motto", "issuer", "place_date", "recipients",
                                "authority", "position", "signer_name", "cc"))
    return (strong and weak >= 1) or weak >= 5


# --------------------------------------------------------------------------- tasks

def _tasks(layout: Layout, header: Header, ocr: bool) -> tuple[list[_Unit], list[_Unit]]:
    units, headings, tree, tables = _outline_units(
        layout.body, "", lambda preamble: _fallback_assignees(preamble, header), ocr=ocr)
    fallback = _fallback_assignees(tree.preamble, header)
    if not tree.items and not tables:
        units.extend(_paragraph_tasks(tree.preamble, fallback))
    if not publishes_procedures(header.subject):
        units.extend(_appendix_tasks(layout, fallback, headings, ocr))
    return units, headings


def _outline_units(pieces: list[Piece], prefix: str, fallback_of, used: set[str] | None = None,
                   ocr: bool = False) -> tuple[list[_Unit], list[_Unit], Tree, int]:
    """Tasks of a numbered outline (a body, or a plan attached to a quyết định): one per lowest
    item, with task tables placed under the item that introduces them. `fallback_of(preamble)`
    names who acts where no heading does. Labels get `prefix`; `used` collects the top-level
    numerals printed so far under that prefix (a table after the plan restarts I, II: I', II')."""
    runs = table_runs(pieces)
    tables = [(pieces[a], read_table(pieces[a:b])) for a, b in runs]
    in_table = {id(p) for a, b in runs for p in pieces[a:b]}
    tree = build_tree([p for p in pieces if id(p) not in in_table], ocr)
    fallback = fallback_of(tree.preamble)
    units: list[_Unit] = []
    headings: dict[int, _Unit] = {}
    own_heads: dict[int, list[str]] = {}
    if used is not None:
        used.update(it.value for it in tree.items)

    def heading_of(item: Item) -> tuple[list[str], Item | None]:
        for anc in [item, *item.ancestors()] if id(item) in anchors else item.ancestors():
            if id(anc) not in own_heads:
                own_heads[id(anc)] = (_attribute_bodies(anc, "lead") or agencies.heading_assignees(anc.text)[0]
                                      or (agencies.duty_title_bodies(anc.pieces[0].text) if anc.pieces else [])
                                      or (agencies.lead_in_bodies(anc.text) if anc.children else []))
            if own_heads[id(anc)]:
                return own_heads[id(anc)], anc
        return [], None

    # A task table in the body hangs under the item it follows ('II. NHIỆM VỤ' + its table).
    placed: list[tuple[Item | None, Table]] = []
    anchors: set[int] = set()
    items = list(tree.walk())
    for first, table in tables:
        if table is None or not _task_table(table, ""):
            continue
        before = [it for it in items if it.start < first.start]
        anchor = before[-1] if before and _introduces(before[-1]) else None
        placed.append((anchor, table))
        if anchor is not None:
            anchors.add(id(anchor))

    shared = _shared_attributes(items)
    for item in items:
        if excluded_part(item):
            continue
        label = prefix + item.label
        if item.children or id(item) in anchors:
            names = _attribute_bodies(item, "lead") or agencies.heading_assignees(item.text)[0]
            inherited = names or heading_of(item)[0] or fallback
            headings[id(item)] = _Unit(label, inherited, item.segments)
            continue
        body = item.text
        if item.kind == "part" and len(item.pieces) > 1 and is_upper_text(item.pieces[0].text):
            body = " ".join(p.text for p in item.pieces[1:])     # 'III. TỔ CHỨC THỰC HIỆN' + its text
        own = _titled_bodies(item)
        if own:                                  # '3. Sở Công Thương' over 'Hỗ trợ cho các doanh nghiệp …'
            body = " ".join(p.text for p in item.pieces[1:])
        else:
            own = agencies.item_assignees(body)
            after = _text_after_title(item)
            if not own and after and agencies.starts_with_assignment(after):
                own = agencies.item_assignees(after)     # '1. Công tác tham mưu …' over 'Đề nghị Ủy ban …'

        if item.level <= LEVELS["number"]:    # '2. Sở X: …', '4. Giao Sở Y sớm …': skip the heading part
            names, rest = agencies.heading_assignees(body)
            if names and rest:
                body = body[rest:]
            own = own or names or None
        lead_item = shared.get(id(item), item)
        printed = _attribute_bodies(item, "lead")               # 'Cơ quan chủ trì: …' under the item
        block = _attribute_bodies(lead_item, "lead") if lead_item is not item else []
        assignees = printed or block or _with_later(body, own, heading_of(item)[0], fallback)
        body = _clean_text(body)
        if not body:
            continue
        paragraphs = _paragraphs(item)
        if len(paragraphs) >= 2:                 # 'VI.5.p1', 'VI.5.p2' (gold DECISIONS 8, A6)
            pieces_units = []
            title = item.pieces[0].text
            base = (printed or agencies.heading_assignees(title + ":")[0] or block or heading_of(item)[0])
            for k, para in enumerate(paragraphs, 1):
                text = _clean_text(" ".join(p.text for p in para))
                names = _with_later(text, agencies.item_assignees(text), base, fallback)
                task = Task(section=f"{label}.p{k}", text=text, assignees=list(names),
                            span=Span(text, para[0].start, para[-1].end))
                task.coordinators = _task_coordinators(text, item, names)
                pieces_units.append(_Unit(task.section, list(names), [(p.start, p.end) for p in para], task))
        else:
            task = Task(section=label, text=body, assignees=list(assignees),
                        span=Span(body, item.start, item.end))
            task.coordinators = _task_coordinators(body, lead_item, assignees)
            pieces_units = [_Unit(label, list(assignees), item.segments, task)]
        for unit in pieces_units:
            units.append(unit)
            for anc in item.ancestors():
                if id(anc) in headings:
                    headings[id(anc)].leaves.append(unit)

    loose = 0
    for anchor, table in placed:
        if anchor is not None and excluded_part(anchor):
            continue
        inherited = (heading_of(anchor)[0] if anchor is not None else []) or fallback
        if anchor is not None:
            rows = _table_units(table, f"{prefix}{anchor.label}.", inherited)
        elif used is not None:
            rows = _table_units(table, prefix, inherited, used)
        else:
            loose += 1
            rows = _table_units(table, "table " if loose == 1 else f"table {loose} ", inherited)
        units.extend(rows)
        for anc in [anchor, *anchor.ancestors()] if anchor is not None else []:
            if id(anc) in headings:
                headings[id(anc)].leaves.extend(rows)
    units.sort(key=lambda u: u.segments[0][0])
    return units, list(headings.values()), tree, len(placed)


def _titled_bodies(item: Item) -> list[str] | None:
    """The bodies an item's title line names when that line is nothing but their names and the
    duty follows on the next lines ('3. Sở Công Thương' / 'Hỗ trợ cho các doanh nghiệp …', '14. Tỉnh
    đoàn' / 'Chỉ đạo hệ thống Đoàn …'): the title ends the names, whatever case the duty starts in."""
    if len(item.pieces) < 2 or item.kind not in ("number", "multi", "letter", "paren"):
        return None
    title = item.pieces[0].text.strip()
    if not title or title.endswith((".", ";", ":", ",")) or len(title.split()) > 16:
        return None
    names, rest = agencies.heading_assignees(title + ":")
    return list(names) if names and rest >= len(title) else None


def _text_after_title(item: Item) -> str | None:
    """The text under an item's own title line, when the item has one ('**1. Công tác tham mưu, chỉ
    đạo triển khai**' over a blank line and 'Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố …'):
    when that text opens with 'Đề nghị' / 'Giao' / 'Yêu cầu', it, not the title, says who acts
    (24c7124ec6b2bf61 III.1); a statement under a title ('1. Thẩm quyền …' / 'Ủy ban nhân dân thành
    phố ban hành …') assigns nobody."""
    pieces = [p for p in item.pieces if p.text]
    if len(pieces) < 2 or item.attributes or not pieces[1].blank_before or item.kind not in (
            "number", "multi", "letter", "paren"):
        return None                              # an article's title ('Điều 2. Người nộp phí') heads a rule
    title = pieces[0].text.strip()
    if ends_sentence(title) or title.endswith((":", ",", ";")) or len(title.split()) > 15:
        return None
    return " ".join(p.text for p in pieces[1:])


def _with_later(text: str, own: list[str] | None, heading: list[str], fallback: list[str]) -> list[str]:
    """Who an item directs: the bodies it names first (else its heading's, else the subject of its
    first sentence, generic collectives included), and the bodies its later sentences direct
    (DECISIONS A23, B29). Under a heading, a later body adds only when it names a specific body
    that is not part of the heading's (A11: 'UBND cấp xã chú trọng …' under 'UBND các xã, phường')."""
    later = agencies.later_bodies(text)
    if own:
        first = list(own)
    elif heading:
        first = list(heading)
        later = [n for n in later if not agencies.is_generic(n) and not any(
            agencies.part_of(n, h) for h in heading)]
    else:
        first = agencies.subject_bodies(text)
        if not first and not later:
            return list(fallback)
    taken = {agencies.fold_same(n) for n in first}
    return first + [n for n in dict.fromkeys(later) if agencies.fold_same(n) not in taken]


def _paragraphs(item: Item) -> list[list[Piece]]:
    """The paragraphs under a lowest item's own title line ('5. Sở Công Thương' over 'Chủ trì …' and
    'Tăng cường …'), each a task when there are two or more (gold DECISIONS 8, A6: 'VI.5.p1',
    'VI.5.p2'); a blank line after a finished sentence starts one, a page break inside a sentence
    does not. An item whose first line is already its text is one task, however many paragraphs
    it runs to (most items of the real corpus); so is one with attribute lines."""
    pieces = [p for p in item.pieces if p.text]
    if item.attributes or len(pieces) < 2:
        return []
    first = pieces[0]
    titled = (not ends_sentence(first.text) and len(first.text.split()) <= 15) or (
        first.text.rstrip().endswith(":") and len(first.text.split()) <= 60)   # 'Về kiến nghị …:' (D52)
    if not (pieces[1].blank_before and titled):
        return []                                # no title of its own: the item's text is one task
    pieces = pieces[1:]
    out: list[list[Piece]] = []
    for k, p in enumerate(pieces):
        if not out or (p.blank_before and ends_sentence(pieces[k - 1].text)):
            out.append([p])
        else:
            out[-1].append(p)
    return out if len(out) >= 2 else []


def _attribute_bodies(item: Item, role: str) -> list[str]:
    """The bodies of an item's 'Cơ quan chủ trì: …' (role lead) or 'Cơ quan phối hợp: …' line."""
    value = item.attributes.get(role)
    if not value:
        return []
    return agencies.heading_assignees(value)[0] or agencies.lead_cell_bodies(value)


def _task_coordinators(body: str, attributed: Item, assignees: list[str]) -> list[str]:
    """Coordinators: the item's 'Cơ quan phối hợp: …' line, and the bodies after 'phối hợp
    (với)' in its text ('Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành …')."""
    names = _attribute_bodies(attributed, "coordinate")
    names += agencies.coordinators(body, [*assignees, *names])
    lead = attributed.attributes.get("lead")
    if lead and lead not in body:                              # a block printed after several items
        names += agencies.coordinators(lead, [*assignees, *names])
    taken = {agencies.fold_same(a) for a in assignees}
    return [n for n in dict.fromkeys(names) if agencies.fold_same(n) not in taken]


def _shared_attributes(items: list[Item]) -> dict[int, Item]:
    """'A block printed after several items applies to each of them' (CONVENTIONS §7): sibling
    leaves with no 'Cơ quan thực hiện/chủ trì' line of their own take the block of the next
    sibling that prints one (item id -> the item whose attributes apply)."""
    out: dict[int, Item] = {}
    groups: dict[int, list[Item]] = {}
    for it in items:
        groups.setdefault(id(it.parent), []).append(it)
    for siblings in groups.values():
        pending: list[Item] = []
        for it in siblings:
            if it.children:
                pending = []
                continue
            if "lead" in it.attributes:
                for p in pending:
                    out[id(p)] = it
                pending = []
            else:
                pending.append(it)
    return out


def _settle_names(units: list[_Unit], text: str) -> None:
    """An assignee printed once with OCR noise in it ('các cơ quan chuyên I môn …') is the name the
    document prints more often, or a known body's name, that it reads as (agencies.ocr_twin)."""
    names = {n for u in units for n in u.assignees}
    counts = {n: text.count(n) for n in names}
    often = [n for n in names if counts[n] >= 2]
    fixed = {}
    for n in names:
        if counts[n] <= 1:
            twin = agencies.ocr_twin(n, often) or agencies.ocr_twin(n, agencies.known_names())
            if twin:
                fixed[n] = twin
    if not fixed:
        return
    for u in units:
        u.assignees = list(dict.fromkeys(fixed.get(n, n) for n in u.assignees))
        if u.task is not None:
            u.task.assignees = list(u.assignees)


def _introduces(item: Item) -> bool:
    """The item right before a table heads it: a heading line ('II. NHIỆM VỤ VÀ PHÂN CÔNG') or a
    sentence that announces it ('2. Nhiệm vụ cụ thể như sau:'), with no children of its own."""
    if item.children:
        return False
    text = item.text.rstrip()
    return text.endswith(":") or (item.kind in ("part", "article", "number") and is_upper_text(text, 0.9))


def _fallback_assignees(preamble: list[Piece], header: Header) -> list[str]:
    """Who acts when no heading says: the bodies the preamble addresses, else the recipients."""
    names = agencies.addressed_bodies(" ".join(p.text for p in preamble)) if preamble else []
    return names or list(header.recipients)


_ASSIGNS = re.compile(r"\b" + alternatives(sections_lexicon()["paragraph_task_verbs"]) + r"\s", re.I)


def _paragraph_tasks(pieces: list[Piece], fallback: list[str]) -> list[_Unit]:
    """A directive without numbered items: each paragraph with a sentence that assigns work to a
    named body ('Giao …', 'Đề nghị …', or a body followed by a duty verb, DECISIONS A23) is a task
    labelled by its place among all the body's paragraphs, task or not ('p2', gold DECISIONS 8);
    a paragraph that directs several bodies has all of them (DECISIONS 2). Sentences are split by
    underthesea (it knows 'TP.' and '12/QĐ-UBND.'); sentences that only address 'các cơ quan, đơn
    vị' count when no sentence names a body."""
    if not pieces:
        return []
    from underthesea import sent_tokenize

    specific: list[tuple[int, list[Piece], list[str]]] = []
    generic: list[tuple[int, list[Piece], list[str]]] = []
    for k, para in enumerate(_body_paragraphs(pieces), 1):
        text = " ".join(p.text for p in para)
        if any(phrase in text.lower() for phrase in sections_lexicon()["not_task_phrases"]):
            continue                             # '… chịu trách nhiệm thi hành Quyết định này' (CONVENTIONS §7)
        named: list[str] = []
        asks = False
        for sentence in sent_tokenize(text):
            names = agencies.addressed_bodies(sentence) if _ASSIGNS.search(sentence) else []
            names = names or agencies.duty_subject(sentence)
            asks = asks or bool(_ASSIGNS.search(sentence))
            named += [n for n in names if n not in named]
        if named:
            specific.append((k, para, named))
        elif asks:
            generic.append((k, para, []))
    out = []
    for k, para, names in specific or generic:
        label = f"p{k}"
        body = _clean_text(" ".join(p.text for p in para))
        if not body:
            continue
        task = Task(section=label, text=body, assignees=list(names or fallback),
                    span=Span(body, para[0].start, para[-1].end))
        out.append(_Unit(label, list(names or fallback), [(p.start, p.end) for p in para], task))
    return out


def _body_paragraphs(pieces: list[Piece]) -> list[list[Piece]]:
    """The paragraphs of an unnumbered body: a line after a finished sentence starts one when a
    blank line or a first-line indent sets it apart, or when lines carry no geometry (a text line
    is a paragraph); a line that continues a sentence never does."""
    xs = sorted(p.x0 for p in pieces if p.x0 is not None)
    margin = xs[len(xs) // 10] if len(xs) >= 5 else None
    out: list[list[Piece]] = []
    for k, p in enumerate(pieces):
        if not p.text:
            continue
        prev = out[-1][-1] if out else None
        starts = prev is None or (ends_sentence(prev.text) and (
            p.blank_before or p.x0 is None or margin is None or p.x0 > margin + 0.02))
        if starts:
            out.append([p])
        else:
            out[-1].append(p)
    return out


def _appendix_tasks(layout: Layout, fallback: list[str], headings: list[_Unit], ocr: bool) -> list[_Unit]:
    """Tasks of what the document attaches: a plan, regulation or programme 'ban hành kèm theo'
    read as an outline of its own (labels 'appendix II.1.b1', 'appendix Điều 4.1.a'), and task
    tables (rows 'appendix 1.1', 'appendix III.4'). All appendices share the 'appendix' labels:
    a numeral printed again gets a prime ('appendix I'.1', gold DECISIONS 4)."""
    out: list[_Unit] = []
    used: set[str] = set()
    for appendix in layout.appendices:
        title = appendix.title.text if appendix.title else ""
        if _attached_outline(title):
            units, heads, _, _ = _outline_units(appendix.pieces, "appendix ", lambda _p: [], used, ocr)
            out.extend(units)
            headings.extend(heads)
            continue
        runs = table_runs(appendix.pieces)
        if runs:                                     # rows as the loader gives them: cells and tabs
            for a, b in runs:
                table = read_table(appendix.pieces[a:b])
                if table is None or not _task_table(table, title):
                    continue
                out.extend(_table_units(table, "appendix ", fallback, used))
            continue
        rows = parse_rows(appendix)
        if not is_task_table(appendix, rows):
            continue
        for top in rows:
            group = agencies.group_assignees(top.text) if top.children else []
            for row in (top.children or [top]):
                names = agencies.item_assignees(row.text) or group or fallback
                out.append(_row_unit("appendix " + _primed(row.number, used), row, names))
        used.update(top.number.split(".")[0] for top in rows)
    return out


def _attached_outline(title: str) -> bool:
    """An attachment that is a document of its own kind ('KẾ HOẠCH …', 'QUY CHẾ …', 'CHƯƠNG
    TRÌNH …' under 'Ban hành kèm theo Quyết định …'), not a 'PHỤ LỤC' list or table."""
    return words_re_sections("attached_outline_titles").match(skeleton(title.lower())) is not None


def _primed(label: str, used: set[str]) -> str:
    """'I.1' -> "I'.1" when the numeral I was already printed under the same prefix."""
    top, _, rest = label.partition(".")
    while top in used:
        top += "'"
    return top + ("." + rest if rest else "")


_LEAD_SPECKS = re.compile(r"^[-_~.,'`·•:;|+]+\s+")     # OCR dust or a dash before a cell's text


def _task_table(table: Table, title: str) -> bool:
    """A table of tasks (to be done), not of statistics or a list of documents: it names who
    leads or by when, or its title says so, or its content cells are sentences."""
    if table.catalogue:
        return False                                 # 'Tên thủ tục hành chính | …': procedures (DECISIONS D30, D42)
    lex = sections_lexicon()
    t = skeleton(title.lower())
    if any(skeleton(w.lower()) in t for w in lex["statistics_appendix_words"]):
        return False
    leaves = [r for r in table.leaves() if r.cell(table.col("content")).text]
    if not leaves:
        return False
    numeric = [c.text for r in leaves for i, c in enumerate(r.cells)
               if c.text and table.roles[i] not in ("number", "content")]
    if numeric and sum(bool(re.fullmatch(r"[\d.,%\s/-]+", x)) for x in numeric) >= 0.6 * len(numeric):
        return False                                 # figures beside each row: a statistics table
    if table.col("lead") is not None or table.col("time") is not None:
        return True
    if any(skeleton(w.lower()) in t for w in lex["task_appendix_words"]):
        return True
    content = table.col("content")
    wordy = [r for r in leaves if len(r.cell(content).text.split()) >= 8]
    return len(wordy) >= 0.7 * len(leaves)


def _table_units(table: Table, prefix: str, inherited: list[str], used: set[str] | None = None) -> list[_Unit]:
    """One task per row: who leads it from the lead column ('Cơ quan chủ trì', not 'phối hợp'),
    or from the row's own words, its group ('(trách nhiệm thực hiện của …)') or the heading;
    an empty lead cell under a filled one is a merged cell and repeats it."""
    lead, content, time = table.col("lead"), table.col("content"), table.col("time")
    coordinate = table.col("coordinate")
    out: list[_Unit] = []
    previous: list[str] = []
    for top in table.rows:
        group: list[str] = []
        if top.is_group:
            previous = []
            lead_text = top.cell(lead).text
            text = top.cell(content).text or " ".join(c.text for c in top.cells if c.text)
            group = agencies.lead_cell_bodies(lead_text) if lead_text else agencies.group_assignees(text)
            if not top.children and not lead_text and not top.cell(time).text:
                continue                              # a heading over nothing
        for row in (top.children or [top]):
            body = _clean_text(_LEAD_SPECKS.sub("", row.cell(content).text))
            if not body:
                continue
            if lead is not None:
                names = _lead_bodies(row.cell(lead)) if row.cell(lead).text else previous
                previous = names or previous
            else:
                names = agencies.item_assignees(body) or []
            names = names or group or inherited
            cell = row.cell(content)
            label = prefix + (_primed(row.label, used) if used is not None else row.label)
            helpers = _lead_bodies(row.cell(coordinate)) if row.cell(coordinate).text else []
            helpers += agencies.coordinators(row.cell(lead).text, names) if lead is not None else []
            helpers += agencies.coordinators(body, [*names, *helpers])
            task = Task(section=label, text=body, assignees=list(names),
                        coordinators=[h for h in dict.fromkeys(helpers) if h not in names],
                        span=Span(body, cell.pieces[0].start, cell.pieces[-1].end))
            unit = _Unit(task.section, list(names), row.segments, task)
            unit.time_cells = [(p.start, p.end) for p in row.cell(time).pieces if p.text]
            out.append(unit)
    if used is not None:
        used.update(top.label.split(".")[0] for top in table.rows)
    return out


def _lead_bodies(cell) -> list[str]:
    """The bodies of a lead cell, line by line when the row spans several lines."""
    return list(dict.fromkeys(n for part in cell.parts() for n in agencies.lead_cell_bodies(part)))


def _row_unit(label: str, row: Row, names: list[str]) -> _Unit:
    body = _clean_text(row.text)
    end = (row.pieces[-1] if row.pieces else row.marker).end
    task = Task(section=label, text=body, assignees=list(names), span=Span(body, row.marker.start, end))
    return _Unit(label, list(names), row.segments, task)


_END_MARK = re.compile(r"\s*\.?\s*/\s*\.?\s*(?:[A-ZĐ]?[a-zđ]{1,5})?\s*$")


def _clean_text(text: str) -> str:
    """Item text without the closing './.' and handwritten initials after it ('… Chính phủ. / Mhv')."""
    t = text.strip()
    m = _END_MARK.search(t)
    if m and "/" in m.group(0):
        t = t[:m.start()].rstrip() + "."
    return t.strip()


# --------------------------------------------------------------------------- references

def _attach_references(refs: list[Reference], units: list[_Unit], layout: Layout) -> None:
    """Task.references: numbers cited in the task's text, or in a footnote whose marker it carries."""
    footnote_refs: dict[int, list[str]] = {}
    for fn in layout.footnotes:
        if fn.number is None:
            continue
        for r in refs:
            if any(fn.block.start <= s.start < fn.block.end for s in r.spans):
                footnote_refs.setdefault(fn.number, []).append(r.number)
    markers = _footnote_markers(layout) if footnote_refs else []
    for u in units:
        numbers: list[str] = []
        for r in refs:
            if any(u.contains(s.start) for s in r.spans) and r.number not in numbers:
                numbers.append(r.number)
        for pos, n in markers:
            if u.contains(pos):
                numbers.extend(x for x in footnote_refs.get(n, []) if x not in numbers)
        u.task.references = numbers


_SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _footnote_markers(layout: Layout) -> list[tuple[int, int]]:
    """(offset, footnote number) of every superscript marker in the body."""
    out = []
    for p in layout.body:
        for m in re.finditer(f"[{_SUPER}]+", p.text):
            if m.start() == 0:
                continue
            out.append((p.start + m.start(), int(m.group(0).translate(str.maketrans(_SUPER, "0123456789")))))
    return out


# --------------------------------------------------------------------------- deadlines

def _doc_day(header: Header) -> date | None:
    if header.date:
        return date.fromisoformat(header.date)
    part = header.date_partial or {}
    if part.get("year"):
        return date(part["year"], part.get("month") or 1, 1)
    return None


def _deadlines(text: str, header: Header, units: list[_Unit], headings: list[_Unit]) -> list[Deadline]:
    """Deadlines inside tasks (or inside a heading, for all its tasks); those of the preamble,
    footnotes, closing and statistics tables are no one's deadline. A task table's time column
    is read as a whole cell ('Quý III/2025', 'Năm 2025'); 'Thường xuyên' sets none."""
    inside = sorted(seg for u in [*units, *headings] for seg in u.segments)
    exclude, pos = [], 0
    for a, b in inside:
        if a > pos:
            exclude.append((pos, a))
        pos = max(pos, b)
    if pos < len(text):
        exclude.append((pos, len(text)))
    cells = [(a, b, u) for u in units for a, b in u.time_cells]
    exclude += [(a, b) for a, b, _ in cells]
    doc_day = _doc_day(header)
    found: list[tuple[Deadline, _Unit]] = []
    for dl in find_deadlines(text, doc_day, exclude=exclude):
        start = dl.span.start if dl.span else None
        if start is None:
            continue
        owner = next((u for u in units if u.contains(start)), None) \
            or next((h for h in headings if h.contains(start)), None)
        if owner is not None:
            found.append((dl, owner))
    for a, b, u in cells:
        found.extend((dl, u) for dl in cell_deadlines(text, a, b, doc_day))
    found.sort(key=lambda x: x[0].span.start)
    out: list[Deadline] = []
    seen: set[tuple] = set()
    for dl, owner in found:
        key = (id(owner), dl.kind, dl.date, dl.recurrence, str(dl.duration))
        if key in seen:
            continue                                  # 'trước ngày 15/12' in the text and its time cell
        seen.add(key)
        dl.section, dl.assignees = owner.label, list(owner.assignees)
        for leaf in ([owner] if owner.task is not None else owner.leaves):
            leaf.task.deadlines.append(len(out))
        out.append(dl)
    return out


# --------------------------------------------------------------------------- locations

def _spans(d: Directive):
    yield from d.parts.values()
    for t in d.tasks:
        if t.span:
            yield t.span
    for dl in d.deadlines:
        if dl.span:
            yield dl.span
    for r in [*d.references, *d.self_references]:
        yield from r.spans
