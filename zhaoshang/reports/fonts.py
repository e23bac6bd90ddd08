"""Chinese fonts for the PDFs: TrueType fonts ReportLab embeds (as subsets), found on the system.

ReportLab embeds TrueType (glyf) outlines only, not OpenType/CFF (Noto Sans CJK .otf/.ttc), so
the body (宋体-like) and headings (黑体-like) come from the first TrueType font that loads among
known Debian paths, then fontconfig's Chinese fonts. With none, ReportLab's built-in CID font
STSong-Light is used: not embedded, drawn by the viewer (poppler needs poppler-data); a warning
says so. Debian: `apt-get install fonts-arphic-uming fonts-wqy-zenhei`.
"""
import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

logger = logging.getLogger(__name__)

BODY, HEADING = "body", "heading"
FALLBACK = "STSong-Light"
# (path, index in a .ttc) by role, preferred first.
KNOWN = {
    BODY: [("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # AR PL UMing CN
           ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0)],  # AR PL SungtiL GB
    HEADING: [("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # WenQuanYi Zen Hei
              ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)],
}
# fontconfig family names by role, for fonts installed elsewhere.
FAMILIES = {
    BODY: ["AR PL UMing CN", "AR PL SungtiL GB", "SimSun", "FangSong", "宋体", "仿宋"],
    HEADING: ["WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "黑体"],
}


@dataclass(frozen=True)
class Fonts:
    body: str  # ReportLab font names
    heading: str
    embedded: bool  # False for the STSong-Light fallback


def fontconfig_fonts():
    """[(path, index, families)] of fontconfig's Chinese TrueType fonts; [] without fc-list."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file", "index", "family"], capture_output=True,
                             text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    fonts = []
    for line in out.splitlines():
        # "/path/font.ttc: Family,别名:index=0"
        path, _, rest = line.partition(": ")
        families, _, index = rest.rpartition(":index=")
        if path.lower().endswith((".ttf", ".ttc")) and index.isdigit():
            fonts.append((path, int(index), families.split(",")))
    return fonts


def candidates(role, installed):
    """(path, index) to try for `role`: known paths, then fontconfig by family, then any."""
    found = [(path, index) for path, index in KNOWN[role] if Path(path).is_file()]
    for family in FAMILIES[role]:
        found += [(path, index) for path, index, names in installed if family in names]
    found += [(path, index) for path, index, _ in installed]
    return list(dict.fromkeys(found))


def load_truetype(name, options):
    """Register the first of `options` ReportLab can embed under `name`; its (path, index) or None."""
    for path, index in options:
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        except (TTFError, OSError, ValueError) as exc:  # CFF outlines, unreadable file
            logger.debug("字体 %s:%s 无法嵌入：%s", path, index, exc)
            continue
        return path, index
    return None


def find_fonts(installed=None):
    """Register and return the body and heading fonts (see the module docstring)."""
    installed = fontconfig_fonts() if installed is None else installed
    body = load_truetype("ZsBody", candidates(BODY, installed))
    heading = load_truetype("ZsHeading", candidates(HEADING, installed))
    if body or heading:
        return Fonts("ZsBody" if body else "ZsHeading", "ZsHeading" if heading else "ZsBody", True)
    logger.warning("未找到可嵌入的 TrueType 中文字体，PDF 改用 %s（不嵌入，由阅读器显示）；"
                   "请安装 fonts-arphic-uming 与 fonts-wqy-zenhei", FALLBACK)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return Fonts(FALLBACK, FALLBACK, False)


@functools.cache
def pdf_fonts():
    """The fonts of this process, found once."""
    return find_fonts()
