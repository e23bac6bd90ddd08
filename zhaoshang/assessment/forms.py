"""The office's two forms: the year's scheme and a group's manual scores.

Parsing and display only: every rule is `services`'; a service's ValidationError is put beside
its field and `save` returns None (the view answers 400 with the form).
"""
from django import forms
from django.core.exceptions import ValidationError

from . import services
from .models import ManualScore, Scheme

POINTS_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "class": "points-input"})


def put_errors(form, exc):
    """Each message beside its field; the rest at the top of the form."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for name, messages in errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


def points_text(value):
    return "" if value is None else f"{value:.2f}"


class SchemeForm(forms.Form):
    """The whole scheme of a year at once (services.save_scheme checks it whole)."""

    def __init__(self, data=None, *, scheme):
        self.scheme = scheme
        initial = {f: points_text(getattr(scheme, f)) for f in services.WEIGHT_FIELDS + services.RULE_FIELDS}
        initial["early_by"] = scheme.early_by
        super().__init__(data, initial=initial)
        for name in services.WEIGHT_FIELDS + services.RULE_FIELDS:
            model_field = Scheme._meta.get_field(name)
            self.fields[name] = forms.CharField(label=model_field.verbose_name, required=False,
                                                help_text=model_field.help_text, widget=POINTS_WIDGET)
        self.fields["early_by"] = forms.DateField(
            label=Scheme._meta.get_field("early_by").verbose_name, required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text="四项目标均在此日（含）前完成的加分；默认11月30日，即“12月1日前完成”")
        self.fields["reason"] = forms.CharField(label="修改说明", required=False, max_length=500,
                                                widget=forms.TextInput(attrs={"placeholder": "如：经领导小组会议研究调整"}))

    def weight_fields(self):
        return [self[name] for name in services.WEIGHT_FIELDS]

    def save(self, user, via="form"):
        if not self.is_valid():
            return None
        values = {name: self.cleaned_data.get(name) for name in services.SCHEME_FIELDS}
        try:
            return services.save_scheme(self.scheme.year, values, user=user, via=via,
                                        reason=self.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            put_errors(self, exc)
            return None


class ScoresForm(forms.Form):
    """The three office-scored lines of one group: points (blank = 未评分) and a note each."""

    def __init__(self, data=None, *, group, year, scheme, scores):
        self.group, self.year = group, year
        initial = {}
        for line in services.MANUAL_LINES:
            score = scores.get(line)
            initial[f"{line}_points"] = points_text(score.points) if score else ""
            initial[f"{line}_note"] = score.note if score else ""
        super().__init__(data, initial=initial)
        for line in services.MANUAL_LINES:
            weight = services.weight_of(scheme, line)
            self.fields[f"{line}_points"] = forms.CharField(
                label=ManualScore.Line(line).label, required=False, help_text=f"满分 {weight:.2f} 分",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "points-input",
                                              "placeholder": "未评分"}))
            self.fields[f"{line}_note"] = forms.CharField(
                label="评分说明", required=False,
                widget=forms.Textarea(attrs={"rows": 2, "placeholder": "低于满分时必填"}))

    def rows(self):
        """[(points field, note field)] per line, for the template."""
        return [(self[f"{line}_points"], self[f"{line}_note"]) for line in services.MANUAL_LINES]

    def save(self, user, via="form"):
        if not self.is_valid():
            return None
        entries = {line: {"points": self.cleaned_data[f"{line}_points"],
                          "note": self.cleaned_data[f"{line}_note"]} for line in services.MANUAL_LINES}
        try:
            return services.save_manual_scores(self.group, self.year, entries, user=user, via=via)
        except ValidationError as exc:
            put_errors(self, exc)
            return None
