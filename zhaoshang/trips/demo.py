"""Sample 2021 外出招商考察 for `zhaoshang demo`: most groups travel every two months, some miss.

Per group, the windows it covered are written by hand (so the compliance matrix shows a mix of
✓ and ✗), the cities follow the group's industry, and dates, companies and outcomes come from
`random.Random(SEED)`, so every run is the same. Most trips carry a short Word report built
here. Everything goes through `services.create_trip`, registered by the group's liaison a few
days after the trip and dated so (core.backdate); a trip already recorded (same group, start
date and destination) is skipped, so loading twice changes nothing.
"""
import datetime
import io
import random
import zipfile
from xml.sax.saxutils import escape

from django.db import transaction

from zhaoshang.core.backdate import backdated, local_time
from zhaoshang.core.files import FileData
from zhaoshang.org.models import IndustryGroup, Liaison

from .compliance import windows
from .models import Region, Trip
from .services import create_trip

SEED = 20210228
YEAR = 2021
VIA = "demo"

JJJ, YRD, GBA, OTHER = Region.JINGJINJI, Region.YANGTZE_DELTA, Region.GREATER_BAY, Region.OTHER
CITIES = {
    "北京市": JJJ, "天津市": JJJ, "上海市": YRD, "苏州市": YRD, "杭州市": YRD, "宁波市": YRD,
    "南京市": YRD, "合肥市": YRD, "常州市": YRD, "无锡市": YRD, "深圳市": GBA, "广州市": GBA,
    "佛山市": GBA, "东莞市": GBA, "中山市": GBA, "惠州市": GBA, "珠海市": GBA, "香港": GBA,
    "临沂市": OTHER, "菏泽市": OTHER, "成都市": OTHER, "重庆市": OTHER, "长沙市": OTHER,
    "武汉市": OTHER, "厦门市": OTHER, "昆明市": OTHER, "宁德市": OTHER,
}

# code: (windows covered 1…6, the cities it visits, company stems, company kinds, talk topics)
GROUPS = {
    "forestry": ([1, 2, 3, 4, 5, 6, 6], ["佛山市", "临沂市", "东莞市", "上海市", "广州市", "菏泽市", "南京市"],
                 ["森源", "华林", "金秋", "大自然", "丰林", "嘉木", "美联"],
                 ["家居集团有限公司", "木业有限公司", "人造板有限公司", "定制家居股份有限公司"],
                 ["定制家具智能制造基地", "高端人造板生产线", "木材精深加工产业园", "无醛板材项目"]),
    "emerging": ([1, 2, 3, 4, 5, 6], ["深圳市", "苏州市", "合肥市", "北京市", "上海市", "宁德市"],
                 ["锐能", "华芯", "科达", "天合", "中创", "博恩"],
                 ["新能源科技有限公司", "新材料股份有限公司", "电子科技有限公司", "智能装备有限公司"],
                 ["锂电池材料项目", "光伏组件配套项目", "电子元器件生产基地", "新材料中试基地"]),
    "electroplating": ([1, 2, 3, 5, 6], ["东莞市", "深圳市", "惠州市", "中山市", "宁波市"],
                       ["精工", "永盛", "恒达", "金泰"],
                       ["表面处理有限公司", "五金制品有限公司", "电子科技有限公司"],
                       ["入驻江口电镀园", "电镀生产线转移", "表面处理集中加工项目"]),
    "automotive": ([2, 3, 4, 6], ["武汉市", "长沙市", "广州市", "上海市"],
                   ["东驰", "华骏", "通力", "远航"],
                   ["汽车零部件有限公司", "汽车配件股份有限公司", "精密机械有限公司"],
                   ["商用车零部件配套项目", "新能源汽车零部件项目", "共享基地标准厂房租赁"]),
    "logistics": ([1, 2, 3, 4, 5], ["广州市", "成都市", "厦门市", "深圳市", "天津市"],
                  ["顺通", "万联", "中储", "捷运"],
                  ["供应链管理有限公司", "物流集团有限公司", "冷链物流有限公司"],
                  ["江口港物流园区合作", "冷链物流配送中心", "铁水联运项目"]),
    "agriculture": ([1, 3, 5, 6], ["北京市", "杭州市", "广州市", "昆明市"],
                    ["绿源", "丰硕", "嘉禾", "田园"],
                    ["农业科技有限公司", "食品股份有限公司", "农产品供应链有限公司"],
                    ["螺蛳粉原料基地", "农产品精深加工项目", "现代农业产业园"]),
    "infrastructure": ([1, 2, 4, 5, 6], ["深圳市", "广州市", "北京市", "杭州市", "长沙市"],
                       ["城建", "中恒", "华润置", "金地"],
                       ["投资集团有限公司", "建设发展有限公司", "置业有限公司"],
                       ["城南片区综合开发", "县城基础设施PPP项目", "保障性住房建设"]),
    "culture_tourism": ([2, 4, 6], ["上海市", "成都市", "北京市"],
                        ["山水", "华侨城", "远景", "康宁"],
                        ["文化旅游集团有限公司", "教育投资有限公司", "医疗管理有限公司"],
                        ["中渡古镇文旅开发", "民办学校合作办学", "康养综合体项目"]),
}
OUTCOMES = [
    "与{lead}就{topic}进行深入洽谈，对方有意向到鹿寨考察选址，已约定下月来县实地考察。",
    "与{lead}就{topic}达成初步合作意向，已签订投资意向书，下一步对接用地和厂房需求。",
    "走访{n}家企业，推介鹿寨县投资环境和招商政策；获得{topic}线索1条，已纳入线索库跟踪。",
    "与{lead}高层座谈，对方计划将{topic}放在广西布局，鹿寨为备选地之一，需提供园区要素成本测算。",
    "参加行业对接会并走访{n}家企业，{lead}对{topic}兴趣较大，已互派联络人持续跟进。",
]
# A trip across a window's end counts where it starts: forestry's Jan–Feb trip returns in March.
CROSSING = ("forestry", 1, datetime.date(2021, 2, 26), 5)


