"""The bulletin as an A4 portrait PDF (ReportLab): 公文-like page, styles, bordered tables, the
funds chart as vectors and 第 N 页 共 M 页; it only formats `data.bulletin_data`."""
import io
import math
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

from zhaoshang.core.branding import PRODUCT_NAME
from zhaoshang.core.formats import DASH, money, percent, thousands

from ..fonts import pdf_fonts
from .data import OTHER_TARGETS, points
from .wording import (SECTION_TITLES, behind_text, county_notes, date_text, exits_text, progress_text,
                      ranking_text, record_text, reports_text, short_name, summary_text)

PAGE_WIDTH = A4[0]
# 公文-like margins (GB/T 9704: 版心 156 mm wide).
LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 28 * mm, 26 * mm, 30 * mm, 28 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
BLUE, RED, ORANGE = colors.HexColor("#2f5f9e"), colors.HexColor("#b8322a"), colors.HexColor("#d98200")
HEAD_FILL, TOTAL_FILL = colors.HexColor("#eeeeee"), colors.HexColor("#f6f6f6")


def styles(fonts):
    body = ParagraphStyle("body", fontName=fonts.body, fontSize=15, leading=23, wordWrap="CJK",
                          firstLineIndent=30, alignment=TA_JUSTIFY, spaceAfter=2)
    return {
        "title": ParagraphStyle("title", fontName=fonts.heading, fontSize=22, leading=32,
                                alignment=TA_CENTER, wordWrap="CJK", spaceAfter=10),
        "meta": ParagraphStyle("meta", fontName=fonts.body, fontSize=13, leading=21, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", fontName=fonts.heading, fontSize=16, leading=26, firstLineIndent=30,
                             spaceBefore=14, spaceAfter=4, keepWithNext=1, wordWrap="CJK"),
        "body": body,
        "caption": ParagraphStyle("caption", fontName=fonts.heading, fontSize=11, leading=16,
                                  alignment=TA_CENTER, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "unit": ParagraphStyle("unit", fontName=fonts.body, fontSize=9.5, leading=13, alignment=TA_RIGHT,
                               keepWithNext=1, spaceAfter=2),
        # 注：1.… with the numbered items hanging under the 1.
        "note": ParagraphStyle("note", fontName=fonts.body, fontSize=9.5, leading=14, wordWrap="CJK",
                               leftIndent=19, firstLineIndent=-19, spaceBefore=3),
        "note_item": ParagraphStyle("note_item", fontName=fonts.body, fontSize=9.5, leading=14,
                                    wordWrap="CJK", leftIndent=19),
        "cell": ParagraphStyle("cell", fontName=fonts.body, fontSize=9.5, leading=12.5, wordWrap="CJK"),
        "center": ParagraphStyle("center", fontName=fonts.body, fontSize=9.5, leading=12.5,
                                 alignment=TA_CENTER, wordWrap="CJK"),
        "num": ParagraphStyle("num", fontName=fonts.body, fontSize=9.5, leading=12.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=fonts.heading, fontSize=9.5, leading=12.5,
                               alignment=TA_CENTER, wordWrap="CJK"),
    }


def para(text, style):
    """A paragraph of plain text; a newline breaks the line (table headers)."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def table(rows, widths, st, *, header_rows=1, aligns="", spans=(), total_rows=(), red_cells=()):
    """A bordered table: header cells in 黑体 on grey, body cells aligned by `aligns` (one letter
    per column: l left, c centre, r right-aligned numbers)."""
    cells = []
    for r, row in enumerate(rows):
        line = []
        for c, value in enumerate(row):
            if r < header_rows:
                style = st["head"]
            else:
                style = {"l": st["cell"], "c": st["center"], "r": st["num"]}[aligns[c]]
            if r in total_rows:
                style = ParagraphStyle(f"{style.name}-total", parent=style, fontName=st["head"].fontName)
            if (r, c) in red_cells:
                style = ParagraphStyle(f"{style.name}-red", parent=style, textColor=RED)
            line.append(para(value, style) if value is not None else "")
        cells.append(line)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BOX", (0, 0), (-1, -1), 1, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName),  # empty cells too
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
    commands += [("SPAN", start, end) for start, end in spans]
    commands += [("BACKGROUND", (0, r), (-1, r), TOTAL_FILL) for r in total_rows]
    return Table(cells, colWidths=widths, repeatRows=header_rows, style=TableStyle(commands),
                 hAlign="CENTER")


def date_cell(day):
    return day.isoformat() if day else DASH


def county_table(data, st):
    rows = [["指标", "单位", "年度目标", "累计完成", "完成率", "较序时进度\n（百分点）"]]
    for line in data["county"]:
        if line["kind"] == "share":
            rows.append([line["label"], line["unit"], f"≥{percent(line['target'])}", percent(line["actual"]),
                         DASH, "达到目标" if line["met"] else "未达目标"])
            continue
        fmt = money if line["kind"] == "amount" else thousands
        rows.append([line["label"], line["unit"], fmt(line["target"]), fmt(line["actual"]),
                     percent(line["rate"]), progress_text(line["vs_progress"])])
    red = {(r, 5) for r, line in enumerate(data["county"], start=1)
           if line["vs_progress"] is not None and line["vs_progress"] < 0}
    return table(rows, [124, 36, 78, 78, 56, 70], st, aligns="lcrrrc", red_cells=red)


def ranking_table(data, st):
    rows = [["排名", "产业招商组", "区外境内到位资金（万元）", None, None, "项目数（个）\n完成/目标", None, None],
            [None, None, "目标", "完成", "完成率", "新签约", "新引进\n工业", "亿元\n工业"]]

    def line(rank, name, figures, targets):
        return [rank, name, money(targets["funds_target"]), money(figures["funds_in_place"]),
                percent(figures["funds_rate"])] + [
            f"{thousands(figures[actual])}/{thousands(targets[target])}"
            for _, target, actual, _ in OTHER_TARGETS]

    for group in data["ranking"]:
        rows.append(line(DASH if group["rank"] is None else group["rank"], group["name"], group, group))
    county = data["figures"]["county"]
    rows.append(line("", "全县合计", county, county))
    red = {(r, 4) for r, g in enumerate(data["ranking"], start=2) if g["behind_time_progress"]}
    spans = [((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (4, 0)), ((5, 0), (7, 0))]
    return table(rows, [28, 134, 60, 60, 46, 38, 38, 38], st, header_rows=2, aligns="clrrrccc",
                 spans=spans, total_rows=[len(rows) - 1], red_cells=red)


def behind_table(data, st):
    rows = [["产业招商组", "到位资金\n（万元）", "完成率", "序时进度", "落后\n（百分点）", "距序时进度\n尚差（万元）"]]
    for g in data["behind"]:
        rows.append([g["name"], money(g["funds_in_place"]), percent(g["funds_rate"]),
                     percent(data["time_progress"]), money(g["points_behind"]), money(g["shortfall"])])
    return table(rows, [134, 66, 52, 52, 58, 80], st, aligns="lrrrrr")


def exits_table(data, st):
    rows = [["项目编号", "项目名称", "产业招商组", "退出原因", "退出日期"]]
    rows += [[e["code"], e["name"], e["group"], e["reason"], date_cell(e["exited_on"])] for e in data["exits"]]
    return table(rows, [56, 92, 134, 104, 56], st, aligns="lllcc")


def reports_table(data, st):
    rows = [["产业招商组", "报表", "截止日期", "报送情况", "报送日期", "逾期\n天数"]]
    rows += [[x["group"], x["report"], date_cell(x["due"]), x["status"], date_cell(x["submitted_on"]),
              thousands(x["days_late"])] for x in data["reports"]["lapses"]]
    red = {(r, 3) for r, x in enumerate(data["reports"]["lapses"], start=1) if x["status"] == "未报送"}
    return table(rows, [134, 84, 62, 58, 62, 42], st, aligns="lccccr", red_cells=red)


def axis_label(name, width=5):
    """A category label broken into lines of `width` characters (基础设施及\n房地产)."""
    name = short_name(name)
    return "\n".join(name[i:i + width] for i in range(0, len(name), width))


def funds_chart(data, fonts, width=TEXT_WIDTH):
    """Bar chart of the groups' funds 完成率 (ranking order) with the 序时进度 line, as vectors."""
    groups = data["ranking"]
    # Floats for drawing only; every figure shown is formatted from the Decimals.
    values = [float(points(g["funds_rate"])) if g["funds_rate"] is not None else 0.0 for g in groups]
    progress = float(points(data["time_progress"]))
    top = 20 * math.ceil((max([*values, progress, 100.0]) + 8) / 20)
    drawing = Drawing(width, 206, initialFontName=fonts.body)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 36, width - 50, 142
    chart.data = [values]
    chart.bars[0].fillColor, chart.bars[0].strokeColor = BLUE, None
    for i, g in enumerate(groups):
        if g["behind_time_progress"]:
            chart.bars[(0, i)].fillColor = RED
    chart.barWidth, chart.groupSpacing = 10, 14
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, colors.HexColor("#dddddd")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.categoryAxis.categoryNames = [axis_label(g["name"]) for g in groups]
    for axis in (chart.valueAxis, chart.categoryAxis):
        axis.labels.fontName, axis.labels.fontSize = fonts.body, 8
    chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dy = "n", -4
    chart.categoryAxis.labels.leading = 10
    drawing.add(chart)

    y = chart.y + chart.height * progress / top
    drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=ORANGE, strokeWidth=1.2,
                     strokeDashArray=[4, 2]))
    # Rate labels over the line, on white, so one near 序时进度 stays readable.
    step = chart.width / len(groups) if groups else 0
    for i, (g, value) in enumerate(zip(groups, values)):
        text = percent(g["funds_rate"], 1)
        x, top_y = chart.x + (i + 0.5) * step, chart.y + chart.height * value / top + 3
        half = stringWidth(text, fonts.body, 7.5) / 2 + 1
        drawing.add(Rect(x - half, top_y - 1, 2 * half, 9, fillColor=colors.white, strokeColor=None))
        drawing.add(String(x, top_y, text, fontName=fonts.body, fontSize=7.5, textAnchor="middle"))
    drawing.add(String(chart.x + chart.width, y + 3, f"序时进度 {percent(data['time_progress'])}",
                       fontName=fonts.body, fontSize=8, fillColor=ORANGE, textAnchor="end"))
    # Legend above the plot.
    legend_y, x = chart.y + chart.height + 14, chart.x
    for label, color in (("达到序时进度", BLUE), ("落后序时进度", RED)):
        drawing.add(Rect(x, legend_y, 9, 7, fillColor=color, strokeColor=None))
        drawing.add(String(x + 12, legend_y, label, fontName=fonts.body, fontSize=8))
        x += 84
    drawing.add(Line(x, legend_y + 3.5, x + 14, legend_y + 3.5, strokeColor=ORANGE, strokeWidth=1.2,
                     strokeDashArray=[4, 2]))
    drawing.add(String(x + 18, legend_y, "序时进度", fontName=fonts.body, fontSize=8))
    return drawing


