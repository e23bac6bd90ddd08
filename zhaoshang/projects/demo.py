"""A realistic sample year for Luzhai 2021 (`zhaoshang demo`), so a newcomer sees a living system.

The projects are hand-written per group (names, sizes, flags, stage) so the figures look like a
real county: ahead on signed and emerging projects, behind on funds (about 80 % of 45 亿), on
亿元工业项目 and on planned investment, with forestry and infrastructure behind 序时进度.
Dates, investors, texts and funds arrivals come from `random.Random(SEED)`, so every run and
every screenshot is the same. Everything is written through `services` (the one writer), by the
group's own people when the demo accounts exist, each step dated the day it happened in 2021:
entered as a lead, moved stage by stage, funds registered as they arrived, progress notes,
problems raised and solved, exits requested and approved (`ProjectHistory`).
"""
import datetime
import random
from decimal import Decimal

from django.db import transaction

from zhaoshang.core.audit import record, snapshot
from zhaoshang.core.backdate import backdated, local_time
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.money import YI, ZERO
from zhaoshang.notices.models import Notification
from zhaoshang.org.models import IndustryGroup, Liaison, Unit
from zhaoshang.plans.catalog import LUZHAI_2021
from zhaoshang.plans.services import load_plan

from .models import (ExitReason, ExitRequest, Origin, ProgressNote, Project, ProjectIssue, Stage,
                     StageChange)
from .services import (add_funds, add_issue, add_note, approve_exit, move_stage, request_exit,
                       resolve_issue, save_project)
from .stages import STAGE_DATE

SEED = 20211231
YEAR = 2021
VIA = "demo"
DROPPED = "dropped"  # exited while still 在谈 (never signed)

