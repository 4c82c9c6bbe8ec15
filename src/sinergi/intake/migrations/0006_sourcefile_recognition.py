from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0005_sourcefile_notices"),
    ]

    operations = [
        migrations.AddField(
            model_name="sourcefile",
            name="recognition",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
