"""Investment projects, their stage log and funds in place (SPEC §4, §10)."""
from django.conf import settings
from django.db import models

from zhaoshang.core.money import MoneyField
from zhaoshang.org.models import IndustryGroup

# 1 亿元: an industrial project from this total investment is a 亿元工业项目 (SPEC §2).
MAJOR_INVESTMENT = 10000


class Origin(models.TextChoices):
    DOMESTIC_EXTERNAL = "domestic_external", "区外境内"
    IN_REGION = "in_region", "区内"
    FOREIGN = "foreign", "境外"


class Stage(models.TextChoices):
    LEAD = "lead", "线索"
    NEGOTIATING = "negotiating", "在谈"
    SIGNED = "signed", "签约"
    STARTED = "started", "开工"
    PRODUCING = "producing", "投产"
    EXITED = "exited", "退出"


class ExitReason(models.TextChoices):
    INVESTOR_CHANGED = "investor_changed", "投资方投资有变"
    NO_AGREEMENT = "no_agreement", "双方条件无法达成一致"
    POLICY = "policy", "不符合国家产业政策"
    OTHER = "other", "其他"


class Project(models.Model):
    SCOPE = "group_id"  # how restrict(user) reaches the group (org.scope)
    PAGE = "projects:detail"  # its page, linked from the change log (core.changelog)

    code = models.CharField("项目编号", max_length=40, unique=True)
    name = models.CharField("项目名称", max_length=200)
    investor = models.CharField("投资方", max_length=200, blank=True)
    origin = models.CharField("投资方来源", max_length=20, choices=Origin.choices, blank=True)
    group = models.ForeignKey(IndustryGroup, verbose_name="产业招商组", on_delete=models.PROTECT,
                              related_name="projects")
    industrial = models.BooleanField("工业项目", default=False)
    emerging = models.BooleanField("新兴产业", default=False)
    sanqi = models.BooleanField("三企入桂", default=False)
    sanqi_batch = models.CharField("三企入桂签约批次", max_length=50, blank=True)
    total_investment = MoneyField("总投资（万元）", null=True, blank=True)
    stage = models.CharField("项目阶段", max_length=20, choices=Stage.choices, default=Stage.LEAD)
    signed_on = models.DateField("签约日期", null=True, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    producing_on = models.DateField("投产日期", null=True, blank=True)
    exited_on = models.DateField("退出日期", null=True, blank=True)
    exit_reason = models.CharField("退出原因", max_length=20, choices=ExitReason.choices, blank=True)
    exit_reason_text = models.CharField("退出原因说明", max_length=200, blank=True)
    location = models.CharField("建设地点", max_length=200, blank=True)
    content = models.TextField("建设内容", blank=True)
    progress = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Bumped by every save through the services; a stale edit is refused (optimistic locking).
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "招商项目"
        ordering = ["code"]
        indexes = [
            models.Index(fields=["signed_on", "group"], name="project_signed_group"),
            models.Index(fields=["group", "stage"], name="project_group_stage"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def major_industrial(self):
        return self.industrial and (self.total_investment or 0) >= MAJOR_INVESTMENT


class StageChange(models.Model):
    """One move of a project's stage: who, when, from, to, why (SPEC §4)."""

    SCOPE = "project__group_id"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("原阶段", max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=20, choices=Stage.choices)
    at = models.DateTimeField("时间", auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField("原因", max_length=500, blank=True)
    via = models.CharField("途径", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "阶段变更"
        ordering = ["project", "at", "id"]

    def __str__(self):
        return f"{self.project.code}: {self.from_stage or '—'} → {self.to_stage}"


class FundsRecord(models.Model):
    """到位资金: money that actually arrived for a project on a day, in 万元."""

    SCOPE = "project__group_id"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE,
                                related_name="funds")
    date = models.DateField("到位日期")
    amount = MoneyField("金额（万元）")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "到位资金"
        ordering = ["project", "date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "date"], name="one_funds_record_per_day"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="funds_not_negative"),
        ]
        indexes = [models.Index(fields=["date", "project"], name="funds_date_project")]

    def __str__(self):
        return f"{self.project.code} {self.date} {self.amount}万元"


class ProgressNote(models.Model):
    """进展情况: a dated note on how a project advances, by its author."""

    SCOPE = "project__group_id"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE,
                                related_name="notes")
    date = models.DateField("日期")
    text = models.TextField("进展情况")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("填写时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "进展情况"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.project.code} {self.date} 进展"


class ProjectIssue(models.Model):
    """存在问题: an obstacle on a project needing coordination (SPEC §7 协调服务)."""

    SCOPE = "project__group_id"

    class Status(models.TextChoices):
        OPEN = "open", "待协调"
        RESOLVED = "resolved", "已解决"

    class Level(models.TextChoices):
        LEAD_UNIT = "lead_unit", "牵头单位"
        COMMAND = "command", "招商指挥部"
        LEADING_GROUP = "leading_group", "领导小组"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE,
                                related_name="issues")
    raised_on = models.DateField("提出日期")
    text = models.TextField("存在问题")
    owner_unit = models.ForeignKey("org.Unit", verbose_name="责任单位", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField("办结期限", null=True, blank=True)
    level = models.CharField("协调层级", max_length=20, choices=Level.choices, default=Level.LEAD_UNIT)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField("解决情况", blank=True)
    resolved_on = models.DateField("解决日期", null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("填写时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "存在问题"
        ordering = ["status", "-raised_on", "-id"]

    def __str__(self):
        return f"{self.project.code} {self.raised_on} 问题"


class LedgerUpload(models.Model):
    """A ledger workbook uploaded on the web, kept between its preview and the confirmed import.

    Read once, at the upload: `ledger` holds its rows as parsed and `preview` what the check
    against the database found; confirming imports those rows, if the check still finds the
    same (both are dropped once imported). In the database, not on disk: several app servers
    may stand behind one database.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE,
                             related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    filename = models.CharField("文件名", max_length=255)
    content = models.BinaryField("文件内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    ledger = models.JSONField("台账内容", null=True, blank=True)  # ledger.ledger_to_json
    preview = models.JSONField("预览", null=True, blank=True)  # ImportResult.preview()
    checked_at = models.DateTimeField("核对时间", null=True, blank=True)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    summary = models.CharField("导入结果", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "台账上传"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.filename}（{self.uploaded_at:%Y-%m-%d %H:%M}）"


class ExitRequest(models.Model):
    """退出申请 (SPEC §7 项目退出机制): a group asks to take a project out of the pipeline; the
    group's commander or the office approves (the project then moves to 退出) or rejects."""

    SCOPE = "project__group_id"
    PAGE = "exits:detail"

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已退回"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE,
                                related_name="exit_requests")
    exited_on = models.DateField("退出日期")
    exit_reason = models.CharField("退出原因", max_length=20, choices=ExitReason.choices)
    exit_reason_text = models.CharField("退出原因说明", max_length=200, blank=True)
    note = models.TextField("情况说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目退出申请"
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"退出申请 #{self.pk}（{self.project.code} {self.project.name}）"
