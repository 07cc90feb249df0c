"""The document tree: what a document says, independent of any output format.

Numbering, dates and target phrasing are already decided here, so DOCX and PDF can never
disagree in text. Renderers walk `Document.blocks`.
"""
from dataclasses import dataclass, field

from ..content.model import file_stem


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    heading_level: int = 0  # a heading run into its paragraph: set in that level's face (一、 黑体, （一） 楷体)


@dataclass
class Heading:
    level: int  # 1–4
    marker: str  # 一、 （一） 1. （1）, 一是, 第一，: set when the whole document is numbered
    text: str
    style: str = "numbered"  # a Section's markers: numbered | yishi | diyi | run_in | standalone | stage

    @property
    def full_text(self) -> str:
        return self.marker + self.text


@dataclass
class Paragraph:
    runs: list[Run]
    role: str = "body"  # body | title | addressee | signature | date | attachment-note | attachment-heading
    indent_first: float = 2  # in characters
    indent_right: float = 0  # in characters
    align: str = "justify"  # justify | left | center | right
    space_before: int = 0  # blank lines before
    hanging: float = 0  # in characters: wrapped lines align this far right of the first
    item: int = 0  # the number of a top-level list item (its marker is the first run)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)  # relative column widths
    centred: list[bool] = field(default_factory=list)  # columns set centred: 序号, and numbers only


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | Table | PageBreak


@dataclass
class Document:
    kind: str  # plan | scheme | summary
    title: str  # may hold "\n" where the writer wants the title to break
    blocks: list[Block]
    date: str  # 成文日期 as written
    date_iso: str  # the same day, 2024-01-15

    @property
    def file_stem(self) -> str:
        return file_stem(self.title)

    def text_lines(self) -> list[str]:
        """The document's text, a line a paragraph (table rows: cells joined by tabs)."""
        out = [self.title.replace("\n", "")]
        for block in self.blocks:
            if isinstance(block, Heading):
                out.append(block.full_text)
            elif isinstance(block, Paragraph):
                out.append(block.text)
            elif isinstance(block, Table):
                out += ["\t".join(row) for row in [block.header, *block.rows]]
        return out
