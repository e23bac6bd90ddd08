"""Units, the industry groups and who works in them (SPEC §1, §2)."""
from django.conf import settings
from django.db import models


class Unit(models.Model):
    """An organisation: a county bureau, a township, a company (牵头单位 / 协办单位)."""

    PAGE = "units:unit"  # its page, linked from the change log (core.changelog)
    name = models.CharField("单位名称", max_length=100, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @staticmethod
    def scope_filter(group_ids):
        """A unit belongs to the groups it leads or co-works in (for `restrict`)."""
        return models.Q(led_groups__in=group_ids) | models.Q(co_groups__in=group_ids)


class IndustryGroup(models.Model):
    """产业招商组: one of the groups of 附件1, with its lead unit and co-units."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("产业招商组", max_length=50, unique=True)
    lead_unit = models.ForeignKey(Unit, verbose_name="牵头单位", on_delete=models.PROTECT,
                                  related_name="led_groups")
    co_units = models.ManyToManyField(Unit, verbose_name="协办单位", through="CoUnit",
                                      related_name="co_groups", blank=True)
    commander = models.CharField("指挥长", max_length=50, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "产业招商组"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def co_unit_names(self):
        return [link.unit.name for link in self.co_unit_links.select_related("unit")]


class CoUnit(models.Model):
    """A co-unit of a group, in the order 附件1 lists them."""

    group = models.ForeignKey(IndustryGroup, on_delete=models.CASCADE, related_name="co_unit_links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "协办单位"
        ordering = ["group", "position"]
        constraints = [models.UniqueConstraint(fields=["group", "unit"], name="co_unit_once")]

    def __str__(self):
        return f"{self.group} · {self.unit}"


class Liaison(models.Model):
    """项目进度联络员: each lead unit names one leader and one staff member (seed §四(二)2)."""

    SCOPE = "group_id"

    class Kind(models.TextChoices):
        LEADER = "leader", "分管领导"
        STAFF = "staff", "业务人员"

    group = models.ForeignKey(IndustryGroup, verbose_name="产业招商组", on_delete=models.CASCADE,
                              related_name="liaisons")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "联络员"
        ordering = ["group", "kind", "id"]

    def __str__(self):
        return f"{self.name}（{self.group.name}{self.get_kind_display()}）"


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    OFFICE = "office", "领导小组办公室"
    LEADER = "leader", "县领导"
    COMMANDER = "commander", "指挥长"
    LIAISON = "liaison", "联络员"
    CO_UNIT = "co_unit", "协办单位"
    HANDLER = "handler", "承办单位"


# Roles whose scope is the whole county; the others see their own group(s) only (SPEC §1).
COUNTY_ROLES = {Role.ADMIN, Role.OFFICE, Role.LEADER}


class Membership(models.Model):
    """A user holds a role, for one group where the role is a group's (SPEC §1)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    group = models.ForeignKey(IndustryGroup, verbose_name="产业招商组", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "group"], name="membership_once"),
        ]

    def __str__(self):
        where = f" · {self.group}" if self.group_id else ""
        return f"{self.user} · {self.get_role_display()}{where}"


def memberships_of(user):
    """[(role, group id)] of `user`, read once per user object (one request's): the menu, the
    scope rule and the role checks all ask."""
    cached = getattr(user, "_zs_memberships", None)
    if cached is None:
        cached = list(user.memberships.values_list("role", "group_id"))
        user._zs_memberships = cached
    return cached


def roles_of(user):
    """The set of roles `user` holds; a superuser is always admin."""
    if not getattr(user, "is_authenticated", False):
        return set()
    roles = {role for role, _ in memberships_of(user)}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles
