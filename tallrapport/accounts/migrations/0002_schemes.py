from django.db import migrations

from tallrapport.accounts.schemes import load_schemes


def forwards(apps, schema_editor):
    load_schemes(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