def report_docx(title, paragraphs):
    """A minimal Word document (.docx) with a title and paragraphs; fixed timestamps."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"
                   for text in [title, *paragraphs])
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (YEAR, 12, 31, 0, 0, 0)), text)
    return buffer.getvalue()


def leaders_of(group):
    """Who leads a group's trips: its commander and its lead unit's 分管领导 (from the demo staff)."""
    names = []
    if group.commander:
        names.append(f"{group.commander}（指挥长）")
    deputy = group.liaisons.filter(kind=Liaison.Kind.LEADER).first()
    names.append(f"{deputy.name}（{group.lead_unit.name}分管领导）" if deputy
                 else f"{group.lead_unit.name}主要负责人")
    return names


def demo_trips(groups):
    """The sample trips as [(group, values, report or None)], in a fixed order."""
    rng = random.Random(SEED)
    result = []
    year_windows = windows(YEAR)
    for code, (covered, cities, stems, kinds, topics) in GROUPS.items():
        group = groups[code]
        leaders = leaders_of(group)
        for n, (number, city) in enumerate(zip(covered, cities)):
            window = year_windows[number - 1]
            span = (window.end - window.start).days
            start = window.start + datetime.timedelta(days=rng.randint(5, span - 8))
            days = rng.randint(2, 5)
            if (code, number) == CROSSING[:2]:
                start, days = CROSSING[2], CROSSING[3]
            companies = [f"{city.removesuffix('市')}{rng.choice(stems)}{rng.choice(kinds)}"
                         for _ in range(rng.randint(2, 4))]
            companies = list(dict.fromkeys(companies))
            topic = rng.choice(topics)
            lead = companies[0]
            outcome = rng.choice(OUTCOMES).format(lead=lead, topic=topic, n=len(companies))
            values = {
                "group": group, "start_on": start, "end_on": start + datetime.timedelta(days=days - 1),
                "destination": city, "region": CITIES[city], "leader": leaders[n % len(leaders)],
                "participants": f"{group.lead_unit.name}、县投促中心及协办单位相关人员共{rng.randint(3, 7)}人",
                "enterprises": "\n".join(companies), "outcome": outcome,
            }
            report = None
            if rng.random() < 0.75:
                title = f"{group.name}赴{city}招商考察报告（{start:%Y年%-m月%-d日}）"
                report = FileData(f"{start:%Y%m%d}-{city}招商考察报告.docx",
                                    report_docx(title, [f"带队领导：{values['leader']}",
                                                        f"走访企业：{'、'.join(companies)}", outcome]))
            result.append((group, values, report))
    return result


def registered(values):
    """When a trip was entered: the second day after its return, at the end of the afternoon."""
    day = min(values["end_on"] + datetime.timedelta(days=2), datetime.date(YEAR, 12, 31))
    return local_time(day, 16, values["start_on"].day)


@transaction.atomic
def load_demo_trips(user=None, authors=None):
    """Record the sample 2021 trips (the plan's groups must exist); idempotent. 中文 lines out.

    `authors`: {group code: user} who registered each group's trips (default `user`).
    """
    authors = authors or {}
    groups = {g.code: g for g in IndustryGroup.objects.filter(code__in=GROUPS).select_related("lead_unit")}
    missing = [code for code in GROUPS if code not in groups]
    if missing:
        return [f"缺少产业招商组 {'、'.join(missing)}，未登记外出招商考察（请先导入 2021 年度计划）"]
    existing = set(Trip.objects.filter(start_on__year=YEAR)
                   .values_list("group_id", "start_on", "destination"))
    created = skipped = 0
    for group, values, report in demo_trips(groups):
        if (group.pk, values["start_on"], values["destination"]) in existing:
            skipped += 1
            continue
        with backdated(registered(values), Trip):
            create_trip(values, report=report, user=authors.get(group.code, user), via=VIA)
        created += 1
    lines = []
    if created:
        lines.append(f"登记演示外出招商考察 {created} 次（{YEAR} 年）")
    if skipped:
        lines.append(f"已存在的演示外出招商考察 {skipped} 次，跳过")
    return lines