# Project tags: I industrial · E emerging · S 三企入桂 · C 续建 (signed in 2020) ·
# H Hong Kong investor · G Singapore investor · L in-region investor (区内, not counted).
GROUPS = {
    "forestry": {
        "funds_ratio": Decimal("0.58"),
        "suffixes": ["木业", "板业", "家居", "林产"],
        "places": ["鹿寨经开区林产工业园", "鹿寨经开区飞鹿大道", "鹿寨镇"],
        "problems": [("项目用地报批进度较慢，需协调自然资源部门加快办理", "县自然资源和规划局"),
                     ("木材原料采伐指标偏紧", "县自然资源和规划局"),
                     ("蒸汽供应管网尚未接通", "鹿寨经开区管委")],
        "projects": [
            ("producing", 85000, "IS", "年产30万立方米高端木地板基材项目",
             "新建高端木地板基材生产线3条及配套仓储、烘干车间，年产基材30万立方米"),
            ("started", 100000, "IS", "年产50万套定制家具智能制造项目",
             "建设定制家具智能工厂及展示中心，引进数控开料、封边、钻孔柔性生产线"),
            ("producing", 12000, "I", "桉木单板精深加工项目", "建设单板旋切、干燥、拼接生产线，年加工桉木单板15万立方米"),
            ("started", 25000, "I", "无醛环保胶合板生产项目", "建设无醛胶合板生产线2条，年产环保胶合板12万立方米"),
            ("signed", 6800, "IE", "木材剩余物生物质颗粒燃料项目", "利用木材加工剩余物年产生物质成型燃料10万吨"),
            ("signed", 9800, "I", "智能家居板材深加工项目", "建设饰面板、橱柜门板深加工生产线，年产智能家居板材8万立方米"),
            ("producing", 45000, "IC", "年产20万立方米刨花板生产线项目", "建设连续平压刨花板生产线1条及配套设施"),
            ("started", 15000, "IC", "木门及木饰面板生产项目", "建设木门、木饰面板生产车间，年产木门20万樘"),
            ("exited", 30000, "I", "年产10万立方米定向结构刨花板项目", "建设定向结构刨花板（OSB）生产线1条"),
            ("lead", 20000, "", "实木家具出口加工基地项目", "拟建设实木家具加工及出口集散基地"),
            ("negotiating", 35000, "I", "木结构装配式建筑构件生产项目", "拟建设胶合木、正交胶合木构件生产线"),
            ("signed", 3000, "IL", "松木板材烘干加工项目", "建设板材烘干窑20座及配套仓库"),
        ],
    },
    "emerging": {
        "funds_ratio": Decimal("1.06"),
        "suffixes": ["新材料科技", "新能源科技", "电子科技", "生物科技", "智能装备"],
        "places": ["鹿寨经开区", "鹿寨经开区高新技术产业园", "鹿寨经开区化工园"],
        "problems": [("高端技术人才招聘困难", "鹿寨经开区管委"),
                     ("化工园区配套污水处理设施尚在建设", "鹿寨经开区管委"),
                     ("设备进口清关周期较长", "县科工贸局")],
        "projects": [
            ("started", 120000, "IES", "锂电池正极材料前驱体项目", "建设年产5万吨三元前驱体生产线及配套设施"),
            ("producing", 15000, "IEG", "光伏组件边框及支架生产项目", "建设铝合金光伏边框、支架挤压及深加工生产线"),
            ("started", 9000, "IE", "新能源汽车电机控制器生产项目", "建设电机控制器SMT贴片、装配及检测生产线"),
            ("producing", 8000, "IE", "5G通信精密结构件项目", "建设精密压铸、CNC加工生产线，生产5G基站结构件"),
            ("signed", 7000, "IES", "中药饮片及植物提取物生产项目", "建设GMP中药饮片车间及植物提取生产线"),
            ("started", 5000, "IE", "石墨烯导热膜生产项目", "建设石墨烯导热膜涂布、碳化、压延生产线"),
            ("signed", 20000, "E", "数字经济产业园（大数据中心）项目", "建设数据中心机房、云计算平台及产业孵化楼"),
            ("started", 12000, "E", "电子信息产业孵化园项目", "建设标准厂房、研发楼及公共技术服务平台"),
            ("signed", 4500, "IE", "节能环保装备制造项目", "建设除尘、脱硫脱硝环保装备生产车间"),
            ("negotiating", 60000, "IE", "氢燃料电池关键材料项目", "拟建设质子交换膜、催化剂生产线"),
            ("negotiating", 10000, "IE", "工业机器人系统集成项目", "拟建设工业机器人集成装配及应用示范中心"),
            ("lead", 150000, "IE", "半导体封装测试项目", "拟建设集成电路封装测试生产线"),
            ("lead", 30000, "IE", "高性能碳纤维复合材料项目", "拟建设碳纤维预浸料及复合材料制品生产线"),
        ],
    },
    "electroplating": {
        "funds_ratio": Decimal("1.12"),
        "suffixes": ["表面处理科技", "金属制品", "电镀"],
        "places": ["江口乡江口电镀园"],
        "problems": [("园区危废处置能力需扩容", "鹿寨生态环境局"), ("环评批复尚在办理", "鹿寨生态环境局")],
        "projects": [
            ("producing", 6000, "IS", "江口电镀园五金件表面处理项目", "租用园区标准厂房，建设五金件镀锌、镀镍生产线8条"),
            ("started", 8000, "I", "江口电镀园汽车零部件电镀生产线项目", "建设汽车零部件镀铬、电泳涂装生产线6条"),
            ("started", 18000, "C", "江口电镀园标准厂房及污水处理配套（二期）项目",
             "建设标准厂房4栋及日处理3000吨电镀废水处理站"),
            ("dropped", 5000, "I", "含氰电镀生产线项目", "拟建设含氰镀铜、镀银生产线"),
            ("lead", 4000, "I", "精密电子元件镀金加工项目", "拟建设电子连接器镀金、镀银生产线"),
        ],
    },
    "automotive": {
        "funds_ratio": Decimal("1.02"),
        "suffixes": ["汽车零部件", "精密机械", "汽车配件"],
        "places": ["鹿寨经开区商用车零部件共享基地", "鹿寨经开区"],
        "problems": [("主机厂订单波动，企业投资节奏放缓", "县科工贸局"),
                     ("共享基地电力增容需协调供电部门", "鹿寨经开区管委")],
        "projects": [
            ("producing", 15000, "IS", "商用车零部件共享基地冲压件项目", "建设大中型冲压生产线4条，为商用车主机厂配套冲压件"),
            ("started", 6000, "I", "汽车线束生产项目", "建设商用车线束装配生产线10条"),
            ("started", 8500, "IS", "汽车座椅骨架及内饰件项目", "建设座椅骨架焊接、内饰件注塑生产线"),
            ("signed", 7000, "I", "商用车车桥零部件机加工项目", "建设车桥壳、轮毂机加工生产线"),
            ("exited", 26000, "I", "汽车铝合金轮毂铸造项目", "建设低压铸造铝合金轮毂生产线"),
            ("producing", 35000, "C", "商用车零部件共享基地标准厂房项目", "建设标准厂房12万平方米及配套道路管网"),
            ("negotiating", 40000, "IE", "新能源商用车电池包组装项目", "拟建设动力电池包组装及检测线"),
            ("lead", 5000, "I", "汽车模具设计制造项目", "拟建设汽车覆盖件模具设计及制造车间"),
        ],
    },
    "logistics": {
        "funds_ratio": Decimal("1.15"),
        "suffixes": ["供应链管理", "物流", "商贸"],
        "places": ["江口乡江口港物流园区", "鹿寨县城南片区", "鹿寨镇"],
        "problems": [("江口港航道通航条件需进一步改善", "县交通局"),
                     ("物流园区用地征收尚未完成", "县自然资源和规划局")],
        "projects": [
            ("started", 60000, "S", "江口港物流园区一期码头及仓储项目", "建设2个千吨级泊位、堆场及仓储设施"),
            ("started", 30000, "", "鹿寨县城南商贸物流综合体项目", "建设商贸批发市场、仓储配送中心及配套商业"),
            ("producing", 8000, "H", "冷链物流配送中心项目", "建设冷库2万吨及冷链配送中心"),
            ("signed", 400, "", "城区快递分拨中心项目", "租用仓库建设快递自动分拣线"),
            ("negotiating", 25000, "", "农产品电商物流园项目", "拟建设农产品电商交易、仓储及配送中心"),
            ("lead", 80000, "", "江口港铁水联运专用线项目", "拟建设江口港铁路专用线及集装箱堆场"),
        ],
    },
    "agriculture": {
        "funds_ratio": Decimal("1.20"),
        "suffixes": ["农业科技", "食品", "生态农业"],
        "places": ["中渡镇", "寨沙镇", "黄冕镇", "四排镇", "拉沟乡", "导江乡"],
        "problems": [("土地流转协调难度较大", "县农业农村局"), ("农产品冷链设施不足", "县发改局")],
        "projects": [
            ("producing", 12000, "", "中渡镇优质柑橘种植及分选加工项目", "建设优质柑橘种植基地5000亩及分选包装中心"),
            ("started", 8000, "", "寨沙镇现代生态养殖示范项目", "建设标准化生猪养殖场及粪污资源化利用设施"),
            ("signed", 6000, "I", "螺蛳粉原材料（酸笋）加工项目", "建设酸笋、腐竹等螺蛳粉原材料加工车间"),
            ("producing", 15000, "C", "黄冕镇万亩茶旅融合示范基地项目", "建设生态茶园1万亩、茶叶加工厂及观光设施"),
            ("signed", 2000, "L", "四排镇香菇种植基地项目", "建设香菇种植大棚200座"),
            ("exited", 3000, "", "拉沟乡中药材种植基地项目", "建设中药材种植基地3000亩"),
            ("negotiating", 5000, "I", "富硒大米加工项目", "拟建设富硒大米加工及仓储设施"),
        ],
    },
    "infrastructure": {
        "funds_ratio": Decimal("0.55"),
        "suffixes": ["置业", "建设投资", "城市发展"],
        "places": ["鹿寨县城东片区", "鹿寨县城南片区", "鹿寨镇"],
        "problems": [("征地拆迁进度滞后", "县自然资源和规划局"), ("项目融资方案尚未落实", "县财政局"),
                     ("规划调整待审批", "县自然资源和规划局")],
        "projects": [
            ("started", 200000, "S", "鹿寨县城东片区综合开发项目", "片区土地整理、道路管网及商住综合体开发"),
            ("signed", 45000, "", "鹿寨县城南片区安置住房及配套项目", "建设安置住房1500套及配套幼儿园、农贸市场"),
            ("started", 38000, "C", "鹿寨县城区污水管网提升改造项目", "改造城区污水管网46公里及提升泵站3座"),
            ("negotiating", 30000, "", "鹿寨县老旧小区改造及城市更新项目", "拟改造老旧小区32个及周边配套"),
            ("lead", 6000, "", "鹿寨县智慧停车场建设项目", "拟建设城区智慧停车场8处、泊位2000个"),
        ],
    },
    "culture_tourism": {
        "funds_ratio": Decimal("1.03"),
        "suffixes": ["文化旅游发展", "教育投资", "健康产业"],
        "places": ["中渡镇", "拉沟乡", "寨沙镇", "鹿寨镇"],
        "problems": [("景区旅游公路建设需加快", "县交通局"), ("民办学校办学许可尚在审批", "县教育局")],
        "projects": [
            ("started", 50000, "S", "中渡古镇文旅综合开发项目", "古镇街区保护性开发、民宿集群及游客服务中心建设"),
            ("signed", 18000, "", "鹿寨县民办高级中学建设项目", "建设可容纳3000名学生的民办高级中学"),
            ("producing", 25000, "C", "香桥岩国家地质公园提升改造项目", "景区游步道、玻璃栈道及游客中心提升改造"),
            ("negotiating", 35000, "", "寨沙镇乡村旅游度假区项目", "拟建设乡村度假酒店、农耕体验区"),
            ("lead", 40000, "", "鹿寨县康养综合体项目", "拟建设医养结合康养中心及配套设施"),
        ],
    },
}