def numbered_canvas(font):
    """A canvas class that writes 第 N 页 共 M 页 once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(font, 10.5)
                self.drawCentredString(PAGE_WIDTH / 2, 15 * mm, f"第 {number} 页 共 {len(self._pages)} 页")
                super().showPage()
            super().save()

    return NumberedCanvas


def generated_text(data):
    return f"本通报生成于{date_text(data['generated_on'])}"


def bulletin_story(data, fonts):
    st = styles(fonts)
    body = lambda text: para(text, st["body"])  # noqa: E731
    story = [para(data["title"], st["title"]), para(data["issuer"], st["meta"]),
             para(date_text(data["issued_on"]), st["meta"]), para(generated_text(data), st["unit"]),
             HRFlowable(width="100%", thickness=1.2, color=RED, spaceBefore=8, spaceAfter=10),
             body(summary_text(data)),
             para(SECTION_TITLES[0], st["h1"]),
             para("表1　全县目标任务完成情况", st["caption"]),
             para(f"数据截至{date_text(data['as_of'])}　序时进度{percent(data['time_progress'])}", st["unit"]),
             county_table(data, st)]
    story += [para(note, st["note" if i == 0 else "note_item"])
              for i, note in enumerate(county_notes(data))]
    story += [para(SECTION_TITLES[1], st["h1"]), body(ranking_text(data, "（表2、图1）")),
              para("表2　各产业招商组目标任务完成情况（按到位资金完成率排名）", st["caption"]),
              para("到位资金单位：万元", st["unit"]), ranking_table(data, st),
              Spacer(1, 8), KeepTogether([funds_chart(data, fonts),
                                          para("图1　各产业招商组区外境内到位资金完成率", st["caption"])])]
    story += [para(SECTION_TITLES[2], st["h1"]), body(behind_text(data, "（表3）"))]
    if data["behind"]:
        story += [para("表3　落后序时进度的产业招商组", st["caption"]), behind_table(data, st)]
    story += [para(SECTION_TITLES[3], st["h1"]), body(exits_text(data, "（表4）"))]
    if data["exits"]:
        story += [para("表4　本季度退出项目", st["caption"]), exits_table(data, st)]
    story += [para(SECTION_TITLES[4], st["h1"]), body(reports_text(data, "（表5）"))]
    if data["reports"]["lapses"]:
        story += [para("表5　逾期和未报送的报表", st["caption"]), reports_table(data, st),
                  Spacer(1, 6)]
    story.append(body(record_text(data)))
    return story


def bulletin_pdf(data, fonts=None):
    """The bulletin as an A4 portrait PDF (bytes) with the CJK fonts embedded where available."""
    fonts = fonts or pdf_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=LEFT_MARGIN, rightMargin=RIGHT_MARGIN,
                            topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, title=data["title"],
                            author=data["issuer"], subject=f"数据截至{date_text(data['as_of'])}",
                            creator=PRODUCT_NAME, lang="zh-CN",
                            initialFontName=fonts.body, initialFontSize=10.5)
    doc.build(bulletin_story(data, fonts), canvasmaker=numbered_canvas(fonts.body))
    return buffer.getvalue()
