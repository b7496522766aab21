"""The shapes the API reads and writes, from which its OpenAPI schema is made.

Texts refuse the NUL character (no database keeps it) and are as long as the columns
that store them; numbers that name rows stay within what a database key holds.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from holos.core.document import GRANULARITIES, PLAN_KINDS, SCHEMA
from holos.core.schedule import EVERY, KINDS

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
SLOT = r"^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$"
MAX_ID = 2**53


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("the NUL character is not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not a text: a lone half of a UTF-16 surrogate pair") from None
    return value


def _text(max_length: int) -> StringConstraints:
    return StringConstraints(max_length=max_length)


# Texts of at most so many characters, no NUL, valid UTF-8 (checked, not written as a pattern
# into the schema); one name per length so that type checkers read them as types.
Text = Annotated[str, _text(100_000), AfterValidator(_no_nul)]
Text100 = Annotated[str, _text(100), AfterValidator(_no_nul)]
Text200 = Annotated[str, _text(200), AfterValidator(_no_nul)]
Text300 = Annotated[str, _text(300), AfterValidator(_no_nul)]
Text500 = Annotated[str, _text(500), AfterValidator(_no_nul)]
Text2000 = Annotated[str, _text(2000), AfterValidator(_no_nul)]
Text20000 = Annotated[str, _text(20_000), AfterValidator(_no_nul)]

# The words of the plan document, written out for type checkers; the core's lists are the
# truth, and these must say the same (checked when the module is imported).
ScheduleKind = Literal["slots", "once", "range", "recurring", "continuous", "relative", "as_needed", "unknown"]
Every = Literal["day", "week", "month", "quarter", "year"]
Granularity = Literal["month", "quarter"]
PlanKind = Literal["calendar", "thematic", "campaign", "strategic", "operational"]
Schema = Literal["holos.plan/1"]
for _words, _truth in ((ScheduleKind, KINDS), (Every, EVERY), (Granularity, GRANULARITIES), (PlanKind, PLAN_KINDS),
                       (Schema, (SCHEMA,))):
    if get_args(_words) != tuple(_truth):
        raise ImportError(f"the API's words {get_args(_words)} differ from the core's {tuple(_truth)}")


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Names = Annotated[list[Text300], Field(max_length=100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The plan document, holos.plan/1


class ScheduleDoc(Strict):
    text: Text2000 = ""
    kind: ScheduleKind = "unknown"
    slots: Annotated[list[Annotated[str, StringConstraints(pattern=SLOT)]], Field(max_length=120)] = []
    start: Annotated[str, StringConstraints(pattern=MONTH)] | None = None
    end: Annotated[str, StringConstraints(pattern=MONTH)] | None = None
    count: Annotated[int, Field(ge=1, le=366)] | None = None
    every: Every | None = None
    times: Annotated[int, Field(ge=1, le=366)] | None = None
    offset_days: Annotated[int, Field(ge=-3660, le=3660)] | None = None
    anchor: Text200 | None = None
    duration_days: Annotated[int, Field(ge=0, le=3660)] | None = None


class ResourcesDoc(Strict):
    needed: bool | None = None
    text: Text500 = ""


class IndicatorDoc(Strict):
    text: Text
    target: Annotated[float, Field(ge=-1e12, le=1e12)] | None = None
    unit: Text100 = ""
    placeholder: bool = False


class ActivityDoc(Strict):
    title: Text
    audiences: Names = []
    channels: Names = []
    responsible: Names = []
    result: Text = ""
    resources: ResourcesDoc | None = None
    schedule: ScheduleDoc = ScheduleDoc()
    indicators: Annotated[list[IndicatorDoc], Field(max_length=50)] = []
    notes: Text = ""
    origin: Text300 = ""


class TaskDoc(Strict):
    title: Text
    activities: Annotated[list[ActivityDoc], Field(max_length=5000)] = []


class GoalDoc(Strict):
    title: Text
    key_message: Text = ""
    tasks: Annotated[list[TaskDoc], Field(max_length=1000)] = []


class PeriodDoc(Strict):
    start: Annotated[str, StringConstraints(pattern=MONTH)] | None = None
    end: Annotated[str, StringConstraints(pattern=MONTH)] | None = None
    granularity: Granularity = "month"


class PlanDoc(Strict):
    title: Text500
    organization: Text300 = ""
    kind: PlanKind = "calendar"
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")] = "uk"
    period: PeriodDoc = PeriodDoc()
    approval: Text300 | None = None
    goals: Annotated[list[GoalDoc], Field(max_length=500)] = []
    audiences: Names = []
    notes: Annotated[list[Text], Field(max_length=100)] = []


class WarningDoc(BaseModel):
    where: str = ""
    message: str = ""
    template: str = ""
    params: dict[str, Any] = {}


class PlanDocument(Strict):
    """A ``holos.plan/1`` document: what ``holos import --json`` prints and the export writes."""

    schema_: Schema = Field(alias="schema")
    source: dict[str, Any] | None = None
    plans: Annotated[list[PlanDoc], Field(min_length=1, max_length=20)]
    warnings: Annotated[list[WarningDoc], Field(max_length=1000)] = []

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# Resources


class Page(BaseModel):
    """A page of a list: ``next`` is the cursor of the following page, null on the last one."""

    next: str | None


class OrganizationOut(BaseModel):
    slug: str
    name: str
    time_zone: str
    role: str = Field(description="the token owner's role: admin, editor, executor or viewer")
    scope: str = Field(description="what the token may do: read, or write (read and write)")


class OrganizationPage(Page):
    items: list[OrganizationOut]


class PeriodOut(BaseModel):
    start: str | None
    end: str | None
    granularity: str


class PlanOut(BaseModel):
    id: int
    title: str
    organization_name: str
    kind: str
    language: str
    period: PeriodOut
    approval: str
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    revision: int


class PlanPage(Page):
    items: list[PlanOut]


class PlanList(BaseModel):
    items: list[PlanOut]


class GoalOut(BaseModel):
    id: int
    plan: int
    title: str
    key_message: str
    position: int


class GoalPage(Page):
    items: list[GoalOut]


class TaskOut(BaseModel):
    id: int
    plan: int
    goal: int
    title: str
    position: int


class TaskPage(Page):
    items: list[TaskOut]


class NamedRef(BaseModel):
    id: int
    name: str


class ActivityOut(BaseModel):
    id: int
    plan: int
    task: int
    title: str
    result: str
    level: str
    schedule: dict[str, Any]
    audiences: list[NamedRef]
    channels: list[NamedRef]
    units: list[NamedRef]
    position: int


class ActivityPage(Page):
    items: list[ActivityOut]


class UnitPage(Page):
    items: list[NamedRef]


WorkStatus = Literal["planned", "in_progress", "done", "skipped"]


class WorkItemOut(BaseModel):
    id: int
    plan: int
    activity: int
    activity_title: str
    units: list[int]
    key: str
    due: date
    starts: date
    ends: date
    ongoing: bool
    status: WorkStatus
    skip_reason: str
    note: str
    people_reached: int | None
    participants: int | None
    publications: int | None
    done_at: datetime | None
    updated_at: datetime


class WorkItemPage(Page):
    items: list[WorkItemOut]


class EvidenceOut(BaseModel):
    id: int
    name: str
    url: str
    file: bool = Field(description="true when a file was uploaded (download it from the web page)")
    created_at: datetime


class WorkItemDetail(WorkItemOut):
    evidence: list[EvidenceOut]


Count = Annotated[int, Field(ge=0, le=2_000_000_000)]


class WorkItemChange(Strict):
    """Fields left out stay as they are. A status of ``skipped`` keeps ``skip_reason``."""

    status: WorkStatus | None = None
    skip_reason: Text2000 = ""
    note: Text20000 | None = None
    people_reached: Count | None = None
    participants: Count | None = None
    publications: Count | None = None


class EvidenceLink(Strict):
    url: Annotated[str, StringConstraints(max_length=1000, pattern=r"^https?://[^\s\x00]+$")]


class IndicatorOut(BaseModel):
    id: int
    plan: int
    activity: int
    text: str
    target: float | None
    unit: str
    placeholder: bool
    baseline: float | None
    source_metric: str


class IndicatorPage(Page):
    items: list[IndicatorOut]


class MeasurementOut(BaseModel):
    id: int
    indicator: int
    date: date
    value: float
    note: str
    created_at: datetime


class MeasurementPage(Page):
    items: list[MeasurementOut]


class MeasurementIn(Strict):
    date: date
    value: Annotated[float, Field(ge=-1e12, le=1e12)]
    note: Text300 = ""


class SurveyOut(BaseModel):
    id: int
    title: dict[str, str] = Field(description="the title in each language it was written in")
    status: Literal["draft", "scheduled", "open", "closed"]
    opens_at: datetime | None
    closes_at: datetime | None
    responses: int


class SurveyPage(Page):
    items: list[SurveyOut]


class OptionCount(BaseModel):
    label: str
    count: int
    percent: float | None


class QuestionResultOut(BaseModel):
    id: int
    kind: str
    text: dict[str, str]
    answered: int
    average: float | None
    minimum: float | None
    maximum: float | None
    options: list[OptionCount]


class SurveyResultsOut(BaseModel):
    survey: int
    since: date | None
    until: date | None
    responses: int
    questions: list[QuestionResultOut]


class PublicPlanOut(BaseModel):
    id: int
    title: str
    kind: str
    period: PeriodOut
    published_at: datetime | None


class PublicPlanPage(Page):
    items: list[PublicPlanOut]


# Writing the parts of a plan


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("a title cannot be empty")
    return value


# A title: not empty and not only spaces, as on the web's forms.
Title = Annotated[Text, AfterValidator(_not_blank)]


Level = Literal["", "inform", "consult", "involve", "collaborate", "empower"]


class GoalIn(Strict):
    title: Title
    key_message: Text = ""


class GoalChange(Strict):
    """Fields left out stay as they are."""

    title: Title | None = None
    key_message: Text | None = None


class TaskIn(Strict):
    title: Title


class TaskChange(Strict):
    """Fields left out stay as they are; ``goal`` moves the task to another goal of the same plan."""

    title: Title | None = None
    goal: Id | None = None


class ActivityIn(Strict):
    """An activity as a ``holos.plan/1`` document writes it, with its level of involvement."""

    title: Title
    audiences: Names = []
    channels: Names = []
    responsible: Names = Field(default=[], description="the responsible units, by name")
    result: Text = ""
    resources: ResourcesDoc | None = None
    schedule: ScheduleDoc = ScheduleDoc()
    indicators: Annotated[list[IndicatorDoc], Field(max_length=50)] = []
    notes: Text = ""
    level: Level = ""


class ActivityChange(Strict):
    """Fields left out stay as they are; a list sent replaces the whole list."""

    title: Title | None = None
    audiences: Names | None = None
    channels: Names | None = None
    responsible: Names | None = None
    result: Text | None = None
    resources: ResourcesDoc | None = None
    schedule: ScheduleDoc | None = None
    indicators: Annotated[list[IndicatorDoc], Field(max_length=50)] | None = None
    notes: Text | None = None
    level: Level | None = None
    task: Id | None = Field(default=None, description="move the activity to another task of the same plan")


class PlanReplacement(PlanDocument):
    """A ``holos.plan/1`` document of exactly one plan, which takes the place of the plan's content."""

    plans: Annotated[list[PlanDoc], Field(min_length=1, max_length=1)]


