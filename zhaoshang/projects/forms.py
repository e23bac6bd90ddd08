"""Forms of the project pages. Parsing and display only: every rule is checked by the services.

Each form's `save(user=…, via=…)` calls a `projects.services` function and puts the service's
`ValidationError({field: 中文原因})` beside the fields (an error on a field the form does not show
goes to the top of the form). It returns the saved object, or None when there were errors.
"""
import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from zhaoshang.org.models import IndustryGroup, Unit
from zhaoshang.org.scope import Scope, is_office, may_approve_exit

from . import services
from .codes import suggested_code
from .models import Project, Stage
from .stages import FORWARD, LABELS, REQUIRED, STAGE_DATE, is_backward, missing_for_next, rank, \
    required_fields, stage_problems

MONEY_HINT = "单位：万元，最多两位小数"


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label, *, required=False):
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2,
                              help_text=MONEY_HINT,
                              widget=forms.NumberInput(attrs={"step": "0.01", "min": "0",
                                                              "class": "money"}))


def text_area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def apply_service_errors(form, exc):
    """A service's ValidationError beside the form's fields; others at the top, with the label."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field, messages in errors.items():
        for message in messages:
            if field in form.fields and not form.fields[field].widget.is_hidden:
                form.add_error(field, message)
            elif field in ("__all__", "stage") or field not in LABELS:
                form.add_error(None, message)
            else:
                form.add_error(None, f"{LABELS[field]}：{message}")


class ServiceForm(forms.Form):
    """A form whose `save` runs one service call and maps its errors onto the fields."""

    def call(self, service, *args, **kwargs):
        try:
            return service(*args, **kwargs)
        except ValidationError as exc:
            apply_service_errors(self, exc)
            return None


# --- Project create / edit -------------------------------------------------------------------

SECTIONS = [
    ("基本信息", ["code", "name", "group", "investor", "origin", "industrial", "emerging", "sanqi",
              "sanqi_batch"]),
    ("投资", ["total_investment"]),
    ("阶段与日期", ["stage", "signed_on", "started_on", "producing_on"]),
    ("建设", ["location", "content", "progress", "problems"]),
    ("退出", ["exited_on", "exit_reason", "exit_reason_text"]),
]
FORM_FIELDS = [name for _, names in SECTIONS for name in names]
DATE_FIELDS = ["signed_on", "started_on", "producing_on", "exited_on"]


def stage_hint():
    """What each stage needs (SPEC §4), for the create form: '登记为签约须填：…；开工另须：…'."""
    parts = []
    for step in FORWARD:
        if step in REQUIRED:
            verb = "须填" if not parts else "另须"
            parts.append(f"{step.label}{verb}{'、'.join(LABELS[f] for f in REQUIRED[step])}")
    return f"登记为{'；'.join(parts)}。"


class ProjectForm(ServiceForm):
    """新建 (`project=None`) or 修改 a project through `services.save_project`.

    A new project may start at any stage before 退出 with what that stage needs; an existing
    project changes its stage on the detail page (StageMoveForm), so here only the dates its
    stage has reached are offered, and the exit fields only once it has exited.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, user, project=None):
        self.user, self.project = user, project
        initial = {}
        if project is not None:
            initial = {name: getattr(project, name) for name in FORM_FIELDS if name != "group"}
            initial.update(group=project.group_id, version=project.version)
        elif data is None:  # a posted form keeps what was typed: no suggestion to compute
            initial = self.new_project_initial()
        super().__init__(data, initial=initial)
        fields = forms.fields_for_model(Project, fields=FORM_FIELDS)
        for name in self.field_names():
            field = fields[name]
            field.required = False  # the service says what is missing, in its own words
            self.fields[name] = field
        self.setup_fields()

    def new_project_initial(self):
        """A liaison of one group gets it chosen, and the next free 项目编号 of its pattern."""
        editable = Scope.editable_by(self.user)
        groups = list(editable.filter(IndustryGroup.objects.all()).values_list("pk", flat=True)[:2])
        initial = {"group": groups[0]} if len(groups) == 1 else {}
        code = suggested_code(editable.filter(Project.objects.all(), "group_id"))
        return {**initial, "code": code} if code else initial

    @property
    def required_names(self):
        """The fields saving needs (marked *): always these three, and what the stage needs."""
        if self.project is None:
            return {"code", "name", "group", "stage"}
        return {"code", "name", "group", *required_fields(self.project.stage)}

    def field_names(self):
        names = [n for n in FORM_FIELDS if n not in ("stage", *DATE_FIELDS, "exit_reason",
                                                      "exit_reason_text")]
        if self.project is None:
            return [*names, "stage", "signed_on", "started_on", "producing_on"]
        stage = self.project.stage
        reached = set()
        if stage == Stage.EXITED:
            reached = {"exited_on", "exit_reason", "exit_reason_text"}
        else:
            reached = {STAGE_DATE[s] for s in FORWARD[: rank(stage) + 1] if s in STAGE_DATE}
        reached |= {f for f in DATE_FIELDS if getattr(self.project, f)}
        return [*names, *(f for f in ["signed_on", "started_on", "producing_on", "exited_on",
                                      "exit_reason", "exit_reason_text"] if f in reached)]

    def setup_fields(self):
        groups = Scope.editable_by(self.user).filter(IndustryGroup.objects.order_by("position", "id"))
        group = forms.ModelChoiceField(groups, label="产业招商组", required=False,
                                       empty_label="请选择产业招商组")
        self.fields["group"] = group
        self.order_fields([n for n in FORM_FIELDS if n in self.fields])
        self.fields["total_investment"] = money_field("总投资（万元）")
        for name in DATE_FIELDS:
            if name in self.fields:
                self.fields[name].widget = date_input()
        for name in ("content", "progress", "problems"):
            self.fields[name].widget = text_area()
        for name in ("origin", "exit_reason"):
            if name in self.fields:
                self.fields[name].choices = [("", "—"), *self.fields[name].choices[1:]]
        if "stage" in self.fields:
            self.fields["stage"].choices = [(s.value, s.label) for s in FORWARD]
        self.fields["code"].help_text = ("全县唯一，导入台账时按编号识别项目"
                                         + ("；已按本组编号规则填入下一个可用编号" if self.initial.get("code") else ""))
        self.fields["sanqi_batch"].help_text = "三企入桂项目的签约批次，例如“2021年第一批”"
        for name in ("progress", "problems"):
            self.fields[name].help_text = "台账中的简要情况；逐条记录请在项目页面的“进展情况”“存在问题”中填写"

    def sections(self):
        """[(title, [bound fields])] in the page's order, empty sections left out."""
        result = []
        for title, names in SECTIONS:
            bound = [self[n] for n in names if n in self.fields]
            if bound:
                result.append((title, bound))
        return result

    def values(self):
        values = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        for key, value in values.items():
            if value is None and key not in ("group", "total_investment", *DATE_FIELDS):
                values[key] = ""
        return values

    def save(self, *, via="form"):
        version = self.cleaned_data.get("version") if self.project else None
        if self.project is not None and version is None:
            self.add_error(None, "表单缺少版本号，请刷新页面后重新修改")
            return None
        return self.call(services.save_project, self.values(), project=self.project, user=self.user,
                         via=via, expected_version=version)

    def changed_by_others(self, current):
        """After a stale save: [(label, the stored value, what the user typed)] that differ.

        The form then carries the stored version, so saving again is a deliberate overwrite.
        """
        differences = []
        for name in self.fields:
            if name == "version" or name not in self.cleaned_data:
                continue
            mine = self.cleaned_data[name]
            stored = current.group if name == "group" else getattr(current, name)
            if (mine or None) != (stored or None):
                field = self.fields[name]
                differences.append((field.label, display_value(field, stored),
                                    display_value(field, mine)))
        data = self.data.copy()
        data["version"] = current.version
        self.data = data
        self.errors.pop(NON_FIELD_ERRORS, None)  # the page explains the conflict itself
        return differences


