from django.db import migrations

from tallrapport.cases.classifications import load_classifications


def forwards(apps, schema_editor):
    load_classifications(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("accounts", "0002_schemes")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