# Programmes


class ProgrammeOut(BaseModel):
    slug: str
    name: str
    description: str
    role: str = Field(description="the token owner's role: coordinator, analyst or viewer")
    scope: str = Field(description="what the token may do: read, or write (read and write)")


class ProgrammePage(Page):
    items: list[ProgrammeOut]


class CountsOut(BaseModel):
    """Work by how it stands: ``planned`` splits into done, skipped, overdue and coming."""

    planned: int
    done: int
    skipped: int
    overdue: int
    coming: int
    done_percent: int | None


class MemberOrganizationOut(BaseModel):
    id: int
    name: str
    joined_at: datetime | None
    plans: list[NamedRef] = Field(description="the plans it shares with the programme")


class MemberOrganizationPage(Page):
    items: list[MemberOrganizationOut]


class SharedPlanOut(BaseModel):
    id: int
    organization: int
    organization_name: str
    title: str
    kind: str
    period: PeriodOut
    revision: int
    updated_at: datetime


class SharedPlanPage(Page):
    items: list[SharedPlanOut]


class DashboardRowOut(BaseModel):
    organization: int
    name: str
    plans: int
    totals: CountsOut
    months: list[CountsOut] = Field(description="one per month of `months`, in the same order")
    activities: int
    without_owner: int = Field(description="activities without a responsible unit")
    without_measure: int = Field(description="activities without an indicator")
    without_feedback: int = Field(description="plans without a feedback loop")


class DefinitionFigureOut(BaseModel):
    id: int
    name: str
    unit: str
    aggregate: Literal["sum", "average"]
    value: float | None
    indicators: int = Field(description="the shared indicators that name it")
    organizations: int = Field(description="the organisations whose measurements count in the value")


class DashboardOut(BaseModel):
    """The programme's dashboard: organisations × months, as its page shows them."""

    today: date
    months: list[str] = Field(description="YYYY-MM, from the first month with work to the last")
    totals: CountsOut
    month_totals: list[CountsOut]
    organizations: list[DashboardRowOut]
    indicators: list[DefinitionFigureOut]
