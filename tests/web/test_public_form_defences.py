"""The defences every public form shares (``holos.defences``), read on their own.

The forms' own tests (surveys, the suggestion box, the subscribe form) send them through
HTTP; these pin what the three have in common: one stamp format bound to its form and key,
one order of checks, one set of refusals, settings read per form.
"""

import time
from types import SimpleNamespace

from django.core import signing
from django.test import RequestFactory

from holos import defences, senders
from holos.defences import HONEYPOT_FIELD, STAMP_FIELD, SUBSCRIBE, SUGGESTION, SURVEY, Refusal


def _request(address="203.0.113.20", **fields):
    return RequestFactory().post("/", fields, REMOTE_ADDR=address)


def test_a_stamp_is_good_only_for_its_own_form_and_key():
    stamp = SUGGESTION.stamp(7, now=time.time() - 60)
    assert SUGGESTION.stamp_problem(stamp, 7) is None
    assert SUGGESTION.stamp_problem(stamp, 8) == Refusal.BAD_STAMP
    assert SURVEY.stamp_problem(stamp, 7) == Refusal.BAD_STAMP
    assert SUBSCRIBE.stamp_problem(stamp, 7) == Refusal.BAD_STAMP
    assert SUGGESTION.stamp_problem(stamp[:-2] + "xx", 7) == Refusal.BAD_STAMP
    assert SUGGESTION.stamp_problem("", 7) == Refusal.BAD_STAMP


def test_a_stamp_cannot_be_moved_to_another_key_or_time():
    stamp = SURVEY.stamp(7, now=time.time() - 60)
    key, started, mac = stamp.split(".")
    assert SURVEY.stamp_problem(f"8.{started}.{mac}", 8) == Refusal.BAD_STAMP
    assert SURVEY.stamp_problem(f"{key}.{int(started) - 6000}.{mac}", 7) == Refusal.BAD_STAMP
    for forged in (f"{key}.{started}.{mac[:-1]}ї", f"{key}.{started}", "7", ".", "7.x.y", "ї:ї"):
        assert SURVEY.stamp_problem(forged, 7) == Refusal.BAD_STAMP, forged


def test_a_stamp_of_the_shape_handed_out_before_is_still_good():
    """Pages opened before the stamp became an HMAC carry signed JSON; they are answered as before."""
    before = signing.dumps({"k": 7, "t": round(time.time() - 60, 2)}, salt="holos.defences.suggestion")
    assert SUGGESTION.stamp_problem(before, 7) is None
    assert SUGGESTION.stamp_problem(before, 8) == Refusal.BAD_STAMP
    assert SURVEY.stamp_problem(before, 7) == Refusal.BAD_STAMP
    assert SUGGESTION.stamp_problem(before[:-2] + "xx", 7) == Refusal.BAD_STAMP
    too_new = signing.dumps({"k": 7, "t": round(time.time() + 60, 2)}, salt="holos.defences.suggestion")
    assert SUGGESTION.stamp_problem(too_new, 7) == Refusal.BAD_STAMP


def test_a_stamp_outlives_a_change_of_the_secret_key_while_the_old_one_is_kept(settings):
    stamp = SURVEY.stamp(5, now=time.time() - 60)
    old_key, settings.SECRET_KEY = settings.SECRET_KEY, "another secret key for the stamps, long enough" * 2
    assert SURVEY.stamp_problem(stamp, 5) == Refusal.BAD_STAMP
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert SURVEY.stamp_problem(stamp, 5) is None


def test_the_fill_time_and_the_age_come_from_each_forms_settings(settings):
    settings.HOLOS_SURVEY_MIN_SECONDS, settings.HOLOS_SUGGESTION_MIN_SECONDS = 10, 1
    stamp_survey, stamp_suggestion = SURVEY.stamp(1, now=time.time() - 5), SUGGESTION.stamp(1, now=time.time() - 5)
    assert SURVEY.stamp_problem(stamp_survey, 1) == Refusal.TOO_FAST
    assert SUGGESTION.stamp_problem(stamp_suggestion, 1) is None
    settings.HOLOS_SUGGESTION_FORM_MAX_AGE = 3
    assert SUGGESTION.stamp_problem(stamp_suggestion, 1) == "expired"


def test_the_honeypot_is_checked_first_and_a_refusal_is_not_counted_against_the_sender(settings):
    settings.HOLOS_SUBSCRIBE_ADDRESS_LIMIT = 1
    good = SUBSCRIBE.stamp(3, now=time.time() - 60)
    trapped = SUBSCRIBE.check(_request(**{HONEYPOT_FIELD: "http://spam", STAMP_FIELD: "forged"}), 3)
    assert (trapped.refusal, trapped.expired) == (Refusal.HONEYPOT, False)
    assert SUBSCRIBE.check(_request(**{STAMP_FIELD: "forged"}), 3).refusal == Refusal.BAD_STAMP
    # Neither refusal used the one submission the address may send.
    assert SUBSCRIBE.check(_request(**{STAMP_FIELD: good}), 3).refusal is None
    assert SUBSCRIBE.check(_request(**{STAMP_FIELD: good}), 3).refusal == Refusal.ADDRESS_RATE


