from holos.core.document import Activity, Goal, Plan, PlanDocument, Task
from holos.core.review import apply_review, row_key


def _document() -> PlanDocument:
    activities = [Activity(title=t) for t in ("A", "Розділ 2", "B", "C")]
    plan = Plan(title="P", goals=[Goal(title="G", tasks=[Task(title="T", activities=activities)])])
    return PlanDocument(plans=[plan, Plan(title="Second")])


def test_rows_kept_as_they_are_by_default():
    document = _document()
    assert apply_review(document, {}) == document


def test_a_row_made_a_heading_starts_a_task_for_the_rows_after_it():
    reviewed = apply_review(_document(), {row_key(0, 0, 0, 1): "heading"})
    tasks = reviewed.plans[0].goals[0].tasks
    assert [t.title for t in tasks] == ["T", "Розділ 2"]
    assert [a.title for a in tasks[0].activities] == ["A"]
    assert [a.title for a in tasks[1].activities] == ["B", "C"]


def test_an_ignored_row_is_left_out_and_said_so():
    document = _document()
    reviewed = apply_review(document, {row_key(0, 0, 0, 3): "ignore"})
    assert [a.title for a in reviewed.plans[0].goals[0].tasks[0].activities] == ["A", "Розділ 2", "B"]
    assert any("C" in w.message for w in reviewed.warnings)
    # The original is untouched.
    assert len(document.plans[0].goals[0].tasks[0].activities) == 4


def test_a_plan_can_be_left_out():
    reviewed = apply_review(_document(), {}, skip_plans={1})
    assert [p.title for p in reviewed.plans] == ["P"]
