"""`change_values`, the bulk writers' change record, gives what `change_record` gives."""
from types import SimpleNamespace

import pytest

from zhaoshang.core.audit import CHANGE_COLUMNS, change_record, change_values, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import office_user
from zhaoshang.projects.models import FundsRecord, Project
from zhaoshang.projects.services import FUNDS_FIELDS, PROJECT_FIELDS
from zhaoshang.projects.tests.factories import make_funds, make_project

pytestmark = pytest.mark.django_db


def columns(entry):
    """A ChangeRecord's values in `CHANGE_COLUMNS` order (the user as its pk)."""
    return tuple(getattr(entry, ChangeRecord._meta.get_field(name).attname) for name in CHANGE_COLUMNS)


def test_columns_are_every_column_but_the_id_and_time():
    assert {ChangeRecord._meta.get_field(name).column for name in CHANGE_COLUMNS} == \
        {f.column for f in ChangeRecord._meta.concrete_fields} - {"id", "at"}


def test_same_values_as_change_record_for_an_instance_and_for_plain_values(plan2021):
    user = office_user()
    project = make_project("forestry", code="F-" + "1" * 38, name="项" * 190, total_investment="12000.5")
    funds = make_funds(project, "2021-05-01", "100.1", note="首笔")
    for model, obj, fields in ((Project, project, PROJECT_FIELDS), (FundsRecord, funds, FUNDS_FIELDS)):
        kwargs = {"user": user, "after": snapshot(obj, fields), "reason": "原因" * 300, "via": "import",
                  "group_id": project.group_id}
        expected = columns(change_record(obj, ChangeRecord.Action.CREATE, **kwargs))
        assert change_values(model, obj, ChangeRecord.Action.CREATE, **kwargs) == expected
        # What a bulk writer holds instead of an instance: the values and the related objects.
        plain = SimpleNamespace(pk=obj.pk, **{name: getattr(obj, name) for name in fields},
                                project=getattr(obj, "project", None))
        assert snapshot(plain, fields) == kwargs["after"]
        assert change_values(model, plain, ChangeRecord.Action.CREATE, **kwargs) == expected
    assert len(change_values(Project, project, "create")[CHANGE_COLUMNS.index("object_repr")]) == 200


def test_no_user_or_an_unsaved_one_is_recorded_as_none(plan2021):
    project = make_project("forestry")
    for user in (None, office_user().__class__()):
        values = change_values(Project, project, ChangeRecord.Action.UPDATE, user=user,
                               before={"name": "旧"}, after={"name": "新"})
        assert values == columns(change_record(project, ChangeRecord.Action.UPDATE, user=user,
                                               before={"name": "旧"}, after={"name": "新"}))
        assert values[0] is None
