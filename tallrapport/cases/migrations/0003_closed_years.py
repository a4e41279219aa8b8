"""Closed years of cases (see 0004 for the triggers that enforce them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_schemes"),
        ("cases", "0002_classifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="reduced",
            field=models.BooleanField(default=False, editable=False, verbose_name="redusert"),
        ),
        migrations.CreateModel(
            name="ClosedYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="år")),
                ("closed_at", models.DateTimeField(verbose_name="låst")),
                ("reason", models.TextField(blank=True, verbose_name="begrunnelse")),
                ("writable", models.BooleanField(default=False, editable=False)),
                (
                    "closed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="låst av",
                    ),
                ),
                (
                    "scheme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="closed_years",
                        to="accounts.scheme",
                        verbose_name="ordning",
                    ),
                ),
            ],
            options={
                "verbose_name": "låst år",
                "verbose_name_plural": "låste år",
                "ordering": ["scheme__sort_order", "-year"],
                "constraints": [
                    models.UniqueConstraint(fields=("scheme", "year"), name="closedyear_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                        name="closedyear_year_range",
                    ),
                ],
            },
        ),
    ]