CITIES = {  # investors from outside Guangxi (区外境内)
    "广东": ["广州", "深圳", "佛山", "东莞", "中山"],
    "浙江": ["杭州", "宁波", "温州", "湖州"],
    "江苏": ["苏州", "南京", "常州", "无锡"],
    "北京": ["北京"],
    "上海": ["上海"],
}
IN_REGION_CITIES = ["南宁", "柳州"]
BRANDS = ["华森", "嘉林", "恒拓", "鼎盛", "瑞丰", "科达", "远航", "金穗", "博纳", "宏图", "永利",
          "中联", "盛世", "天越", "汇丰源", "广泰", "众诚", "安信", "明辉", "德润", "海川", "新锐",
          "通达", "凯旋", "润泽", "华锦", "立信", "正阳", "康源", "聚贤", "万航", "东方红", "祥云",
          "百川", "宏基", "大成", "怡和", "信达", "锦程", "卓越", "鸿运", "云帆", "弘毅", "景泰",
          "福瑞", "同创", "致远", "兴业", "和泰", "荣昌", "天成", "龙腾", "嘉禾", "晟达", "泰和",
          "恒信", "中正", "乐源", "骏马", "碧桂林", "长青", "利民", "金鹏", "天宇", "诚泰", "华拓",
          "星河", "沐阳", "宏安", "森达"]
