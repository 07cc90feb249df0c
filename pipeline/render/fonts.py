"""Where the open fonts are. They are fetched by scripts/fetch-fonts.sh, never committed."""
import os
import shutil
from pathlib import Path

from . import layout
from ..errors import PipelineError, Problem

ROOT = Path(__file__).resolve().parents[2]


def fonts_dir() -> Path:
    return Path(os.environ.get("GONGWEN_FONTS", ROOT / ".fonts"))


def require_fonts() -> Path:
    folder = fonts_dir()
    missing = [name for name in layout.OPEN_FONT_FILES if not (folder / name).is_file()]
    problems = []
    if missing:
        problems.append(Problem("E202", f"{folder} 中缺少字体 {'、'.join(missing)}；"
                                        "请运行 scripts/fetch-fonts.sh（或 make setup）获取"))
    if shutil.which("fc-list") and layout.FALLBACK_FAMILY not in _fc_families():
        problems.append(Problem("E202", f"系统中没有字体 {layout.FALLBACK_FAMILY}；"
                                        "请以 root 身份运行：apt-get install fonts-noto-cjk"))
    if problems:
        raise PipelineError(problems)
    return folder


def _fc_families() -> str:
    import subprocess
    return subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout


def fontconfig_file(folder: Path) -> Path:
    """A fontconfig file mapping the standard's Windows font names to the open fonts, so that
    LibreOffice (FONTCONFIG_FILE=…) sets a DOCX in the faces a Windows user would see."""
    from . import layout

    aliases = "".join(
        f"<match target=\"pattern\"><test name=\"family\"><string>{face.windows}</string></test>"
        f"<edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{face.open_family}</string></edit>"
        + ("<edit name=\"weight\" mode=\"assign\" binding=\"strong\"><int>200</int></edit>"
           if face.weight >= 700 else "")  # fontconfig's weight 200 is bold
        + "</match>\n"
        for face in (layout.FANGSONG, layout.HEITI, layout.KAITI, layout.SONGTI, layout.XIAOBIAOSONG))
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
        f"<dir>{fonts_dir()}</dir>\n<cachedir>{folder / 'cache'}</cachedir>\n{aliases}</fontconfig>\n",
        encoding="utf-8")
    return path
