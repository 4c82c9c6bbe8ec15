from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0006_reference_list_shared"),
    ]

    operations = [
        migrations.AddField(
            model_name="nominationupload",
            name="recognition",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