SURNAMES = ["覃", "韦", "黄", "蓝", "莫", "梁", "陆", "蒙", "廖", "潘", "罗", "谢", "李", "周"]
GIVEN = ["志强", "建华", "立新", "海燕", "丽萍", "国庆", "卫东", "春梅", "永红", "文斌", "晓东", "秀英",
         "德明", "红梅", "俊杰", "桂芳", "小军", "美玲", "振宇", "宏伟"]
EXITS = {  # (reason, text) for the projects that leave the pipeline, by group
    "forestry": (ExitReason.INVESTOR_CHANGED, ""),
    "automotive": (ExitReason.NO_AGREEMENT, ""),
    "agriculture": (ExitReason.OTHER, "土地流转未能落实，投资方终止合作"),
    "electroplating": (ExitReason.POLICY, ""),
}
STAGE_ORDER = [Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]
WEIGHT = {Stage.SIGNED: Decimal("0.12"), Stage.STARTED: Decimal("0.40"),
          Stage.PRODUCING: Decimal("0.65"), Stage.EXITED: Decimal("0.05")}


def day_in(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def plus(day, rng, low, high, limit):
    return min(day + datetime.timedelta(days=rng.randint(low, high)), limit)


class Names:
    """Fictional companies (no two share a brand) and people."""

    def __init__(self, rng):
        self.rng = rng
        self.brands = rng.sample(BRANDS, len(BRANDS))

    def company(self, tags, suffixes):
        brand, suffix = self.brands.pop(), self.rng.choice(suffixes)
        if "H" in tags:
            return f"香港{brand}国际控股有限公司", Origin.FOREIGN
        if "G" in tags:
            return f"新加坡{brand}{suffix}私人有限公司", Origin.FOREIGN
        if "L" in tags:
            return f"{self.rng.choice(IN_REGION_CITIES)}市{brand}{suffix}有限公司", Origin.IN_REGION
        province = self.rng.choice(list(CITIES))
        city = self.rng.choice(CITIES[province])
        city = city if city in ("北京", "上海") else f"{city}市"
        return f"{city}{brand}{suffix}有限公司", Origin.DOMESTIC_EXTERNAL

    def person(self):
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)


def stage_dates(rng, stage, tags):
    """Signing, start, production and exit dates consistent with `stage` (SPEC §4 order)."""
    end = datetime.date(YEAR, 12, 31)
    if "C" in tags:  # 续建: signed and started in 2020, funds keep arriving in 2021
        signed = day_in(rng, datetime.date(2020, 3, 1), datetime.date(2020, 9, 30))
        started = plus(signed, rng, 30, 90, datetime.date(2020, 12, 20))
        producing = day_in(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 10, 31))
        return {"signed_on": signed, "started_on": started,
                "producing_on": producing if stage == Stage.PRODUCING else None}
    if stage in (Stage.LEAD, Stage.NEGOTIATING):
        return {}
    if stage == DROPPED:
        return {"exited_on": day_in(rng, datetime.date(YEAR, 4, 1), datetime.date(YEAR, 8, 31))}
    if stage == Stage.EXITED:
        signed = day_in(rng, datetime.date(YEAR, 2, 1), datetime.date(YEAR, 5, 31))
        return {"signed_on": signed, "exited_on": plus(signed, rng, 90, 150, end)}
    latest = {Stage.SIGNED: datetime.date(YEAR, 12, 15), Stage.STARTED: datetime.date(YEAR, 9, 30),
              Stage.PRODUCING: datetime.date(YEAR, 6, 30)}
    dates = {"signed_on": day_in(rng, datetime.date(YEAR, 1, 8), latest[stage])}
    if stage in (Stage.STARTED, Stage.PRODUCING):
        dates["started_on"] = plus(dates["signed_on"], rng, 15, 60, end)
    if stage == Stage.PRODUCING:
        dates["producing_on"] = plus(dates["started_on"], rng, 90, 170, datetime.date(YEAR, 12, 20))
    return dates


def cn_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def progress_text(rng, stage, dates, investor, exit_reason):
    if stage == Stage.LEAD:
        return f"已与{investor}初步接触，正在收集项目资料、对接用地需求"
    if stage == Stage.NEGOTIATING:
        return f"已开展{rng.randint(2, 5)}轮洽谈，双方正在商谈用地、投资强度及协议条款"
    if stage in (Stage.EXITED, DROPPED):
        return (f"因{exit_reason.label}，项目于{cn_date(dates['exited_on'])}退出，"
                "已按动态管理机制补充新洽谈项目")
    if stage == Stage.SIGNED:
        return f"{cn_date(dates['signed_on'])}签订投资协议，正在办理项目备案、用地及环评等前期手续"
    if stage == Stage.STARTED:
        return (f"{cn_date(dates['started_on'])}开工建设，主体工程已完成约{rng.randint(3, 8)}0%，"
                "正在推进设备采购")
    state = rng.choice(["生产运行正常", "正在产能爬坡", "二期工程前期工作已启动"])
    return f"{cn_date(dates['producing_on'])}竣工投产，{state}"