def display_value(field, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return value.isoformat()
    choices = dict(getattr(field, "choices", None) or [])
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    return str(choices.get(value, value))


# --- Stage move ------------------------------------------------------------------------------

# The fields a stage may ask for (SPEC §4); which of them a move shows depends on the target.
NEED_FIELDS = ["signed_on", "investor", "origin", "total_investment", "started_on", "producing_on",
               "exited_on", "exit_reason", "exit_reason_text"]


def stage_targets(project, user):
    """[(stage, label)] `user` may choose for `project`: forward, 退出 with approval, and
    (office only) earlier stages as a correction."""
    may_correct = is_office(user)
    choices = []
    for stage in [*FORWARD, Stage.EXITED]:
        if stage == project.stage:
            continue
        if stage == Stage.EXITED:
            if project.stage == Stage.PRODUCING or not may_approve_exit(user, project.group_id):
                continue
            choices.append((stage.value, stage.label))
        elif is_backward(project.stage, stage):
            if may_correct:
                choices.append((stage.value, f"{stage.label}（更正，回退）"))
        else:
            choices.append((stage.value, stage.label))
    return choices


class StageMoveForm(ServiceForm):
    """Move a project to another stage through `services.move_stage` (detail page and board).

    The target comes from the bound data's `to_stage`, or `to_stage=` (a board drop). The form
    offers only what the target still needs (`needs`: field names, `missing_labels`); the other
    fields keep their stored values. `blocked` lists what no field can fix (a correction by
    someone not in the office, an exit without approval): show it and offer no submit.
    """

    to_stage = forms.ChoiceField(label="目标阶段")
    reason = forms.CharField(label="原因", required=False, max_length=500, widget=text_area(2),
                             help_text="阶段回退（更正）时必填，记入阶段变更记录")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, project, user, to_stage=None, prefix=None):
        self.project, self.user = project, user
        initial = {name: getattr(project, name) for name in NEED_FIELDS}
        initial.update(version=project.version, to_stage=to_stage)
        super().__init__(data, initial=initial, prefix=prefix)
        self.fields["to_stage"].choices = [("", "请选择"), *stage_targets(project, user)]
        self.target = (self.data.get(self.add_prefix("to_stage")) if self.is_bound else to_stage) or ""
        self.target = Stage(self.target) if self.target in Stage.values else None
        self.backward = bool(self.target) and is_backward(project.stage, self.target)
        values = services.values_of(project)
        if self.backward:
            services.clear_later_dates(values, self.target)  # as the service will
        problems = stage_problems(values, self.target) if self.target else {}
        self.needs = [n for n in NEED_FIELDS if n in problems]
        if self.target == Stage.EXITED and "exit_reason_text" not in self.needs:
            self.needs.append("exit_reason_text")  # needed when the reason chosen is 其他
        self.missing_labels = [LABELS[n] for n in self.needs if n in problems]
        self.blocked = []
        if self.target and self.target != project.stage:
            transition = services.transition_problems(values, project.stage, self.target, user=user,
                                                      reason="-", group_id=project.group_id)
            self.blocked = list(transition.values())
            if "stage" in problems and problems["stage"] not in self.blocked:
                self.blocked.append(problems["stage"])
        fields = forms.fields_for_model(Project, fields=self.needs)
        for name in self.needs:
            field = money_field("总投资（万元）") if name == "total_investment" else fields[name]
            field.required = False
            if name in ("origin", "exit_reason"):
                field.choices = [("", "—"), *field.choices[1:]]
            if name in DATE_FIELDS:
                field.widget = date_input()
            self.fields[name] = field
        if "exit_reason_text" in self.fields:
            self.fields["exit_reason_text"].help_text = "退出原因为「其他」时必填"
        if self.backward:
            self.fields["reason"].label = "更正原因"
            self.fields["reason"].help_text = "必填，记入阶段变更记录"
        self.order_fields(["to_stage", *self.needs, "reason", "version"])

    def needed_fields(self):
        return [self[name] for name in self.needs]

    def changes(self):
        """The needed fields as typed (empty ones too: the service names what is missing)."""
        return {name: self.cleaned_data.get(name) for name in self.needs}

    def save(self, *, via="form"):
        data = self.cleaned_data
        return self.call(services.move_stage, self.project, data["to_stage"], user=self.user,
                         reason=data.get("reason", ""), via=via,
                         expected_version=data.get("version"), **self.changes())


