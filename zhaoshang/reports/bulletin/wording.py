"""The bulletin's Chinese wording: section titles, the sentences of each section and its notes,
built from `data.bulletin_data`; the PDF and the workbook say the same words."""
from zhaoshang.core.formats import DASH, money, percent, thousands
from zhaoshang.core.money import yi

SECTION_TITLES = ["一、全县目标任务完成情况", "二、各产业招商组到位资金完成情况排名",
                  "三、落后序时进度的产业招商组", "四、本季度退出项目", "五、报表报送情况"]


def date_text(day):
    return f"{day.year}年{day.month}月{day.day}日"


def yi_text(amount):
    """万元 → "36.12" (亿元, two places, half up)."""
    return money(yi(amount))


def progress_text(rate_points):
    """How a completion rate stands against 序时进度, from the difference in points."""
    if rate_points is None:
        return DASH
    if rate_points < 0:
        return f"落后{money(-rate_points)}"
    return f"超前{money(rate_points)}" if rate_points > 0 else "持平"


def standing_text(rate_points):
    """The same in a sentence: 落后序时进度17.07个百分点."""
    if rate_points is None:
        return "无目标任务"
    if rate_points == 0:
        return "与序时进度持平"
    word = "落后" if rate_points < 0 else "超过"
    return f"{word}序时进度{money(abs(rate_points))}个百分点"


def summary_text(data):
    """The opening paragraph: the county's results in one breath."""
    c = data["figures"]["county"]
    funds = data["county"][0]
    return (f"截至{date_text(data['as_of'])}，全年序时进度为{percent(data['time_progress'])}。"
            f"全县累计实现区外境内到位资金{yi_text(c['funds_in_place'])}亿元，完成年度目标任务"
            f"{yi_text(c['funds_target'])}亿元的{percent(c['funds_rate'])}，{standing_text(funds['vs_progress'])}；"
            f"新签约项目{thousands(c['signed_projects'])}个，完成目标任务{thousands(c['signed_target'])}个的"
            f"{percent(c['signed_rate'])}，其中新兴产业项目{thousands(c['emerging_projects'])}个，"
            f"占{percent(c['emerging_share'])}；新签约项目计划投资总额{yi_text(c['planned_investment'])}亿元，"
            f"完成目标任务的{percent(c['planned_investment_rate'])}；新引进工业项目"
            f"{thousands(c['industrial_projects'])}个，其中亿元工业项目{thousands(c['major_industrial_projects'])}个。"
            f"现将有关情况通报如下。")


def county_notes(data):
    c = data["figures"]["county"]
    return [f"注：1.序时进度＝截至{date_text(data['as_of'])}已过天数÷全年天数＝{percent(data['time_progress'])}。",
            f"2.纳入统计的项目：投资方来源为区外境内或境外，且总投资{data['threshold'].normalize():,f}万元及以上；"
            f"区内投资不属于招商引资，不计入。",
            f"3.境外到位资金{money(c['foreign_funds_in_place'])}万元单列统计，未计入区外境内到位资金。"]


def ranking_text(data, ref=""):
    ranked = data["ranking"]
    behind = len(data["behind"])
    top = "、".join(g["name"] for g in ranked[:3] if g["rank"] is not None)
    top = f"{top}位居前列；" if top else ""
    return (f"按区外境内到位资金完成率排名{ref}，{top}"
            f"{len(ranked) - behind}个产业招商组达到序时进度，{behind}个落后序时进度。")


def behind_text(data, ref=""):
    if not data["behind"]:
        return f"截至{date_text(data['as_of'])}，各产业招商组到位资金完成率均达到序时进度。"
    return (f"截至{date_text(data['as_of'])}，以下{len(data['behind'])}个产业招商组到位资金完成率低于序时进度"
            f"（{percent(data['time_progress'])}），请各牵头单位分析原因，加大招商和资金到位工作力度，"
            f"确保完成全年目标任务{ref}。")


def exits_text(data, ref=""):
    if not data["exits"]:
        return f"本季度（{data['start'].month}月1日至{data['as_of'].month}月{data['as_of'].day}日）无纳入统计的项目退出。"
    return (f"本季度共有{len(data['exits'])}个纳入统计的项目退出{ref}。相关产业招商组要及时补充"
            f"新洽谈的项目，确保完成签约目标任务。")


def reports_text(data, ref=""):
    r = data["reports"]
    if not (r["due"]["quarter"] or r["due"]["month"]):
        return f"截至{date_text(data['as_of'])}，本季度尚无已到报送截止日的报表。"
    text = (f"截至{date_text(data['as_of'])}，本季度已到报送截止日的季报{r['due']['quarter']}份、"
            f"月报{r['due']['month']}份，按时报送{r['on_time']}份，逾期报送{r['late']}份，"
            f"未报送{r['missing']}份。")
    if r["lapses"]:
        text += f"逾期和未报送的报表如下{ref}。"
    return text


def record_text(data):
    record = data["quarterly_record"]
    if not record:
        return f"本年度截至{date_text(data['as_of'])}，各产业招商组季报均按时报送。"
    parts = [f"{row['group']}逾期{row['late']}次、未报送{row['missing']}次" for row in record]
    return f"本年度截至{date_text(data['as_of'])}，季报逾期或未报送的有：{'；'.join(parts)}。以上情况纳入年度绩效考评。"


def short_name(name):
    """林木加工产业招商组 → 林木加工 (for the chart's axis)."""
    for suffix in ("产业招商组", "招商组"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
