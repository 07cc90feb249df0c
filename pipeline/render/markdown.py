"""Document tree → plain Markdown with its numbering: the generated text, for reading and
diffing in review (output/<year>/<title>.md)."""
from ..compose.document import Document, Heading, PageBreak, Paragraph, Table


def inert(text: str) -> str:
    """Text that no Markdown previewer reads as HTML: a < from the content (say an <img …>
    typed in a code span or as &#60;) is written as &lt;, so nothing is fetched or run."""
    return text.replace("&", "&amp;").replace("<", "&lt;") if ("<" in text or "&" in text) else text


def render_markdown(doc: Document) -> bytes:
    out = [f"# {inert(doc.title.replace(chr(10), ''))}"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * (block.level + 1)} {inert(block.full_text)}")
        elif isinstance(block, Paragraph):
            text = "".join(f"**{inert(r.text)}**" if r.bold else inert(r.text) for r in block.runs)
            out.append(text.replace("\n", "  \n"))
        elif isinstance(block, Table):
            rows = [block.header, ["---"] * len(block.header), *block.rows]
            out.append("\n".join("| " + " | ".join(inert(c).replace("\n", "<br>") for c in row) + " |" for row in rows))
        elif isinstance(block, PageBreak):
            out.append("---")
    return ("\n\n".join(out) + "\n").encode("utf-8")
