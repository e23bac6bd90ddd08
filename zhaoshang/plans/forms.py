"""Forms of the 目标调整 and 年度计划 pages. Parsing and display only: the rules are the workflow's and annual's.

A workflow ValidationError({field: 中文原因}) is put beside its field; `save` returns the saved
request, or None when there were errors (the view answers 400 with the form).
"""
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from . import workflow
from .models import AdjustmentLine

Target = AdjustmentLine.Target


def put_errors(form, exc):
    """Each message beside its field; the rest at the top of the form."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for name, messages in errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class AdjustmentForm(forms.Form):
    """A new request for one GroupTarget, or the resubmission of a rejected one (`previous`)."""

    reason = forms.CharField(
        label="不可抗力说明", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="说明发生了何种不可抗力、对目标完成的影响，以及调整的依据（一般情况不得调整目标）")
    attachment = forms.FileField(
        label="调整请示（扫描件）", required=False,
        help_text=f"经指挥长签字的调整请示，{workflow.ATTACHMENT_TYPES_TEXT}，"
                  f"不超过 {workflow.MAX_ATTACHMENT_BYTES // 1024 // 1024} MB")

    def __init__(self, data=None, files=None, *, user, target, previous=None):
        self.user, self.target, self.previous = user, target, previous
        initial = {}
        if previous is not None:
            initial = {line.field: self.shown(line.field, line.adjusted) for line in previous.lines.all()}
            initial["reason"] = previous.reason
        super().__init__(data, files, initial=initial)
        for field in workflow.TARGET_FIELDS:
            money = field in workflow.MONEY_TARGETS
            self.fields[field] = forms.CharField(
                label=f"{Target(field).label}{'（万元）' if money else '（个）'}", required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal" if money else "numeric",
                                              "class": "money" if money else "count",
                                              "autocomplete": "off", "placeholder": "不调整则留空"}))
        if previous is not None and hasattr(previous, "attachment"):
            self.fields["attachment"].help_text = (f"不上传则沿用原申请的附件「{previous.attachment.filename}」；"
                                                   + self.fields["attachment"].help_text)
        self.order_fields([*workflow.TARGET_FIELDS, "reason", "attachment"])

    @staticmethod
    def shown(field, value):
        return f"{value}" if field in workflow.MONEY_TARGETS else f"{int(value)}"

    def target_rows(self):
        """[(bound field, the target's current value)] for the table of targets on the form."""
        rows = []
        for field in workflow.TARGET_FIELDS:
            value = workflow.current_value(self.target, field)
            text = workflow.value_text(field, value)
            if field in workflow.MONEY_TARGETS:
                text += f"（{workflow.value_text(field, value, yi_unit=True)}）"
            rows.append((self[field], text))
        return rows

    def save(self, *, via="form"):
        changes = {field: self.cleaned_data.get(field) for field in workflow.TARGET_FIELDS}
        try:
            return workflow.submit_adjustment(
                self.target, changes, reason=self.cleaned_data.get("reason"),
                attachment=self.cleaned_data.get("attachment"), user=self.user,
                previous=self.previous, via=via)
        except ValidationError as exc:
            put_errors(self, exc)
            return None


class DecisionForm(forms.Form):
    """同意 (the current step: sign, review or approve) or 退回, with a comment."""

    decision = forms.ChoiceField(choices=[("agree", "同意"), ("reject", "退回")])
    # The status the page was showing: a step taken meanwhile by someone else is not repeated.
    step = forms.CharField(required=False, widget=forms.HiddenInput)
    comment = forms.CharField(label="意见", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="同意时可不填；退回时必须填写退回原因")

    def __init__(self, data=None, *, user, adjustment):
        self.user, self.adjustment = user, adjustment
        super().__init__(data, initial={"step": adjustment.status})

    def save(self, *, via="form"):
        data = self.cleaned_data
        kwargs = {"user": self.user, "comment": data.get("comment", ""), "via": via,
                  "expected_status": data.get("step") or None}
        try:
            if data["decision"] == "reject":
                return workflow.reject_adjustment(self.adjustment, **kwargs)
            return workflow.agree(self.adjustment, **kwargs)
        except ValidationError as exc:
            put_errors(self, exc)
            return None


# 年度计划 (the office enters a new year's plan). Parsing and display only: the rules are `annual`'s.
def money_field(label, **kwargs):
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, localize=True,
                              widget=forms.TextInput(attrs={"class": "money", "inputmode": "decimal"}),
                              **kwargs)


def count_field(label):
    return forms.IntegerField(label=label, widget=forms.NumberInput(attrs={"class": "count", "min": 0}))


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label="年度")
    copy_from = forms.TypedChoiceField(label="底稿", coerce=int, empty_value=None, required=False,
                                       help_text="复制该年度的全县目标、统计起点和各组目标，再逐项修改")

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].choices = [(y, f"{y}年度计划") for y in years] + [("", "不复制（目标均为 0）")]