def split(rng, amount, days):
    """`amount` (whole 万元) over distinct sorted `days`, each part a whole 万元."""
    if not days:
        return []
    weights = [rng.uniform(0.5, 1.5) for _ in days]
    parts = [Decimal(int(amount * Decimal(w / sum(weights)))) for w in weights]
    parts[-1] += amount - sum(parts)
    return list(zip(days, parts))


def arrival_days(rng, start, end, count):
    span = (end - start).days + 1
    if span <= 0:
        return []
    offsets = sorted(rng.sample(range(span), min(count, span)))
    return [start + datetime.timedelta(days=o) for o in offsets]


def funds_plan(rng, spec):
    """The dated arrivals of a project's `spec["funds_total"]` in YEAR (and 2020 for 续建)."""
    total, dates = spec["funds_total"], spec["dates"]
    if not total:
        return []
    start = max(dates["signed_on"] + datetime.timedelta(days=5), datetime.date(YEAR, 1, 4))
    end = min(dates.get("exited_on") or datetime.date(YEAR, 12, 28), datetime.date(YEAR, 12, 28))
    count = min(8, 1 + int(total / 2500))
    arrivals = split(rng, total, arrival_days(rng, start, end, count))
    if spec["continuing"]:  # what arrived in 2020 is not this year's figure, but shows in the totals
        earlier = arrival_days(rng, dates["signed_on"] + datetime.timedelta(days=10),
                               datetime.date(2020, 12, 28), 2)
        arrivals = split(rng, Decimal(int(spec["values"]["total_investment"] * Decimal("0.3"))),
                         earlier) + arrivals
    return [(day, amount, "银行进账凭证已核实") for day, amount in arrivals]


def assign_funds(specs, funds_goal):
    """Share a group's 区外境内 funds goal over its funded projects by stage and size."""
    external = [s for s in specs if s["counted_external"] and s["weight"]]
    base = sum(s["weight"] * s["values"]["total_investment"] for s in external)
    for spec in specs:
        size = spec["weight"] * (spec["values"]["total_investment"] or ZERO)
        share = funds_goal * size / base if any(s is spec for s in external) else size
        # Funds never exceed the investment; 续建 projects already got 30 % in 2020.
        cap = spec["values"]["total_investment"] * Decimal("0.6" if spec["continuing"] else "0.9")
        spec["funds_total"] = Decimal(int(min(share, cap)))


def project_spec(rng, names, code, group, template, numbers):
    """One project of the sample as plain data: values, stage, dates, closing texts."""
    stage, total, tags, name, content = template
    investor, origin = names.company(tags, group["suffixes"])
    dates = stage_dates(rng, stage, tags)
    year = 2020 if "C" in tags else YEAR
    numbers[year] += 1
    exit_reason, exit_text = EXITS[code] if stage in (Stage.EXITED, DROPPED) else (None, "")
    total = Decimal(total)
    values = {
        "code": f"LZ{year}-{numbers[year]:03d}", "name": name, "investor": investor, "origin": origin,
        "group": code, "industrial": "I" in tags, "emerging": "E" in tags, "sanqi": "S" in tags,
        "total_investment": total, "location": rng.choice(group["places"]), "content": content,
    }
    if "S" in tags:
        signed = dates["signed_on"]
        values["sanqi_batch"] = f"{signed.year}年第{(signed.month - 1) // 3 + 1}季度集中签约"
    progress = progress_text(rng, stage, dates, investor, exit_reason)
    problem = rng.choice(group["problems"]) if rng.random() < 0.45 else None  # (text, owner unit)
    return {
        "values": values, "stage": stage, "dates": dates, "continuing": "C" in tags,
        "final": {"progress": progress, "problems": problem[0] if problem else ""},
        "issue": problem,
        "exit": (exit_reason, exit_text) if exit_reason else None,
        "counted_external": origin == Origin.DOMESTIC_EXTERNAL and total >= LUZHAI_2021["threshold"],
        # The share of its investment a project receives this year, by how far along it is.
        "weight": Decimal("0.45") if "C" in tags else WEIGHT.get(stage, ZERO),
    }


def demo_projects(seed=SEED):
    """The sample year as plain data, the same for the same seed (no database)."""
    rng = random.Random(seed)
    names = Names(rng)
    targets = {g[0]: Decimal(g[4]) * YI for g in LUZHAI_2021["groups"]}
    numbers = {2020: 0, YEAR: 0}
    specs = []
    for code, group in GROUPS.items():
        group_specs = [project_spec(rng, names, code, group, template, numbers)
                       for template in group["projects"]]
        assign_funds(group_specs, targets[code] * group["funds_ratio"])
        for spec in group_specs:
            spec["funds"] = funds_plan(rng, spec)
        specs += group_specs
    return specs


