"""@scoped: a page's object comes through the scope before the view runs; a write that takes it
out of the user's scope is undone."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from zhaoshang.core.tests.users import liaison_user
from zhaoshang.org.generic import scoped
from zhaoshang.projects.models import Project
from zhaoshang.projects.tests.factories import group_of, make_project


@scoped(Project.objects.all())
def rename(request, project):
    project.name = request.POST.get("name", project.name)
    if request.POST.get("move"):
        project.group = group_of(request.POST["move"])
    project.save()
    return HttpResponse(project.name)


@pytest.fixture
def project(plan2021):
    return make_project("forestry", code="F-1", name="林木项目")


def post(rf, user, data):
    request = rf.post("/", data)
    request.user = user
    return request


def test_the_view_gets_the_object_not_the_id(rf, project):
    response = rename(post(rf, liaison_user("forestry"), {"name": "改名"}), pk=project.pk)
    assert response.content.decode() == "改名"


def test_an_outsider_gets_404_before_the_view_runs(rf, project):
    with pytest.raises(Http404):
        rename(post(rf, liaison_user("automotive"), {"name": "改名"}), pk=project.pk)
    project.refresh_from_db()
    assert project.name == "林木项目"


def test_a_write_that_leaves_the_scope_is_undone(rf, project):
    with pytest.raises(PermissionDenied, match="数据范围"):
        rename(post(rf, liaison_user("forestry"), {"name": "改名", "move": "automotive"}), pk=project.pk)
    project.refresh_from_db()
    assert (project.name, project.group.code) == ("林木项目", "forestry")
