"""A closing table split by a page break in a text PDF (issue 10): offices print the Nơi nhận and the
signature side by side at the foot of the body, and when they do not fit on the page the rest of the
Nơi nhận list, and the signer's name under the space for the signature, go on at the top of the next
page, under its page number. What goes on there is still the closing: the whole Nơi nhận list, the
signer, and never a task of the body or of the appendix that follows on a new page.

Real documents rendered in the Decree 30 layout (tests/kit/real_render.py) with their body cut so that
the closing falls across the page break (the body's first n blocks; the appendix kept)."""
import copy

import pypdfium2 as pdfium
import pytest

from extract.directive import parse
from extract.load import load
from tests.kit import real_render


def _pages(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[k].get_textpage().get_text_range() for k in range(len(doc))]


def _split_closing(name: str, blocks: int):
    """The layout and its PDF with the body cut to `blocks` blocks, or a few fewer: the first cut that
    puts 'Nơi nhận' on one page and the signer's name on a later one."""
    layout = real_render.load_layout(name)
    for n in range(blocks, max(0, blocks - 12), -1):
        cut = copy.copy(layout)
        cut.body = layout.body[:n]
        pdf = real_render.text_pdf(cut)
        pages = _pages(pdf)
        cc = [k for k, t in enumerate(pages) if "Nơi nhận" in t]
        signed = [k for k, t in enumerate(pages) if layout.signer_name in t]
        if cc and signed and signed[0] > cc[0]:
            return cut, pdf
    raise AssertionError(f"{name}: no cut of the body near {blocks} blocks puts the closing across a page break")


def _plain(text: str) -> str:
    return " ".join(text.strip(" -–+;.").split()).lower()


@pytest.mark.parametrize("name, blocks", [
    ("62f25a030c183151", 82),    # Kế hoạch of a province, 17 Nơi nhận lines, appendix after
    ("2957e4f4f0e41373", 86),    # Kế hoạch, 15 Nơi nhận lines
    ("05729ab54fc07c39", 15),    # công văn of a ministry, 'KT. BỘ TRƯỞNG, CHỦ NHIỆM'
    ("9063e901ca3fd0c3", 6),     # công văn of a ministry, 4 Nơi nhận lines
    ("de1ea1a30ca1e0bc", 50),    # công văn of a provincial tax office
])
def test_a_closing_split_by_a_page_break_is_read_as_the_closing(tmp_path, name, blocks):
    layout, pdf = _split_closing(name, blocks)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    directive = parse(load(path))
    assert directive.signer.name == layout.signer_name
    assert [_plain(c) for c in directive.cc] == [_plain(c) for c in layout.cc]
    cc_lines = [_plain(c)[:30] for c in layout.cc]
    for task in directive.tasks:                      # (a body's task may name a body the Nơi nhận names too)
        text = _plain(task.text)
        assert layout.signer_name.lower() not in text
        assert not any(text.startswith(line) for line in cc_lines), (task.section, task.text[:80])
