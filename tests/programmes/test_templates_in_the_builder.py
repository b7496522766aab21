"""A programme's published plan template offers its typical activities to the builder of its organisations only."""

from holos.builder.sources import library_for
from holos.core import document as doc
from holos.programmes import actions

ACTIVITY = doc.Activity(
    title="Виїзний прийом мобільного ЦНАП у старостинських округах",
    audiences=["Мешканці старостинських округів"], channels=["Мобільний ЦНАП"], responsible=["ЦНАП"],
    result="Не менше 12 виїздів", indicators=[doc.Indicator(text="Виїзди", target=12, unit="виїздів")],
    schedule=doc.Schedule(text="щомісяця"),
)


def _template(pw, *, published: bool):
    plan = doc.Plan(title="Типовий план ЦНАП", goals=[doc.Goal(title="Послуги ближче до людей", tasks=[
        doc.Task(title="Виїзди", activities=[ACTIVITY])])])
    template = actions.save_template(actor=pw.coordinator, programme=pw.programme, template=None,
                                     title="Типовий план ЦНАП", description="", plan=plan)
    if published:
        actions.publish_template(actor=pw.coordinator, template=template, published=True)
    return template


def _offered(organization):
    return [t for t in library_for(organization).templates if t.source == "programme"]


def test_a_published_template_is_offered_to_the_programmes_organisations(pw):
    template = _template(pw, published=True)
    [offered] = _offered(pw.world.community)
    assert offered.key == f"programme:{template.pk}:0" and offered.source_label == pw.programme.name
    text = offered.text("uk")
    assert text.title == ACTIVITY.title and text.responsible == "ЦНАП" and text.schedule == "щомісяця"
    assert offered.target == 12 and text.unit == "виїздів"
    # Invited but not taking part, or outside the programme: nothing offered.
    assert _offered(pw.world.other) == []


def test_a_draft_template_and_a_programme_left_offer_nothing(pw):
    _template(pw, published=False)
    assert _offered(pw.world.community) == []
    _template(pw, published=True)
    assert len(_offered(pw.world.community)) == 1
    actions.leave_programme(actor=pw.world.admin, participation=pw.participation)
    assert _offered(pw.world.community) == []