# The sample's history: when each step happened in the system during 2021, and who did it. The
# days and texts come from their own random stream (HISTORY_SEED), so the figures above stay as
# they are. Each step is a service call, dated afterwards by core.backdate (demo-only).
HISTORY_SEED = SEED + 2
GO_LIVE = datetime.date(YEAR, 1, 4)  # the first working day of 2021: plan, staff, accounts, 续建
YEAR_END = datetime.date(YEAR, 12, 31)
NOTES = {  # 进展情况 a group writes while a project is at a stage
    Stage.LEAD: ["已与投资方初步接触，正在收集项目资料、对接用地需求"],
    Stage.NEGOTIATING: ["与投资方开展第{n}轮洽谈，就用地规模、投资强度和建设周期交换意见",
                        "投资方来县实地考察，初步选址{place}",
                        "投资协议文本已基本商定，报县人民政府审定后择期签约"],
    Stage.SIGNED: ["已完成项目备案，正在办理用地预审和环评手续", "项目公司已注册成立，正在开展施工图设计",
                   "项目用地已完成摘牌，正在办理施工许可"],
    Stage.STARTED: ["主体工程完成约{n}0%，正在推进设备采购", "厂房钢结构已封顶，设备基础施工中",
                    "主要生产设备已进场，正在安装调试"],
    Stage.PRODUCING: ["项目竣工投产，首批产品已下线", "生产线运行稳定，产能逐月提升"],
}
SOLVED = [  # problems the groups got solved during construction: (存在问题, 解决情况)
    ("施工临时用电、用水尚未接通", "已协调供电、供水部门完成临时水电接入"),
    ("项目用工需求较大，招工困难", "组织专场招聘会，帮助企业招聘员工{n}0人"),
    ("进场道路未硬化，影响设备运输", "已协调完成进场道路硬化"),
    ("施工许可办理材料需补正", "已指导企业补齐材料，施工许可证已核发"),
]


def at(rng, day, hours):
    """A moment on `day` within `hours` (a range of hours of the working day), Asia/Shanghai."""
    return local_time(day, rng.choice(hours), rng.randint(0, 59))


def history_days(rng, spec):
    """The days a project was entered and moved to 在谈 (its other stage days are its dates)."""
    stage, dates = spec["stage"], spec["dates"]
    if spec["continuing"]:  # signed in 2020: entered as it stood when the system went live
        return {"created": GO_LIVE}
    first = dates.get("signed_on") or dates.get("exited_on")
    if first is not None:
        created = max(GO_LIVE, first - datetime.timedelta(days=rng.randint(45, 120)))
    elif stage == Stage.NEGOTIATING:
        created = day_in(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 10, 31))
    else:
        return {"created": day_in(rng, datetime.date(YEAR, 8, 1), datetime.date(YEAR, 12, 10))}
    until = (first or YEAR_END) - created
    talks = created + datetime.timedelta(days=max(1, int(until.days * rng.uniform(0.2, 0.5))))
    return {"created": created, "negotiating": talks}


def phases(spec, days):
    """(stage, first day, last day) of each stage the project stood at during 2021."""
    dates = spec["dates"]
    steps = [(Stage.LEAD, days["created"]), (Stage.NEGOTIATING, days.get("negotiating"))]
    steps += [(step, dates.get(field)) for step, field in STAGE_DATE.items()]
    steps = [(step, max(day, GO_LIVE)) for step, day in steps if day is not None]
    end = dates.get("exited_on") or YEAR_END
    return [(step, day, (steps[i + 1][1] if i + 1 < len(steps) else end) - datetime.timedelta(days=1))
            for i, (step, day) in enumerate(steps)]


def note_plan(rng, spec, days):
    """Up to three dated 进展情况 [(day, text)], one per stage the project spent a fortnight at."""
    notes = []
    for stage, first, last in phases(spec, days):
        if (last - first).days >= 14:
            day = first + datetime.timedelta(days=rng.randint(7, min(60, (last - first).days)))
            text = rng.choice(NOTES[stage]).format(n=rng.randint(2, 8),
                                                   place=spec["values"]["location"])
            notes.append((min(day, YEAR_END), text))
    return notes[-3:]