def test_an_old_form_gets_a_fresh_stamp_and_a_mistake_keeps_the_first(settings):
    settings.HOLOS_SURVEY_FORM_MAX_AGE = 60
    old = SURVEY.stamp(4, now=time.time() - 600)
    verdict = SURVEY.check(_request(**{STAMP_FIELD: old}), 4)
    assert verdict.expired and verdict.refusal is None and verdict.stamp != old
    assert SURVEY.stamp_problem(verdict.stamp, 4) in (None, Refusal.TOO_FAST)
    recent = SURVEY.stamp(4, now=time.time() - 30)
    assert SURVEY.check(_request(**{STAMP_FIELD: recent}), 4).stamp == recent


def test_the_daily_and_the_everyone_limits(settings):
    settings.HOLOS_SUGGESTION_ADDRESS_LIMIT, settings.HOLOS_SUGGESTION_DAILY_LIMIT = 100, 2
    found = [SUGGESTION.rate_problem(_request("198.51.100.1"), now=1000.0) for _ in range(3)]
    assert found == [None, None, Refusal.ADDRESS_RATE]
    settings.HOLOS_SURVEY_GLOBAL_LIMIT, settings.HOLOS_SURVEY_GLOBAL_WINDOW = 2, 60
    found = [SURVEY.rate_problem(_request(f"198.51.100.{n + 10}"), now=1000.0) for n in range(3)]
    assert found == [None, None, Refusal.GLOBAL_RATE]
    # A limit of 0 is no limit.
    settings.HOLOS_SUGGESTION_DAILY_LIMIT = 0
    assert SUGGESTION.rate_problem(_request("198.51.100.1"), now=1000.0) is None


def test_a_count_is_one_call_to_the_cache_once_its_window_has_begun(monkeypatch):
    calls = []
    shared = senders.counters()

    class Counting:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(shared, name)

    monkeypatch.setattr(senders, "counters", Counting)
    assert not senders.over_limit("survey:someone", 2, 60, now=1000.0)
    calls.clear()
    assert not senders.over_limit("survey:someone", 2, 60, now=1001.0)
    assert calls == ["incr"]
    assert senders.over_limit("survey:someone", 2, 60, now=1002.0)
    # A new window counts from one again.
    assert not senders.over_limit("survey:someone", 2, 60, now=1060.0)


def test_with_the_cache_in_memory_the_counts_stay_past_what_that_cache_keeps(settings):
    # Django's local-memory cache forgets its oldest entries past 300: the counts of a busy
    # form's senders among them, so a sender forgotten could send again at once.
    assert isinstance(senders.counters(), senders.ProcessCounts)
    settings.HOLOS_SURVEY_ADDRESS_LIMIT, settings.HOLOS_SURVEY_DAILY_LIMIT = 1, 0
    first = _request("198.51.100.7")
    assert SURVEY.rate_problem(first, now=1000.0) is None
    for n in range(400):
        assert SURVEY.rate_problem(_request(f"10.0.{n // 250}.{n % 250}"), now=1000.0) is None
    assert SURVEY.rate_problem(_request("198.51.100.7"), now=1000.0) == Refusal.ADDRESS_RATE


def test_process_counts_end_with_their_time_and_keep_the_newest_past_their_limit(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(senders, "time", SimpleNamespace(time=time.time, monotonic=lambda: clock[0]))
    counts = senders.ProcessCounts()
    assert counts.add("a", 1, timeout=10)
    assert not counts.add("a", 1, timeout=10)
    assert counts.incr("a") == 2
    clock[0] = 110.0
    try:
        counts.incr("a")
    except ValueError:
        pass
    else:
        raise AssertionError("a count past its time is gone")
    assert counts.add("a", 1, timeout=10) and counts.incr("a") == 2
    monkeypatch.setattr(senders.ProcessCounts, "LIMIT", 3)
    for key in "bcde":
        counts.add(key, 1, timeout=10)
    assert len(counts) == 3
    assert counts.incr("e") == 2 and counts.incr("d") == 2 and counts.incr("c") == 2
    for gone in ("a", "b"):
        try:
            counts.incr(gone)
        except ValueError:
            continue
        raise AssertionError(f"{gone} is among the oldest and should be gone")


def test_a_cache_outside_the_process_counts_there(settings, tmp_path):
    settings.CACHES = {**settings.CACHES, "counting": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    settings.HOLOS_RATE_LIMIT_CACHE = "counting"
    from django.core.cache import caches

    assert senders.counters() is caches["counting"]
    settings.HOLOS_SURVEY_ADDRESS_LIMIT, settings.HOLOS_SURVEY_DAILY_LIMIT = 1, 0
    assert SURVEY.rate_problem(_request("198.51.100.8"), now=1000.0) is None
    assert SURVEY.rate_problem(_request("198.51.100.8"), now=1000.0) == Refusal.ADDRESS_RATE
    # Counted in the files, not in this process.
    assert not any(len(counts) for counts in senders._PROCESS_COUNTS.values())
    assert any(tmp_path.iterdir())


def test_every_form_has_every_setting_declared(settings):
    for form in (SURVEY, SUGGESTION, SUBSCRIBE):
        for what in ("MIN_SECONDS", "FORM_MAX_AGE", "ADDRESS_LIMIT", "ADDRESS_WINDOW", "DAILY_LIMIT",
                     "GLOBAL_LIMIT", "GLOBAL_WINDOW"):
            assert isinstance(form.setting(what), int), (form.name, what)
    assert set(Refusal.values) <= {"honeypot", "too_fast", "bad_stamp", "address_rate", "global_rate"}
    assert defences.HONEYPOT_FIELD == "website"
