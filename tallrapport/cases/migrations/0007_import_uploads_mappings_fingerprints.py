"""The import of spreadsheets: uploads waiting for confirmation, saved column
mappings per unit, fingerprints of imported rows; and the other names of
countries and referral sources that the advisors' sheets use (loaded again from
``cases/data/``, idempotently)."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def load_names(apps, schema_editor):
    from tallrapport.cases.classifications import load_classifications

    load_classifications(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_schemes"),
        ("activities", "0002_closed_year_triggers"),
        ("cases", "0006_case_timestamps_default"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportedRow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("saker", "Saker"), ("aktiviteter", "Aktiviteter")], max_length=12
                    ),
                ),
                ("fingerprint", models.CharField(max_length=64)),
                ("batch", models.UUIDField()),
                ("imported_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "activity",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="activities.activity",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "innlest rad",
                "verbose_name_plural": "innleste rader",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit", "kind", "fingerprint"), name="importedrow_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("kind", "saker"),
                                ("case__isnull", False),
                                ("activity__isnull", True),
                            ),
                            models.Q(
                                ("kind", "aktiviteter"),
                                ("case__isnull", True),
                                ("activity__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="importedrow_one_record",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ImportMapping",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("saker", "Saker"), ("aktiviteter", "Aktiviteter")], max_length=12
                    ),
                ),
                ("columns", models.JSONField(blank=True, default=dict)),
                ("fixed", models.JSONField(blank=True, default=dict)),
                ("corrections", models.JSONField(blank=True, default=dict)),
                ("saved_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "saved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "lagret kolonnevalg",
                "verbose_name_plural": "lagrede kolonnevalg",
                "constraints": [
                    models.UniqueConstraint(fields=("unit", "kind"), name="importmapping_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["saker", "aktiviteter"])),
                        name="importmapping_kind",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PendingImport",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("saker", "Saker"), ("aktiviteter", "Aktiviteter")], max_length=12
                    ),
                ),
                ("file_name", models.CharField(max_length=200)),
                ("file_format", models.CharField(max_length=4)),
                ("content", models.BinaryField()),
                ("sha256", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("sheet", models.CharField(blank=True, max_length=200)),
                ("header_row", models.PositiveIntegerField(blank=True, null=True)),
                ("columns", models.JSONField(blank=True, default=dict)),
                ("fixed", models.JSONField(blank=True, default=dict)),
                ("corrections", models.JSONField(blank=True, default=dict)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "opplastet regneark",
                "verbose_name_plural": "opplastede regneark",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["saker", "aktiviteter"])),
                        name="pendingimport_kind",
                    )
                ],
            },
        ),
        migrations.RunPython(load_names, migrations.RunPython.noop),
    ]
