"""The notice form: 文号, rows of holidays, rows of working weekends.

The form only reads the dates; every rule of the calendar is `services.check_notice`'s, and its
messages are put back beside the section they concern.
"""
from django import forms
from django.core.exceptions import ValidationError

from . import services

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HOLIDAY_ROWS, WEEKEND_ROWS = 9, 8
STANDARD_HOLIDAYS = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]


class HolidayRow(forms.Form):
    name = forms.CharField(label="节日", max_length=30, required=False)
    first_day = forms.DateField(label="放假开始", required=False, widget=DATE_WIDGET)
    last_day = forms.DateField(label="放假结束", required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if (first is None) != (last is None) and not self.errors:
            missing = "last_day" if last is None else "first_day"
            self.add_error(missing, "请同时填写放假开始和结束日期")
        return data

    def entry(self):
        """The holiday this row holds, or None for a row without dates (a name alone is a blank row)."""
        data = self.cleaned_data
        if data.get("first_day") is None or data.get("last_day") is None:
            return None
        return {"name": data.get("name", ""), "first_day": data["first_day"], "last_day": data["last_day"]}


class WeekendRow(forms.Form):
    day = forms.DateField(label="调休上班日", required=False, widget=DATE_WIDGET)


HolidayRows = forms.formset_factory(HolidayRow, extra=0)
WeekendRows = forms.formset_factory(WeekendRow, extra=0)


def _with_blank_rows(rows, minimum, spare=2):
    """The given rows, then blank ones: at least `minimum` rows in all and `spare` blank."""
    rows = list(rows)
    return rows + [{}] * max(spare, minimum - len(rows))


class NoticeForm(forms.Form):
    reference = forms.CharField(label="通知文号", max_length=100, required=False,
                                widget=forms.TextInput(attrs={"placeholder": "国办发明电〔2029〕12号"}))

    def __init__(self, data=None, *, year, initial_holidays=(), initial_weekends=(), reference=""):
        super().__init__(data, initial={"reference": reference})
        self.year = year
        self.holiday_rows = HolidayRows(
            data, prefix="holiday", initial=_with_blank_rows(initial_holidays, HOLIDAY_ROWS))
        weekends = [{"day": day} for day in initial_weekends]
        self.weekend_rows = WeekendRows(
            data, prefix="weekend", initial=_with_blank_rows(weekends, WEEKEND_ROWS))
        self.section_errors = {"holidays": [], "working_weekends": []}

    def is_valid(self):
        return all([super().is_valid(), self.holiday_rows.is_valid(), self.weekend_rows.is_valid()])

    def save(self, user, via="form"):
        """The saved notice, or None with the service's messages placed on the form."""
        if not self.is_valid():
            return None
        holidays = [row for row in (form.entry() for form in self.holiday_rows) if row]
        weekends = [form.cleaned_data["day"] for form in self.weekend_rows if form.cleaned_data.get("day")]
        try:
            return services.save_notice(self.year, reference=self.cleaned_data["reference"],
                                        holidays=holidays, working_weekends=weekends, user=user, via=via)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.section_errors:
                    self.section_errors[field].extend(messages)
                else:
                    self.add_error(field if field in self.fields else None, messages)
            return None

    @property
    def has_errors(self):
        return bool(self.errors or any(self.section_errors.values())
                    or any(self.holiday_rows.errors) or any(self.weekend_rows.errors))
