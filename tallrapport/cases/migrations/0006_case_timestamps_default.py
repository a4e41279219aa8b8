"""created_at and updated_at get a default instead of auto_now_add/auto_now.

Only the model state changes: neither is a database default, so the table is
the same. Left to AlterField, SQLite would rebuild cases_case (copy, drop,
rename) and lose the closed-year triggers of migration 0004 on the way.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_stats_covering_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="created_at",
                    field=models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="registrert"
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="updated_at",
                    field=models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="endret"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