class ProjectHistory:
    """One project's 2021 as dated steps, each a service call, written in the order they happened.

    A step is (moment, models it inserts, method, its arguments); the methods act on the project
    as it stands when their turn comes.
    """

    def __init__(self, spec, group, people, rng):
        self.spec, self.group, self.rng = spec, group, rng
        self.liaison, self.counit, self.commander = (
            people.get(who) for who in ("liaison", "counit", "commander"))
        self.days = history_days(rng, spec)
        self.steps = []
        self.project = self.exit_request = None
        self.issues = {}  # the problems raised, by what the plan calls them

    def add(self, moment, models, action, **kwargs):
        self.steps.append((moment, len(self.steps), models, action, kwargs))

    def plan(self):
        spec, rng = self.spec, self.rng
        moves = self.moves()
        self.add(at(rng, self.days["created"], [9]), (Project, StageChange), self.create,
                 final=not moves)
        for stage, fields, day in moves:
            self.add(at(rng, day, [10, 11]), (StageChange,), self.move, stage=stage, fields=fields,
                     final=stage == moves[-1][0] and not spec["exit"])
        for day, amount, note in spec["funds"]:
            # Registered once the bank's voucher is checked, a few days after the money arrived.
            registered = min(max(day + datetime.timedelta(days=rng.randint(1, 4)), GO_LIVE), YEAR_END)
            self.add(at(rng, registered, [14, 15, 16]), (), self.funds, date=day, amount=amount,
                     note=note)
        for day, text in note_plan(rng, spec, self.days):
            author = self.counit if rng.random() < 0.3 and self.counit else self.liaison
            self.add(at(rng, day, [15, 16, 17]), (ProgressNote,), self.note, date=day, text=text,
                     user=author)
        self.plan_issues()
        if spec["exit"]:
            self.plan_exit(spec["dates"]["exited_on"])
        return self

    def moves(self):
        """(stage, fields it needs, day) of each move after the project was entered."""
        spec, dates = self.spec, self.spec["dates"]
        stage = spec["stage"]
        if spec["continuing"]:  # entered at 开工; moves on only if it went into production
            return [(Stage.PRODUCING, {"producing_on": dates["producing_on"]}, dates["producing_on"])] \
                if stage == Stage.PRODUCING else []
        if stage == Stage.LEAD:
            return []
        moves = [(Stage.NEGOTIATING, {}, self.days["negotiating"])]
        if stage == DROPPED:
            return moves
        last = Stage.SIGNED if stage == Stage.EXITED else stage
        for step in STAGE_ORDER[1: STAGE_ORDER.index(last) + 1]:
            field = STAGE_DATE[step]
            moves.append((step, {field: dates[field]}, dates[field]))
        return moves

    def plan_issues(self):
        """The problem the ledger still names (open, due in January), and one solved earlier."""
        spec, rng = self.spec, self.rng
        if spec["issue"] and not spec["exit"]:
            text, unit_name = spec["issue"]
            raised = max(self.days["created"],
                         day_in(rng, datetime.date(YEAR, 11, 1), datetime.date(YEAR, 12, 20)))
            owner = Unit.objects.filter(name=unit_name).first() or self.group.lead_unit
            self.add(at(rng, raised, [16, 17]), (ProjectIssue,), self.raise_issue, key="open",
                     raised_on=raised, text=text, owner_unit=owner,
                     due_on=raised + datetime.timedelta(days=30))
        started = spec["dates"].get("started_on")
        early = started and started.year == YEAR and started < datetime.date(YEAR, 11, 1)
        if early and rng.random() < 0.5:
            problem, solution = rng.choice(SOLVED)
            raised = started + datetime.timedelta(days=rng.randint(10, 30))
            solved = raised + datetime.timedelta(days=rng.randint(8, 25))
            self.add(at(rng, raised, [16, 17]), (ProjectIssue,), self.raise_issue, key="solved",
                     raised_on=raised, text=problem, owner_unit=self.group.lead_unit,
                     due_on=raised + datetime.timedelta(days=20))
            self.add(at(rng, solved, [10, 11]), (), self.solve, key="solved", resolved_on=solved,
                     resolution=solution.format(n=rng.randint(5, 15)))

    def plan_exit(self, exited_on):
        """Requested by the liaison on the exit day, approved by the commander a few days later."""
        reason, text = self.spec["exit"]
        self.add(at(self.rng, exited_on, [10, 11]), (ExitRequest, Notification), self.request_exit,
                 exited_on=exited_on, exit_reason=reason, exit_reason_text=text)
        decided_on = min(exited_on + datetime.timedelta(days=self.rng.randint(1, 3)), YEAR_END)
        decided = at(self.rng, decided_on, [9, 10])
        self.add(decided, (StageChange, Notification), self.approve_exit, decided_at=decided)

    # The steps: each one service call (or two), by the group's people.

    def create(self, final):
        values = {**self.spec["values"], "group": self.group, "stage": Stage.LEAD}
        reason = ""
        if self.spec["continuing"]:
            values.update(stage=Stage.STARTED, signed_on=self.spec["dates"]["signed_on"],
                          started_on=self.spec["dates"]["started_on"])
            reason = "续建项目，系统启用时录入"
        if final:
            values.update(self.spec["final"])
        self.project = save_project(values, user=self.liaison, via=VIA, reason=reason)

    def move(self, stage, fields, final):
        self.project = move_stage(self.project, stage, user=self.liaison, via=VIA, **fields,
                                  **(self.spec["final"] if final else {}))

    def funds(self, **values):
        add_funds(self.project, **values, user=self.liaison, via=VIA)

    def note(self, date, text, user):
        add_note(self.project, date=date, text=text, user=user, via=VIA)

    def raise_issue(self, key, **values):
        self.issues[key] = add_issue(self.project, **values, user=self.liaison, via=VIA)

    def solve(self, key, **values):
        resolve_issue(self.issues[key], **values, user=self.counit or self.liaison, via=VIA)

    def request_exit(self, **values):
        self.exit_request = request_exit(self.project, **values, user=self.liaison, via=VIA,
                                         note="项目推进不下去，按动态管理机制申请退出")

    def approve_exit(self, decided_at):
        approve_exit(self.exit_request, user=self.commander, comment="同意退出，请及时补充新洽谈项目",
                     via=VIA)
        ExitRequest.objects.filter(pk=self.exit_request.pk).update(decided_at=decided_at)  # a stamp
        self.project = save_project(self.spec["final"], project=self.project, user=self.liaison,
                                    via=VIA)

    def write(self):
        for moment, _, models, action, kwargs in sorted(self.steps, key=lambda step: step[:2]):
            with backdated(moment, *models):
                action(**kwargs)
        last = max(step[0] for step in self.steps)
        Project.objects.filter(pk=self.project.pk).update(updated_at=last)
        return self.project


