"""Forms of the trip pages. Parsing and display only: every rule is checked by `services`.

A service's `ValidationError({field: 中文原因})` is put beside the field; `save` returns the
saved trip, or None when there were errors (the view answers 400 with the form).
"""
from django import forms
from django.core.exceptions import ValidationError

from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope

from . import services
from .models import Region, Trip

FIELDS = ["group", "start_on", "end_on", "destination", "region", "leader", "participants",
          "enterprises", "outcome"]


def put_errors(form, exc):
    """Each message beside its field; the rest at the top of the form."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for name, messages in errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class TripForm(forms.Form):
    """新建 (`trip=None`) or 修改 a trip through `services.save_trip`."""

    report = forms.FileField(label="考察报告", required=False,
                             help_text=f"{services.REPORT_TYPES_TEXT}，不超过 "
                                       f"{services.MAX_REPORT_BYTES // 1024 // 1024} MB")
    remove_report = forms.BooleanField(label="删除现有的考察报告", required=False)

    def __init__(self, data=None, files=None, *, user, trip=None):
        self.user, self.trip = user, trip
        initial = {}
        if trip is not None:
            initial = {name: getattr(trip, name) for name in FIELDS if name != "group"}
            initial["group"] = trip.group_id
        super().__init__(data, files, initial=initial)
        model_fields = forms.fields_for_model(Trip, fields=FIELDS)
        for name in FIELDS:
            field = model_fields[name]
            field.required = False  # the service says what is missing, in its own words
            self.fields[name] = field
        groups = Scope.editable_by(user).filter(IndustryGroup.objects.order_by("position", "id"))
        self.fields["group"] = forms.ModelChoiceField(
            groups, label="产业招商组", required=False,
            empty_label=None if groups.count() == 1 else "请选择产业招商组")
        self.fields["region"].choices = [("", "请选择"), *Region.choices]
        for name in ("start_on", "end_on"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for name, rows in (("participants", 2), ("enterprises", 4), ("outcome", 4)):
            self.fields[name].widget = forms.Textarea(attrs={"rows": rows})
        self.fields["participants"].help_text = "姓名及单位、职务，用顿号或换行分隔"
        self.fields["outcome"].help_text = "洽谈成果、获得的项目线索和下一步工作"
        self.order_fields([*FIELDS, "report", "remove_report"])
        if trip is None or not trip.report_name:
            del self.fields["remove_report"]

    def save(self, *, via="form"):
        values = {name: self.cleaned_data.get(name) for name in FIELDS}
        try:
            return services.save_trip(values, trip=self.trip, report=self.cleaned_data.get("report"),
                                      remove_report=self.cleaned_data.get("remove_report", False),
                                      user=self.user, via=via)
        except ValidationError as exc:
            put_errors(self, exc)
            return None


class DeleteForm(forms.Form):
    reason = forms.CharField(label="删除原因", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="例如：重复登记、登记错误；删除记录和原因会保留在变更记录中")

    def __init__(self, data=None, *, user, trip):
        self.user, self.trip = user, trip
        super().__init__(data)

    def save(self, *, via="form"):
        try:
            services.delete_trip(self.trip, reason=self.cleaned_data.get("reason", ""),
                                 user=self.user, via=via)
        except ValidationError as exc:
            put_errors(self, exc)
            return False
        return True
