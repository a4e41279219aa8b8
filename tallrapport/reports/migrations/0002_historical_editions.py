from django.db import migrations

from tallrapport.reports.history import load_historical_editions


def load(apps, schema_editor):
    load_historical_editions(apps)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_editions"), ("cases", "0002_classifications")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
