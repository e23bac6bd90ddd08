from django.conf import settings
from django.db import migrations, models


def fill_usernames(apps, schema_editor):
    """Records written before the column existed get the name of the user they link to."""
    ChangeRecord = apps.get_model("core", "ChangeRecord")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for pk, name in User.objects.filter(pk__in=ChangeRecord.objects.values("user_id")) \
            .values_list("pk", "username"):
        ChangeRecord.objects.filter(user_id=pk).update(username=name)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='changerecord',
            name='username',
            field=models.CharField(blank=True, db_index=True, max_length=150, verbose_name='操作人用户名'),
        ),
        migrations.RunPython(fill_usernames, migrations.RunPython.noop),
    ]
