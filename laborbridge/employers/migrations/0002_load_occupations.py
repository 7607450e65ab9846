from django.db import migrations

from laborbridge.employers.occupations import OCCUPATIONS


def load(apps, schema_editor):
    Occupation = apps.get_model("employers", "Occupation")
    for sort, (name, code) in enumerate(OCCUPATIONS):
        Occupation.objects.update_or_create(name=name, defaults={"code": code, "sort": sort})


class Migration(migrations.Migration):
    dependencies = [("employers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
