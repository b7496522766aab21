"""Open work is found by one index on (status, due, plan) instead of two.

Reminders, overdue digests, "my work" and the dashboards look for work by its status
and when it is due, then by plan: (status, due, plan) serves them all, as (status, due)
and (due, status, plan) did between them, and an import writes one index entry per
occurrence instead of two. Only indexes change, so SQLite does not copy the table and
keeps the triggers that keep the tallies.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('work', '0004_lighter_occurrence_writes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='occurrence',
            name='work_occurr_status_dfef90_idx',
        ),
        migrations.RemoveIndex(
            model_name='occurrence',
            name='work_occurr_due_e97800_idx',
        ),
        migrations.AddIndex(
            model_name='occurrence',
            index=models.Index(fields=['status', 'due', 'plan'], name='work_occurrence_open_work'),
        ),
    ]
