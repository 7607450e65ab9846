from django.db import migrations, models
from django.db.models.functions import ExtractYear


def keep_the_year(apps, schema_editor):
    Worker = apps.get_model("workers", "Worker")
    Worker.objects.update(birth_year=ExtractYear("birth_date"))


class Migration(migrations.Migration):
    """Keep only the year of birth in the clear; the date stays inside the encrypted ID number."""

    dependencies = [("workers", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="worker",
            name="birth_year",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="出生年份"),
            preserve_default=False,
        ),
        migrations.RunPython(keep_the_year, migrations.RunPython.noop),
        migrations.RemoveField(model_name="worker", name="birth_date"),
    ]