class PlanForm(forms.Form):
    """The county's fields and, for a draft, each group's four targets (fields CODE-FIELD)."""

    title = forms.CharField(label="方案名称", max_length=200)
    document = forms.CharField(label="文号", max_length=100, required=False,
                               help_text="例如：鹿政办发〔2022〕8号")
    threshold = money_field("统计起点（万元）", help_text="区外总投资达到此数的项目才统计（2021年为 500 万元）")
    funds_target = money_field("区外境内到位资金目标（万元）")
    signed_target = count_field("新签约项目数目标")
    emerging_share = forms.DecimalField(label="新兴产业项目占比目标（%）", max_digits=3, decimal_places=0,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    planned_investment_target = money_field("计划投资总额目标（万元）")
    industrial_target = count_field("新引进工业项目目标")
    major_industrial_target = count_field("亿元工业项目目标")
    reason = forms.CharField(label="修改说明", max_length=200, required=False)

    COUNTY = ["threshold", "funds_target", "signed_target", "emerging_share",
              "planned_investment_target", "industrial_target", "major_industrial_target"]
    TARGETS = [("funds_target", money_field, "到位资金（万元）"), ("signed_target", count_field, "新签约"),
               ("industrial_target", count_field, "工业项目"),
               ("major_industrial_target", count_field, "亿元工业项目")]

    def __init__(self, *args, plan, **kwargs):
        targets = list(plan.targets.select_related("group"))
        initial = {name: getattr(plan, name) for name in ["title", "document", *self.COUNTY]
                   if name != "emerging_share"}
        initial["emerging_share"] = (plan.emerging_share_target * 100).quantize(Decimal(1))
        for target in targets:
            for field, _, _ in self.TARGETS:
                initial[f"{target.group.code}-{field}"] = getattr(target, field)
        super().__init__(*args, initial=initial, **kwargs)
        self.plan, self.draft = plan, plan.status == plan.Status.DRAFT
        self.rows = []
        for target in targets:
            names = []
            for field, make, label in self.TARGETS:
                name = f"{target.group.code}-{field}"
                self.fields[name] = make(f"{target.group.name}{label}")
                names.append(name)
            self.rows.append((target.group, [self[name] for name in names]))
        if not self.draft:  # issued: the numbers are shown, not sent (a disabled field keeps its initial)
            for name, field in self.fields.items():
                if name not in ("title", "document", "reason"):
                    field.disabled = True

    def county_fields(self):
        return [self[name] for name in self.COUNTY]

    def values(self):
        data = self.cleaned_data
        values = {"title": data["title"], "document": data["document"]}
        if self.draft:
            values.update({name: data[name] for name in self.COUNTY if name != "emerging_share"})
            values["emerging_share_target"] = data["emerging_share"] / 100
        return values

    def targets(self):
        if not self.draft:
            return None
        return {group.code: {field: self.cleaned_data[f"{group.code}-{field}"] for field, _, _ in self.TARGETS}
                for group, _ in self.rows}

    def put(self, exc):
        """The service's errors beside their fields (`emerging_share_target` is shown as a %)."""
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        for name, messages in errors.items():
            name = "emerging_share" if name == "emerging_share_target" else name
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
