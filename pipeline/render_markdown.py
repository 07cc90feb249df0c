"""Document tree → plain Markdown with its numbering: the generated text, for reading and
diffing in review (output/<year>/<title>.md)."""
from .document import Document, Heading, PageBreak, Paragraph, Table


def render_markdown(doc: Document) -> bytes:
    out = [f"# {doc.title.replace(chr(10), '')}"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * (block.level + 1)} {block.full_text}")
        elif isinstance(block, Paragraph):
            text = "".join(f"**{r.text}**" if r.bold else r.text for r in block.runs)
            out.append(text.replace("\n", "  \n"))
        elif isinstance(block, Table):
            rows = [block.header, ["---"] * len(block.header), *block.rows]
            out.append("\n".join("| " + " | ".join(c.replace("\n", "<br>") for c in row) + " |" for row in rows))
        elif isinstance(block, PageBreak):
            out.append("---")
    return ("\n\n".join(out) + "\n").encode("utf-8")
