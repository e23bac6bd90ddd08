from django.db import migrations, models


class Migration(migrations.Migration):
    """Plans loaded so far are issued documents; a plan the office creates starts as a draft."""

    dependencies = [("plans", "0002_target_adjustments")]

    operations = [
        migrations.AddField(
            model_name="annualplan", name="status",
            field=models.CharField(choices=[("draft", "草案"), ("issued", "已下达")], default="issued",
                                   max_length=10, verbose_name="状态")),
        migrations.AlterField(
            model_name="annualplan", name="status",
            field=models.CharField(choices=[("draft", "草案"), ("issued", "已下达")], default="draft",
                                   max_length=10, verbose_name="状态")),
        migrations.AddField(
            model_name="annualplan", name="issued_on",
            field=models.DateField(blank=True, null=True, verbose_name="下达日期")),
    ]