def stage_needs(project):
    """For `_stage_needs.html`: each later stage with what it still needs, e.g.
    [{"stage": "started", "label": "开工", "missing": ["开工日期"], "ready": False}]."""
    values = services.values_of(project)
    needs = []
    for stage, problems in missing_for_next(values, project.stage).items():
        # "进入「开工」阶段须填写开工日期" → "开工日期"; other problems (date order) as they are.
        missing = [LABELS[f] if m.startswith("进入「") else m for f, m in problems.items()]
        needs.append({"stage": stage.value, "label": stage.label, "missing": missing,
                      "ready": not problems})
    return needs


# --- Funds records ---------------------------------------------------------------------------

class FundsForm(ServiceForm):
    """登记 (`funds=None`) or 修改 one FundsRecord through add_funds / update_funds."""

    date = forms.DateField(label="到位日期", required=False, widget=date_input())
    amount = money_field("金额（万元）")
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, data=None, *, project, user, funds=None, prefix=None):
        self.project, self.user, self.funds = project, user, funds
        initial = {}
        if funds is not None:
            initial = {"date": funds.date, "amount": funds.amount, "note": funds.note}
        super().__init__(data, initial=initial, prefix=prefix)
        if funds is not None:
            self.fields["reason"] = forms.CharField(label="修改原因", required=False, max_length=500,
                                                    help_text="记入变更记录")

    def save(self, *, via="form"):
        data = self.cleaned_data
        amount = data.get("amount")
        amount = "" if amount is None else amount
        if self.funds is None:
            return self.call(services.add_funds, self.project, date=data.get("date"), amount=amount,
                             note=data.get("note", ""), user=self.user, via=via)
        return self.call(services.update_funds, self.funds, date=data.get("date"), amount=amount,
                         note=data.get("note", ""), reason=data.get("reason", ""), user=self.user,
                         via=via)


