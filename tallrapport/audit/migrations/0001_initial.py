"""The audit trail table."""

import django.db.models.deletion
import django.db.models.functions.datetime
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(),
                        default=django.utils.timezone.now,
                        verbose_name="tidspunkt",
                    ),
                ),
                (
                    "actor_username",
                    models.CharField(blank=True, max_length=150, verbose_name="brukernavn"),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("create", "Opprettet"),
                            ("update", "Endret"),
                            ("delete", "Slettet"),
                            ("view", "Vist"),
                            ("export", "Eksportert"),
                            ("publish", "Publisert"),
                            ("login", "Logget inn"),
                            ("close", "Låst"),
                            ("reopen", "Gjenåpnet"),
                            ("late_create", "Etterregistrert"),
                            ("late_update", "Endret i låst år"),
                            ("retention", "Redusert etter oppbevaringstid"),
                        ],
                        max_length=20,
                        verbose_name="handling",
                    ),
                ),
                ("target_type", models.CharField(max_length=40, verbose_name="type")),
                ("target_id", models.CharField(blank=True, max_length=100, verbose_name="id")),
                ("changes", models.JSONField(blank=True, default=dict, verbose_name="endringer")),
                ("reason", models.TextField(blank=True, verbose_name="begrunnelse")),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP-adresse"),
                ),
                (
                    "request_id",
                    models.CharField(blank=True, max_length=64, verbose_name="forespørsel"),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="utført av",
                    ),
                ),
            ],
            options={
                "verbose_name": "logginnslag",
                "verbose_name_plural": "revisjonslogg",
                "ordering": ["-at", "-id"],
                "indexes": [
                    models.Index(fields=["target_type", "target_id"], name="audit_target"),
                    models.Index(fields=["at"], name="audit_at"),
                    models.Index(fields=["actor", "at"], name="audit_actor_at"),
                ],
            },
        ),
    ]
