from django.db import migrations, models

from laborbridge.workers.derived import id_number_tail_index, worker_derived

BATCH = 2000


def index_the_tails(apps, schema_editor):
    """Fill the tail index of every worker through the one derived-columns path, in batches."""
    Worker = apps.get_model("workers", "Worker")
    last = 0
    while True:
        batch = list(Worker.objects.filter(pk__gt=last).order_by("pk").only("pk", "id_number")[:BATCH])
        if not batch:
            return
        for worker in batch:
            try:
                tail = worker_derived(id_number=worker.id_number)["id_number_tail_bidx"]
            except Exception:  # a number stored under older rules: index the tail as it is stored
                tail = id_number_tail_index(worker.id_number or "")
            worker.id_number_tail_bidx = tail
        Worker.objects.bulk_update(batch, ["id_number_tail_bidx"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    """A keyed index of the ID number's last four characters, for a search by its last 4-6 digits."""

    dependencies = [("workers", "0002_birth_year_only")]

    operations = [
        migrations.AddField(
            model_name="worker",
            name="id_number_tail_bidx",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=40),
        ),
        migrations.RunPython(index_the_tails, migrations.RunPython.noop),
    ]
