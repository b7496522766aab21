"""The activity library shipped with Holos: every template is whole in three languages and
does what it says, read by the same words the checks read plans with."""

from pathlib import Path

import pytest

from holos.core.checks import DEFAULT_FIT, FitTable, audience_groups, channel_kinds, closes_loop, is_measurable
from holos.core.checks.words import activity_text
from holos.core.document import Activity
from holos.core.schedule import parse_schedule
from holos.core.suggest.library import (
    EVERYONE,
    LANGUAGES,
    LibraryError,
    load_directory,
    load_fallbacks,
    template_from_dict,
)

LIBRARY = Path(__file__).resolve().parents[2] / "holos" / "builder" / "library"
TEMPLATES = load_directory(LIBRARY)
FIT = FitTable.default()


def test_the_library_holds_the_activities_of_the_method():
    keys = {t.key.split(":", 1)[1] for t in TEMPLATES}
    for named in ("hotline", "information-centre", "open-day", "survey", "round-table", "post-office-leaflets",
                  "audio-services-list", "sign-language-video", "starosta-meetings", "you-said-we-did",
                  "public-hearing", "participatory-budget"):
        assert named in keys
    assert {t.level for t in TEMPLATES} == set(DEFAULT_LEVELS)


DEFAULT_LEVELS = ("inform", "consult", "involve", "collaborate", "empower")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_template_is_whole_and_reaches_whom_it_suits(template, language):
    text = template.text(language)
    assert text is not None, "every template is written in Ukrainian, Czech and English"
    kinds = set().union(*(channel_kinds(c) for c in text.channels))
    # Its channels are of the kinds it says it uses, as the checks recognise them …
    assert kinds & template.kinds, (text.channels, template.kinds)
    # … and they reach every group it suits, by the checks' own table.
    for group in template.groups - {EVERYONE}:
        assert FIT.fits(group, kinds), (group, text.channels)
    # Its own audience is one it suits.
    assert template.suits(audience_groups(text.audience)), text.audience
    assert is_measurable(text.result)
    assert template.target is not None
    assert template.matches(text.title)
    if template.when == "words":
        schedule = parse_schedule(text.schedule, period_start="2025-01", period_end="2025-12")
        assert schedule.kind not in ("unknown",), text.schedule
    activity = Activity(title=text.title, channels=list(text.channels), result=text.result)
    assert closes_loop(activity_text(activity)) == template.closes_loop, text.title


def test_a_template_is_not_mistaken_for_another():
    for template in TEMPLATES:
        for other in TEMPLATES:
            if other is template:
                continue
            for language in LANGUAGES:
                assert not other.matches(template.text(language).title), (other.key, template.text(language).title)


def test_fallbacks_are_measurable_and_dated_in_every_language():
    fallbacks = load_fallbacks(LIBRARY)
    for level, texts in fallbacks.results.items():
        for language in LANGUAGES:
            assert is_measurable(texts[language].result)
            schedule = parse_schedule(texts[language].schedule, period_start="2025-01", period_end="2025-12")
            assert schedule.kind == "recurring", (level, language)
    assert fallbacks.messages[-1].matches("anything at all")
    assert set(DEFAULT_FIT) >= {"impaired_sight"}


@pytest.mark.parametrize("data, complaint", [
    ({"level": "shout", "groups": ["general"], "kinds": ["radio"]}, "level"),
    ({"level": "inform", "groups": ["martians"], "kinds": ["radio"]}, "groups"),
    ({"level": "inform", "groups": ["general"], "kinds": ["telepathy"]}, "kinds"),
    ({"level": "inform", "groups": ["general"], "kinds": ["radio"]}, "no language"),
    ({"level": "inform", "groups": ["general"], "kinds": ["radio"], "uk": {"title": "Ефір"}}, "missing"),
])
def test_a_broken_template_file_is_refused_with_its_reason(data, complaint):
    with pytest.raises(LibraryError, match=complaint):
        template_from_dict("broken", data)
