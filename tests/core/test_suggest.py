"""The suggestion engine: each gap the checks find gets activities that close it, each row that lacks
something gets a mend, nothing proposed duplicates the plan, and every proposal says why."""

import copy
from pathlib import Path

import pytest

from holos.core import document as doc
from holos.core.checks import PROBLEM, FitTable, audience_groups, channel_kinds, is_measurable, run_checks
from holos.core.importers import read_path
from holos.core.schedule import parse_schedule
from holos.core.suggest.engine import (
    GAP_CODES,
    Profile,
    ProfileAudience,
    ProfileChannel,
    add_proposal,
    apply_mend,
    climb,
    even_out,
    propose_for,
    suggest,
)
from holos.core.suggest.library import Library, load_directory, load_fallbacks, normalize

ROOT = Path(__file__).resolve().parents[2]
LIBRARY_DIR = ROOT / "holos" / "builder" / "library"
SEEDS = sorted((ROOT / "holos" / "demo" / "seeds").glob("*.txt"))


class Builtin:
    key = "library"

    def templates(self):
        return load_directory(LIBRARY_DIR)


LIBRARY = Library.of([Builtin()])
FALLBACKS = load_fallbacks(LIBRARY_DIR)
PROFILE = Profile(
    audiences=(ProfileAudience("Внутрішньо переміщені особи", 1200), ProfileAudience("Люди похилого віку", 3100),
               ProfileAudience("Люди з порушеннями зору", 140), ProfileAudience("Жителі старостинських округів")),
    channels=(ProfileChannel("Viber-спільнота громади", 2300, "members", "2025-03-01"),
              ProfileChannel("Сайт громади", 5400, "visits_month", "2025-03-01"),
              ProfileChannel("Місцеве радіо «Хвиля»", 4000, "listeners", "2025-02-01"),
              ProfileChannel("Стенди у ЦНАП і старостатах", 9, "stands", "2025-01-15")),
    units=("ЦНАП", "Відділ комунікацій", "Старости"),
)
SEED_PLANS = [(f"{path.name[:3]}-{n}", plan) for path in SEEDS for n, plan in enumerate(read_path(path).plans, 1)]


def _engine(plan, **kwargs):
    return suggest(plan, library=LIBRARY, fallbacks=FALLBACKS, **kwargs)


def _is_complete(proposal, plan):
    activity = proposal.to_activity()
    fit = FitTable.default()
    kinds = set().union(*(channel_kinds(c) for c in activity.channels))
    for audience in activity.audiences:
        for group in audience_groups(audience):
            assert fit.fits(group, kinds), (audience, activity.channels)
    assert activity.audiences and activity.channels and activity.responsible
    assert is_measurable(activity.result)
    assert activity.indicators[0].target is not None and not activity.indicators[0].placeholder
    assert activity.schedule.kind != "unknown"
    assert proposal.reasons and all(reason.text() for reason in proposal.reasons)


@pytest.mark.parametrize("name, plan", SEED_PLANS, ids=[name for name, _ in SEED_PLANS])
@pytest.mark.parametrize("profile", [None, PROFILE], ids=["no-profile", "profile"])
def test_every_gap_of_a_seed_plan_gets_an_activity_and_every_problem_an_answer(name, plan, profile):
    suggestions = _engine(plan, profile=profile)
    assert suggestions.gaps, "the seed plans all have findings"
    for gap in suggestions.gaps:
        if gap.finding.code in GAP_CODES:
            assert gap.proposals, gap.finding.text()
        if gap.finding.severity == PROBLEM:
            assert gap.proposals or gap.mends, gap.finding.text()
    existing = [a.title for a in plan.activities()]
    for proposal in suggestions.proposals:
        _is_complete(proposal, plan)
        template = LIBRARY.get(proposal.template)
        assert not any(template.matches(title) for title in existing), proposal.title
        assert normalize(proposal.title) not in {normalize(t) for t in existing}
    titles = [p.title for p in suggestions.proposals if p.schedule.kind != "slots" or len(p.schedule.slots) > 1]
    assert len(titles) == len(set(titles)), "the same activity is proposed once, for every audience it serves"


@pytest.mark.parametrize("name, plan", SEED_PLANS, ids=[name for name, _ in SEED_PLANS])
def test_taking_the_proposals_and_mends_closes_what_they_answer(name, plan):
    plan = copy.deepcopy(plan)
    suggestions = _engine(plan, profile=PROFILE)
    levels = list(suggestions.report.levels)
    for mend in suggestions.mends:
        apply_mend(plan, mend)
    # The first proposal of each gap, as a person would take it.
    taken = []
    for gap in suggestions.gaps:
        if gap.proposals and gap.proposals[0] not in taken:
            taken.append(gap.proposals[0])
    # Activities are added at the end of their goal, so their levels follow the plan's in document order.
    for index in taken:
        add_proposal(plan, suggestions.proposals[index])
    levels = _levels_in_order(plan, suggestions, taken)
    after = run_checks(plan, levels=levels)
    remaining = {f.code for f in after.findings}
    answered = {gap.finding.code for gap in suggestions.gaps if gap.proposals}
    for code in answered & {"audience-unreached", "accessibility-gap", "engagement-inform-only", "no-feedback-loop"}:
        assert code not in remaining, [f.text() for f in after.findings if f.code == code]
    for code in ("activity-no-audience", "activity-no-channel", "activity-no-responsible", "activity-no-result",
                 "indicator-placeholder", "goal-no-key-message", "activity-no-indicator"):
        assert code not in remaining, [f.text() for f in after.findings if f.code == code][:3]


