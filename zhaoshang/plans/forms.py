"""Forms of the 目标调整 pages. Parsing and display only: every rule is the workflow's.

A workflow ValidationError({field: 中文原因}) is put beside its field; `save` returns the saved
request, or None when there were errors (the view answers 400 with the form).
"""
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
