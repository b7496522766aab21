"""What the deployment tests put into the stack's database and read back, run as ``python -m`` in the stack.

Each command prints one JSON object. They run in their own process with the stack's
environment (its PostgreSQL, Redis and settings), as an administrator's script would.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import django


def survey() -> dict:
    from holos.accounts.actions import create_organization
    from holos.accounts.models import User
    from holos.surveys.demo import create_demo_survey
    from holos.surveys.models import QuestionKind, Survey

    admin = User.objects.create_user("survey-admin", password=None)
    organization = create_organization(actor=None, name="Опитування громади", slug="survey-town")
    create_demo_survey(organization=organization, admin=admin)
    survey = Survey.objects.get(organization=organization)
    questions = {q.kind: q for q in survey.questions.prefetch_related("choices")}
    return {
        "id": survey.pk,
        "path": f"/s/{survey.token}/",
        "answers": {
            questions[QuestionKind.SCALE].field_name: "5",
            questions[QuestionKind.YES_NO].field_name: "1",
            questions[QuestionKind.SINGLE].field_name: str(questions[QuestionKind.SINGLE].choices.first().pk),
        },
        "text_field": questions[QuestionKind.LONG_TEXT].field_name,
    }


def stored(survey_id: str) -> dict:
    from django.db.models import Count

    from holos.surveys.models import Answer, RejectionCount

    marks = dict(Answer.objects.filter(question__survey_id=survey_id, question__kind="long_text")
                 .values_list("text").annotate(n=Count("id")).values_list("text", "n"))
    rejections = dict(RejectionCount.objects.filter(survey_id=survey_id).values_list("reason", "count"))
    return {"marks": marks, "rejections": rejections}


def people(prefix: str, time_zone: str, organizations: str, per_organization: str) -> dict:
    """Organisations in ``time_zone``, each person in a unit of their own with one activity due for a reminder.

    Every activity is due ``reminder_days`` after the organisation's local date, so the day's
    reminders tell each person of exactly one item, and nothing is overdue.
    """
    from holos.accounts.actions import add_member, create_organization, set_member_units
    from holos.accounts.models import Organization, Role, User
    from holos.plans import actions
    from holos.plans.models import Unit
    from holos.work.views import local_today

    emails, organization_ids, day = [], [], None
    for number in range(int(organizations)):
        organization = create_organization(actor=None, name=f"Громада {prefix} {number}", slug=f"{prefix}-{number}")
        Organization.objects.filter(pk=organization.pk).update(time_zone=time_zone, reminder_days=3)
        organization.refresh_from_db()
        today = local_today(time_zone)
        day = today.isoformat()
        due = today + timedelta(days=3)
        plan = actions.create_plan(actor=None, organization=organization, title="План", kind="calendar",
                                   period_start=f"{due:%Y-%m}", period_end=f"{due:%Y-%m}", granularity="month")
        goal = actions.create_goal(actor=None, plan=plan, title="Поінформувати мешканців")
        task = actions.create_task(actor=None, goal=goal, title="Завдання")
        for person in range(int(per_organization)):
            name = f"{prefix}-{number}-{person}"
            user = User.objects.create_user(name, email=f"{name}@example.org", password=None)
            membership = add_member(actor=None, organization=organization, user=user, role=Role.EXECUTOR)
            unit = Unit.objects.create(organization=organization, name=f"Відділ {person}")
            set_member_units(actor=None, membership=membership, units=[unit])
            activity = actions.create_activity(actor=None, task=task, data={
                "title": f"Ефір {person}", "responsible": [unit.name]})
            actions.set_activity_slots(actor=None, activity=activity, slots=[due.isoformat()])
            emails.append(user.email)
        organization_ids.append(organization.pk)
    return {"emails": emails, "organizations": organization_ids, "day": day}


def enqueue_reminders(day: str, organization_ids: str) -> dict:
    from holos.work.tasks import send_reminders

    result = send_reminders.enqueue(day, organization_ids=[int(pk) for pk in organization_ids.split(",")])
    return {"id": result.id}


def job(result_id: str) -> dict:
    from django_tasks import default_task_backend

    result = default_task_backend.get_result(result_id)
    return {"status": str(result.status), "workers": list(result.worker_ids), "errors": len(result.errors)}


def reminded(organization_ids: str) -> dict:
    from holos.work.models import Occurrence

    ids = [int(pk) for pk in organization_ids.split(",")]
    occurrences = Occurrence.objects.filter(plan__organization_id__in=ids)
    return {"reminded": occurrences.filter(reminded_at__isnull=False).count(), "all": occurrences.count()}


COMMANDS = {"survey": survey, "stored": stored, "people": people, "enqueue-reminders": enqueue_reminders,
            "job": job, "reminded": reminded}

if __name__ == "__main__":
    django.setup()
    print(json.dumps(COMMANDS[sys.argv[1]](*sys.argv[2:]), ensure_ascii=False))
