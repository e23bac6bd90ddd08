"""人员管理: the office's pages for users, their roles and accounts (issue 3).

Only the office (and admin) may open them; everyone else gets 403, and the sign-in middleware
sends anonymous visitors to the login page. Every change goes through `services`.
"""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from . import services
from .forms import MembershipForm, PersonCreateForm, ProfileForm, ResetPasswordForm, ordered_groups
from .models import Membership, Role
from .scope import office_required

PER_PAGE = 50
STATUSES = [("", "全部"), ("active", "启用"), ("inactive", "已停用")]


office_only = office_required("人员管理只对领导小组办公室开放。")


def people():
    memberships = Membership.objects.select_related("group").order_by("role", "group__position")
    return get_user_model().objects.prefetch_related(Prefetch("memberships", queryset=memberships))


@office_only
@require_safe  # reads only: a POST is 405
def people_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "role", "group", "status")}
    users = people().order_by("username")
    if filters["q"]:
        q = filters["q"]
        users = users.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(email__icontains=q))
    if filters["role"] in Role.values:
        users = users.filter(memberships__role=filters["role"])
    if filters["group"]:
        users = users.filter(memberships__group__code=filters["group"])
    if filters["status"] == "active":
        users = users.filter(is_active=True)
    elif filters["status"] == "inactive":
        users = users.filter(is_active=False)
    page = Paginator(users.distinct(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "org/people_list.html", {
        "page": page, "filters": filters, "roles": Role.choices, "groups": ordered_groups(),
        "statuses": STATUSES, "active": any(filters.values()),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    })


@office_only
def person_create(request):
    form = PersonCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        if person is not None:
            messages.success(request, f"已新建用户 {person.username}")
            return redirect("people:detail", person.pk)
    return render(request, "org/person_form.html", {"form": form}, status=400 if form.errors else 200)


def detail(request, person, status=200, **bound):
    """The person's page; `bound` holds the form that failed, shown with its errors."""
    actor = request.user
    forms = {
        "profile_form": ProfileForm(person=person, actor=actor),
        "membership_form": MembershipForm(person=person, actor=actor),
        "password_form": ResetPasswordForm(person=person, actor=actor),
        "active_error": None,
        **bound,
    }
    return render(request, "org/person_detail.html", {
        "person": person, "memberships": person.memberships.all(), "is_self": person.pk == actor.pk,
        **forms,
    }, status=status)


def person_of(pk):
    return get_object_or_404(people(), pk=pk)


@office_only
@require_safe  # reads only: a POST is 405
def person_detail(request, pk):
    return detail(request, person_of(pk))


def posted(request, pk, form_class, name, done):
    """Handle one of the detail page's forms: on success back to the page, else 400 with errors."""
    person = person_of(pk)
    form = form_class(request.POST, person=person, actor=request.user)
    if form.is_valid() and form.save() is not None:
        messages.success(request, done)
        return redirect("people:detail", person.pk)
    return detail(request, person_of(pk), status=400, **{name: form})


@office_only
@require_POST
def person_profile(request, pk):
    return posted(request, pk, ProfileForm, "profile_form", "已保存姓名和电子邮箱")


@office_only
@require_POST
def membership_add(request, pk):
    return posted(request, pk, MembershipForm, "membership_form", "已增加角色")


@office_only
@require_POST
def person_password(request, pk):
    return posted(request, pk, ResetPasswordForm, "password_form",
                  "已重置密码，请告知本人；本人下次登录时须修改密码")


@office_only
@require_POST
def membership_remove(request, pk, membership_pk):
    person = person_of(pk)
    membership = get_object_or_404(person.memberships.all(), pk=membership_pk)
    try:
        services.remove_membership(membership, actor=request.user, via="form")
    except ValidationError as exc:
        return detail(request, person, status=400, role_error="；".join(exc.messages))
    messages.success(request, f"已取消角色：{membership.get_role_display()}")
    return redirect("people:detail", person.pk)


@office_only
@require_POST
def person_active(request, pk):
    person = person_of(pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(person, active, actor=request.user, via="form")
    except ValidationError as exc:
        return detail(request, person_of(pk), status=400, active_error="；".join(exc.messages))
    messages.success(request, "已启用账号" if active else "已停用账号，该用户不能再登录")
    return redirect("people:detail", person.pk)
