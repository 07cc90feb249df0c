"""Document tree → HTML (Jinja2) → PDF (WeasyPrint)."""
from pathlib import Path

import jinja2

from . import layout
from .document import Document
from .fonts import require_fonts



class PdfRenderer:
    """Renders many documents in one process: WeasyPrint is imported once and one
    FontConfiguration is shared (faster, and memory stays flat)."""

    def __init__(self, templates_dir: Path):
        fonts = require_fonts()
        import weasyprint  # 0.5 s: only when a PDF is wanted
        from weasyprint.text.fonts import FontConfiguration

        self._weasyprint = weasyprint
        self.font_config = FontConfiguration()
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir / "pdf")),
                                 autoescape=False, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(
            kindof=lambda block: type(block).__name__.lower(),
            chars=lambda n: f"{n * layout.CHAR_ADVANCE:.2f}pt",
            lines=lambda n: f"{n * layout.LINE_PITCH:.2f}pt",
        )
        self.html_template = env.get_template("document.html.j2")
        faces = {face.open_family: (fonts / face.open_file).as_uri()
                 for face in (layout.FANGSONG, layout.HEITI, layout.KAITI, layout.SONGTI)}
        css = env.get_template("gongwen.css.j2").render(L=layout, faces=faces)
        self.css = weasyprint.CSS(string=css, font_config=self.font_config)

    def html(self, doc: Document, metadata: dict) -> str:
        return self.html_template.render(doc=doc, metadata=metadata)

    def render(self, doc: Document, metadata: dict | None = None) -> bytes:
        html = self._weasyprint.HTML(string=self.html(doc, metadata or {}))
        return html.write_pdf(stylesheets=[self.css], font_config=self.font_config)