def _levels_in_order(plan, suggestions, taken):
    """Each activity's level in document order: stored for the taken proposals, guessed for the rest."""
    by_title = {suggestions.proposals[i].title: suggestions.proposals[i].level for i in taken}
    return [by_title.get(a.title) for a in plan.activities()]


def test_a_proposal_uses_the_widest_channel_of_the_community_that_reaches_its_audience():
    plan = doc.Plan(title="План", language="uk", period=doc.Period("2025-01", "2025-12"),
                    goals=[doc.Goal(title="Послуги", key_message="Приходьте до ЦНАП.")])
    proposals = propose_for(plan, goal=0, audience="Люди похилого віку", library=LIBRARY, fallbacks=FALLBACKS,
                            profile=PROFILE)
    assert proposals
    radio = next(p for p in proposals if p.template == "library:radio")
    assert radio.channels == ["Місцеве радіо «Хвиля»"]
    reasons = [reason.text() for reason in radio.reasons]
    assert any("4000" in text and "listeners" in text and "2025-02-01" in text for text in reasons), reasons
    assert any("3100" in text for text in reasons)
    # None reaches older people through the website or Viber, which they may not use.
    for proposal in proposals:
        assert not set(proposal.channels) & {"Сайт громади", "Viber-спільнота громади"}


def test_the_organisations_own_fit_table_decides_what_reaches_whom():
    fit = FitTable.default().with_group("elderly", ["radio"])
    plan = doc.Plan(title="План", language="uk", period=doc.Period("2025-01", "2025-12"),
                    goals=[doc.Goal(title="Послуги")])
    proposals = propose_for(plan, goal=0, audience="Люди похилого віку", library=LIBRARY, fallbacks=FALLBACKS,
                            profile=PROFILE, fit=fit, limit=5)
    assert proposals
    for proposal in proposals:
        assert "radio" in set().union(*(channel_kinds(c) for c in proposal.channels)), proposal.channels


def test_proposals_for_a_goal_and_audience_span_the_ladder_and_skip_what_the_plan_has():
    activity = doc.Activity(title="Робота гарячої лінії", audiences=["ВПО"])
    plan = doc.Plan(title="План", language="uk", period=doc.Period("2025-01", "2025-12"),
                    goals=[doc.Goal(title="Підтримати ВПО", tasks=[doc.Task("ВПО", [activity])])])
    proposals = propose_for(plan, goal=0, audience="Внутрішньо переміщені особи", library=LIBRARY,
                            fallbacks=FALLBACKS, profile=PROFILE)
    assert len(proposals) == 3
    assert len({p.level for p in proposals}) >= 2
    assert "library:hotline" not in {p.template for p in proposals}
    assert all("idp" in LIBRARY.get(p.template).groups for p in proposals)


def test_climbing_from_a_plan_that_only_informs_and_closing_the_loop():
    informing = [doc.Activity(title=f"Новина {n}", audiences=["Жителі громади"], channels=["Сайт"],
                              schedule=parse_schedule("щомісяця", period_start="2025-01", period_end="2025-12"))
                 for n in range(3)]
    plan = doc.Plan(title="План", language="en", period=doc.Period("2025-01", "2025-12"),
                    goals=[doc.Goal(title="Inform", tasks=[doc.Task("All", informing)])])
    proposals = climb(plan, library=LIBRARY, fallbacks=FALLBACKS)
    assert [p.level for p in proposals][:3] == ["consult", "involve", "empower"]
    assert all(p.title == LIBRARY.get(p.template).text("en").title for p in proposals)
    survey = doc.Activity(title="Residents' survey", audiences=["Residents"], channels=["Website"])
    plan.goals[0].tasks[0].activities.append(survey)
    after = climb(plan, library=LIBRARY, fallbacks=FALLBACKS, levels=[None, None, None, "consult"])
    assert any(LIBRARY.get(p.template).closes_loop for p in after)


def test_a_month_with_too_much_for_one_unit_is_evened_out():
    slots = parse_schedule("05/2025", period_start="2025-01", period_end="2025-06")
    activities = [doc.Activity(title=f"Захід {n}", responsible=["ЦНАП"], schedule=copy.deepcopy(slots))
                  for n in range(11)]
    plan = doc.Plan(title="План", language="uk", period=doc.Period("2025-01", "2025-06"),
                    goals=[doc.Goal(title="Ціль", tasks=[doc.Task("Завдання", activities)])])
    moves = even_out(plan, library=LIBRARY, fallbacks=FALLBACKS)
    assert len(moves) == 3  # 11 due, 8 is the threshold
    for move in moves:
        apply_mend(plan, move)
    assert run_checks(plan).load["ЦНАП"]["2025-05"] == 8
    assert not [f for f in run_checks(plan).findings if f.code == "unit-overload" and "month" in f.params]
