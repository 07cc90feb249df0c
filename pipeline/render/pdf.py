"""Document tree → HTML (Jinja2) → PDF (WeasyPrint)."""
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from . import layout
from ..compose.assemble import template_errors
from ..compose.document import Document
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
        self.templates = templates_dir / "pdf"
        env = SandboxedEnvironment(loader=jinja2.FileSystemLoader(str(self.templates)),
                                 undefined=jinja2.StrictUndefined,
                                 autoescape=lambda name: name.endswith(".html.j2"),
                                 trim_blocks=True, lstrip_blocks=True)
        env.filters.update(
            br=lambda text: Markup("<br>").join(escape(text).split("\n")),
            kindof=lambda block: type(block).__name__.lower(),
            chars=lambda n: f"{n * layout.CHAR_ADVANCE:.2f}pt",
            lines=lambda n: f"{n * layout.LINE_PITCH:.2f}pt",
        )
        faces = {face.open_family: (fonts / face.open_file).as_uri()
                 for face in (layout.FANGSONG, layout.HEITI, layout.KAITI, layout.SONGTI)}
        with template_errors(self.templates / "gongwen.css.j2"):
            self.html_template = env.get_template("document.html.j2")
            css = env.get_template("gongwen.css.j2").render(L=layout, faces=faces)
        self.css = weasyprint.CSS(string=css, font_config=self.font_config)

    def html(self, doc: Document, metadata: dict) -> str:
        with template_errors(self.templates / "document.html.j2"):
            return self.html_template.render(doc=doc, metadata=metadata)

    def render(self, doc: Document, metadata: dict | None = None) -> bytes:
        html = self._weasyprint.HTML(string=self.html(doc, metadata or {}))
        return html.write_pdf(stylesheets=[self.css], font_config=self.font_config)
