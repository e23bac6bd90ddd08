"""The working-day calendar over the API: the year's source, holidays and deadlines, and the
office's notice. Parsing only: every rule of a notice is `workcal.services.check_notice`'s."""
from rest_framework import serializers


class HolidaySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=30, allow_blank=True, help_text="节日名称，如 春节")
    first_day = serializers.DateField(help_text="放假开始日期")
    last_day = serializers.DateField(help_text="放假结束日期（含）")


class HolidayNoticeSerializer(serializers.Serializer):
    """PUT body: the State Council's notice of a year, as a whole (replaces what was entered)."""

    reference = serializers.CharField(max_length=100, allow_blank=True,
                                      help_text="通知文号，如 国办发明电〔2029〕12号")
    holidays = HolidaySerializer(many=True, allow_empty=True, help_text="放假安排")
    working_weekends = serializers.ListField(child=serializers.DateField(), allow_empty=True,
                                             help_text="调休上班的星期六、星期日")


class Deadlines(serializers.Serializer):
    """Exactly `zhaoshang deadlines --year Y --json`."""

    year = serializers.IntegerField()
    quarterly = serializers.ListField(child=serializers.DateField(), help_text="四个季报截止日")
    monthly = serializers.ListField(child=serializers.DateField(), help_text="十二个月报截止日")


class CalendarYear(serializers.Serializer):
    year = serializers.IntegerField()
    source = serializers.ChoiceField(
        choices=["office", "chinesecalendar", "fallback"],
        help_text="office：办公室录入的通知；chinesecalendar：法定节假日数据；fallback：无数据，按周一至周五")
    source_label = serializers.CharField(help_text="日历来源（中文）")
    warning = serializers.CharField(allow_blank=True, help_text="按周一至周五计算时的提醒，否则为空")
    reference = serializers.CharField(allow_null=True, help_text="办公室录入的通知文号，否则为 null")
    holidays = HolidaySerializer(many=True)
    working_weekends = serializers.ListField(child=serializers.DateField())
    deadlines = Deadlines()
