"""What the programme's pages of one organisation, one shared plan and one template show.

Read only through ``holos.programmes.sharing``: a plan the organisation did not share is
never loaded. A shared plan is shown without its notes; its surveys by their counts alone
(no typed answers, which may name people); its work by counts, never the notes or
evidence of done work.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from holos.core import document as doc
from holos.core.departures import Departure, compare
from holos.plans.models import Activity, Goal, Plan, Task
from holos.programmes.models import PlanTemplate, Programme
from holos.programmes.sharing import shared_plans
from holos.work.dashboard import Counts, PlanCounts, count_columns, plan_progress
from holos.work.models import Occurrence


def organization_plans(programme: Programme, organization, today: date) -> list[PlanCounts]:
    """The plans an organisation shares with the programme, each with its counts of work, in two queries."""
    plans = list(shared_plans(programme).filter(organization=organization).order_by("title", "pk")
                 .values_list("pk", "title"))
    counts = {row["plan_id"]: Counts(**{k: row[k] for k in ("planned", "done", "skipped", "overdue", "coming")})
              for row in Occurrence.objects.filter(plan_id__in=[pk for pk, _title in plans])
              .values("plan_id").annotate(**count_columns(today)).order_by()}
    return [PlanCounts(pk=pk, title=title, **vars(counts.get(pk, Counts()))) for pk, title in plans]


@dataclass
class SurveySummary:
    title: str
    responses: int
    questions: list = field(default_factory=list)


@dataclass
class PlanOverview:
    tree: object
    progress: object
    check_counts: dict[str, int]
    surveys: list[SurveySummary]
    departure: Departure | None
    template: PlanTemplate | None


def plan_overview(programme: Programme, plan: Plan, today: date) -> PlanOverview:
    """A shared plan as the programme sees it: its structure, progress, indicators, checks, surveys, departure."""
    from holos.plans.actions import tree_to_document
    from holos.plans.checking import check_tree
    from holos.plans.grid import load_plan_tree
    from holos.surveys.models import Survey
    from holos.surveys.results import compute_results

    tree = load_plan_tree(plan)
    document_plan = tree_to_document(tree)
    checks = check_tree(tree, document_plan)
    surveys = []
    for survey in Survey.objects.filter(activity__plan=plan).order_by("pk"):
        results = compute_results(survey, include_text=False)
        surveys.append(SurveySummary(title=str(survey.title_shown), responses=results.responses,
                                     questions=results.questions))
    template = plan.template if plan.template is not None and plan.template.programme_id == programme.pk else None
    departure = None
    if template is not None:
        departure = compare(doc.Plan.from_dict(template.document), document_plan,
                            [goal.template_key for goal in tree.goals])
    return PlanOverview(tree=tree, progress=plan_progress(plan, today), check_counts=checks.counts,
                        surveys=surveys, departure=departure, template=template)


@dataclass
class OutlineIndicator:
    index: int
    text: str
    definition: int | None
    definition_name: str = ""


@dataclass
class OutlineActivity:
    title: str
    indicators: list[OutlineIndicator]
    place: str  # "2-1-3": goal 2, its task 1, that task's activity 3, as the address that edits it


@dataclass
class OutlineTask:
    title: str
    activities: list[OutlineActivity]
    place: str


@dataclass
class OutlineGoal:
    title: str
    key_message: str
    indicators: list[OutlineIndicator]
    tasks: list[OutlineTask]
    place: str


def template_outline(template: PlanTemplate, definitions, *, can_edit: bool) -> dict:
    """The template's plan as a nested outline, each indicator with its number and the programme indicator it names."""
    names = {d.pk: d.name for d in definitions}
    counter = iter(range(1_000_000))

    def indicators(items) -> list[OutlineIndicator]:
        found = []
        for item in items or []:
            definition = item.get("definition")
            found.append(OutlineIndicator(index=next(counter), text=item.get("text", ""), definition=definition,
                                          definition_name=names.get(definition, "")))
        return found

    document = template.document
    plan_indicators = indicators(document.get("indicators"))
    goals = []
    for g, goal in enumerate(document.get("goals") or [], start=1):
        goal_indicators = indicators(goal.get("indicators"))
        tasks = []
        for t, task in enumerate(goal.get("tasks") or [], start=1):
            activities = [OutlineActivity(title=a.get("title", ""), indicators=indicators(a.get("indicators")),
                                          place=f"{g}-{t}-{n}")
                          for n, a in enumerate(task.get("activities") or [], start=1)]
            tasks.append(OutlineTask(title=task.get("title", ""), activities=activities, place=f"{g}-{t}"))
        goals.append(OutlineGoal(title=goal.get("title", ""), key_message=goal.get("key_message", ""),
                                 indicators=goal_indicators, tasks=tasks, place=str(g)))
    return {"indicators": plan_indicators, "goals": goals, "can_edit": can_edit and bool(definitions),
            "choices": [(d.pk, d.name) for d in definitions]}


@dataclass
class Adoption:
    plan_id: int
    plan_title: str
    organization_id: int
    organization_name: str
    departure: Departure


def template_adoptions(programme: Programme, template: PlanTemplate) -> list[Adoption]:
    """The shared plans started from the template, each with how it departs from it, in four queries.

    The plans are read by titles only (goals, tasks, activities: one query each), so the
    page stays quick with a thousand adopting organisations.
    """
    plans = list(shared_plans(programme).filter(template=template)
                 .order_by("organization__name", "pk")
                 .values_list("pk", "title", "organization_id", "organization__name"))
    ids = [row[0] for row in plans]
    goals: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for plan_id, pk, title, key in Goal.objects.filter(plan_id__in=ids).values_list(
            "plan_id", "pk", "title", "template_key"):
        goals[plan_id].append((pk, title, key))
    tasks: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for goal_id, pk, title in Task.objects.filter(plan_id__in=ids).values_list("goal_id", "pk", "title"):
        tasks[goal_id].append((pk, title))
    activities: dict[int, list[str]] = defaultdict(list)
    for task_id, title in Activity.objects.filter(plan_id__in=ids).values_list("task_id", "title"):
        activities[task_id].append(title)
    template_plan = doc.Plan.from_dict(template.document)
    adoptions = []
    for pk, title, organization_id, organization_name in plans:
        plan = doc.Plan(title=title, goals=[
            doc.Goal(title=goal_title, tasks=[
                doc.Task(title=task_title, activities=[doc.Activity(title=a) for a in activities.get(task_pk, [])])
                for task_pk, task_title in tasks.get(goal_pk, [])
            ])
            for goal_pk, goal_title, _key in goals.get(pk, [])
        ])
        departure = compare(template_plan, plan, [key for _pk, _title, key in goals.get(pk, [])])
        adoptions.append(Adoption(plan_id=pk, plan_title=title, organization_id=organization_id,
                                  organization_name=organization_name, departure=departure))
    return adoptions


def adoption_counts(programme: Programme) -> dict[int, int]:
    """How many shared plans were started from each of the programme's templates."""
    return dict(shared_plans(programme).filter(template__programme=programme).values("template_id")
                .annotate(n=Count("pk")).values_list("template_id", "n").order_by())
