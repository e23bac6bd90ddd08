"""What every project view needs: the project within the user's scope, and the refusals."""
from django.shortcuts import render

from zhaoshang.org.generic import scoped
from zhaoshang.org.scope import may_edit_group, may_note_group

from ..models import Project

READ_ONLY = "您的角色只能查看该项目，不能修改"
NO_NOTES = "您的角色只能查看该项目，不能填写进展情况或存在问题"


# The project of a page, looked up within the user's scope before the view runs (404 outside).
PROJECTS = Project.objects.select_related("group", "group__lead_unit")
scoped_project = scoped(PROJECTS)


def forbidden(request, message=READ_ONLY):
    return render(request, "projects/message.html",
                  {"title": "没有权限", "message": message}, status=403)


def bad_request(request, message, *, back=None):
    return render(request, "projects/message.html",
                  {"title": "查询参数有误", "message": message, "back": back}, status=400)


def may_edit(request, project):
    return may_edit_group(request.user, project.group_id)


def may_note(request, project):
    return may_note_group(request.user, project.group_id)