def write_project(spec, groups, people=None, rng=None):
    """Create one project through the services, every step dated when it happened in 2021.

    `people`: {"liaison", "counit", "commander"} users of the project's group who did the steps
    (none: the system did).
    """
    rng = rng or random.Random(HISTORY_SEED)
    group = groups[spec["values"]["group"]]
    return ProjectHistory(spec, group, people or {}, rng).plan().write()


def staff_groups(groups, user=None):
    """Fictional commanders and liaisons (分管领导 + 业务人员) where a group has none yet."""
    rng = random.Random(SEED + 1)
    names = Names(rng)
    commanders = liaisons = 0
    for code in GROUPS:
        group = groups[code]
        commander = names.person()
        people = [(Liaison.Kind.LEADER, names.person()), (Liaison.Kind.STAFF, names.person())]
        phones = [f"0772-68{rng.randint(10000, 99999)}" for _ in people]
        if not group.commander:
            group.commander = commander
            group.save(update_fields=["commander"])
            record(group, ChangeRecord.Action.UPDATE, user=user, before={"commander": ""},
                   after={"commander": commander}, via=VIA, group_id=group.pk)
            commanders += 1
        if not group.liaisons.exists():
            for (kind, name), phone in zip(people, phones):
                liaison = Liaison.objects.create(group=group, kind=kind, name=name, phone=phone)
                record(liaison, ChangeRecord.Action.CREATE, user=user, via=VIA, group_id=group.pk,
                       after=snapshot(liaison, ["kind", "name", "phone"]))
                liaisons += 1
    return commanders, liaisons


@transaction.atomic
def load_setup(user=None):
    """The 2021 plan and each group's commander and liaisons, dated the day the system went live."""
    with backdated(local_time(GO_LIVE, 8, 30)):
        _, lines = load_plan(LUZHAI_2021, user=user)
        groups = {g.code: g for g in IndustryGroup.objects.filter(code__in=GROUPS)}
        commanders, liaisons = staff_groups(groups, user)
    if commanders or liaisons:
        lines.append(f"设置指挥长 {commanders} 名、联络员 {liaisons} 名")
    return lines


@transaction.atomic
def load_projects(people=None):
    """The sample year's projects; idempotent (projects whose code exists are skipped).

    `people`: {group code: {"liaison", "counit", "commander"}} users who did the work; without
    them the system did. Returns 中文 lines saying what was created.
    """
    people = people or {}
    groups = {g.code: g for g in
              IndustryGroup.objects.filter(code__in=GROUPS).select_related("lead_unit")}
    specs = demo_projects()
    existing = set(Project.objects.filter(code__in=[s["values"]["code"] for s in specs])
                   .values_list("code", flat=True))
    rng = random.Random(HISTORY_SEED)
    created = [write_project(s, groups, people.get(s["values"]["group"]), rng)
               for s in specs if s["values"]["code"] not in existing]
    lines = []
    if created:
        by_stage = {}
        for project in created:
            by_stage[project.stage] = by_stage.get(project.stage, 0) + 1
        counts = "、".join(f"{stage.label} {by_stage[stage]}" for stage in Stage if stage in by_stage)
        funds = [f for s in specs if s["values"]["code"] not in existing for f in s["funds"]]
        lines.append(f"新建演示项目 {len(created)} 个（{counts}）")
        lines.append(f"登记到位资金 {len(funds)} 条，合计 {sum(a for _, a, _ in funds)} 万元")
    if existing:
        lines.append(f"已存在的演示项目 {len(existing)} 个，跳过")
    return lines


@transaction.atomic
def load_demo(user=None, people=None):
    """The 2021 plan and the sample year (`load_setup` and `load_projects`). 中文 lines out."""
    return load_setup(user) + load_projects(people)
