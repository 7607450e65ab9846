from django.db import migrations, models


class Migration(migrations.Migration):
    """A hire's (录用) stated monthly income, kept on its step as on the spell it opened."""

    dependencies = [("employment", "0003_referrals_followups")]

    operations = [
        migrations.AddField(
            model_name="referralstep",
            name="monthly_income",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="月收入（元）"),
        ),
    ]
