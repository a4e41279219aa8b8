"""The ministries named in the 2017–2020 final report («Ansvarlige departementer»)."""

from django.db import migrations

MINISTRIES = [
    ("ASD", "Arbeids- og sosialdepartementet"),
    ("BFD", "Barne- og familiedepartementet"),
    ("HOD", "Helse- og omsorgsdepartementet"),
    ("JD", "Justis- og beredskapsdepartementet"),
    ("KUD", "Kulturdepartementet"),
    ("KD", "Kunnskapsdepartementet"),
    ("UD", "Utenriksdepartementet"),
]


def load(apps, schema_editor):
    Ministry = apps.get_model("plans", "Ministry")
    for order, (code, name) in enumerate(MINISTRIES, start=1):
        Ministry.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


def unload(apps, schema_editor):
    apps.get_model("plans", "Ministry").objects.filter(code__in=[c for c, _ in MINISTRIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