class FundsRemoveForm(ServiceForm):
    reason = forms.CharField(label="删除原因", required=False, max_length=500, widget=text_area(2),
                             help_text="必填，记入变更记录")

    def __init__(self, data=None, *, funds, user):
        self.funds, self.user = funds, user
        super().__init__(data)

    def save(self, *, via="form"):
        done = self.call(services.remove_funds, self.funds, reason=self.cleaned_data.get("reason", ""),
                         user=self.user, via=via)
        return None if self.errors else (done or True)


# --- Progress notes and problems -------------------------------------------------------------

class NoteForm(ServiceForm):
    date = forms.DateField(label="日期", required=False, widget=date_input())
    text = forms.CharField(label="进展情况", required=False, widget=text_area(3))

    def __init__(self, data=None, *, project, user, prefix="note"):
        self.project, self.user = project, user
        super().__init__(data, initial={"date": timezone.localdate()}, prefix=prefix)

    def save(self, *, via="form"):
        data = self.cleaned_data
        return self.call(services.add_note, self.project, date=data.get("date"),
                         text=data.get("text", ""), user=self.user, via=via)


class IssueForm(ServiceForm):
    raised_on = forms.DateField(label="提出日期", required=False, widget=date_input())
    text = forms.CharField(label="存在问题", required=False, widget=text_area(3))
    owner_unit = forms.ModelChoiceField(Unit.objects.order_by("name"), label="责任单位",
                                        required=False, empty_label="—")
    due_on = forms.DateField(label="办结期限", required=False, widget=date_input())

    def __init__(self, data=None, *, project, user, prefix="issue"):
        self.project, self.user = project, user
        super().__init__(data, initial={"raised_on": timezone.localdate(),
                                        "owner_unit": project.group.lead_unit_id}, prefix=prefix)

    def save(self, *, via="form"):
        data = self.cleaned_data
        return self.call(services.add_issue, self.project, raised_on=data.get("raised_on"),
                         text=data.get("text", ""), owner_unit=data.get("owner_unit"),
                         due_on=data.get("due_on"), user=self.user, via=via)


class ResolveIssueForm(ServiceForm):
    resolution = forms.CharField(label="解决情况", required=False, widget=text_area(2))
    resolved_on = forms.DateField(label="解决日期", required=False, widget=date_input())

    def __init__(self, data=None, *, issue, user):
        self.issue, self.user = issue, user
        super().__init__(data, initial={"resolved_on": timezone.localdate()},
                         prefix=f"resolve{issue.pk}")

    def save(self, *, via="form"):
        data = self.cleaned_data
        return self.call(services.resolve_issue, self.issue, resolution=data.get("resolution", ""),
                         resolved_on=data.get("resolved_on"), user=self.user, via=via)
