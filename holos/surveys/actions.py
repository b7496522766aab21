"""Every write to surveys, one function per change.

Each staff action owns its transaction and its audit row. Responses from the public are
not audited one by one (there may be a hundred thousand); what is kept of them is the
response itself and, for those turned away, a count per survey and reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from holos.audit.actions import record
from holos.bulk_insert import log_statement
from holos.locks import lock
from holos.surveys.models import (
    CHOICE_KINDS,
    KEPT_SURVEYS,
    Answer,
    AnswerRow,
    Choice,
    CodeUse,
    IndicatorLink,
    InvitationCode,
    Question,
    RejectionCount,
    Response,
    Survey,
    pick_text,
)
from holos.work.actions import add_measurement

SURVEY_FIELDS = ("title", "description", "opens_at", "closes_at", "activity", "invitation_only", "one_per_browser")


def survey_snapshot(survey: Survey) -> dict[str, Any]:
    return {
        "title": survey.title,
        "description": survey.description,
        "opens_at": survey.opens_at.isoformat() if survey.opens_at else None,
        "closes_at": survey.closes_at.isoformat() if survey.closes_at else None,
        "activity": survey.activity_id,
        "invitation_only": survey.invitation_only,
        "one_per_browser": survey.one_per_browser,
        "results_published": survey.results_published_at is not None,
    }


def question_snapshot(question: Question) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "text": question.text,
        "help": question.help,
        "required": question.required,
        "position": question.position,
        "choices": [c.text for c in question.choices.all()],
    }


def _touch(survey: Survey) -> None:
    """Mark the survey changed: its public page, cached by version, is rendered anew."""
    survey.updated_at = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(updated_at=survey.updated_at)


def _forget(survey: Survey) -> None:
    """Drop this process's kept copy of the survey now and again once the change is committed.

    The second time covers a request that kept the old row while the change was being
    written.
    """
    KEPT_SURVEYS.pop(survey.token, None)
    transaction.on_commit(lambda: KEPT_SURVEYS.pop(survey.token, None))


def _audit(actor, survey: Survey, action: str, *, obj=None, before=None, after=None) -> None:
    _forget(survey)
    record(actor=actor, organization=survey.organization, action=action, obj=obj or survey,
           before=before, after=after)


# Surveys


@transaction.atomic
def create_survey(*, actor, organization, **fields) -> Survey:
    survey = Survey(organization=organization, created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    **{k: v for k, v in fields.items() if k in SURVEY_FIELDS})
    survey.save()
    _audit(actor, survey, "survey.create", after=survey_snapshot(survey))
    return survey


@transaction.atomic
def update_survey(*, actor, survey: Survey, **fields) -> Survey:
    lock(survey)
    before = survey_snapshot(survey)
    for name, value in fields.items():
        if name in SURVEY_FIELDS:
            setattr(survey, name, value)
    survey.updated_at = timezone.now()
    survey.save()
    _audit(actor, survey, "survey.update", before=before, after=survey_snapshot(survey))
    return survey


@transaction.atomic
def delete_survey(*, actor, survey: Survey) -> None:
    before = survey_snapshot(survey)
    before["responses"] = survey.responses.count()
    _audit(actor, survey, "survey.delete", before=before)
    survey.delete()


@transaction.atomic
def open_survey(*, actor, survey: Survey, now=None) -> Survey:
    """Open now; a closing moment already past is cleared so the survey is open at once."""
    lock(survey)
    now = now or timezone.now()
    before = survey_snapshot(survey)
    survey.opens_at = now
    if survey.closes_at is not None and survey.closes_at <= now:
        survey.closes_at = None
    survey.updated_at = now
    survey.save()
    _audit(actor, survey, "survey.open", before=before, after=survey_snapshot(survey))
    return survey


@transaction.atomic
def close_survey(*, actor, survey: Survey, now=None) -> Survey:
    lock(survey)
    now = now or timezone.now()
    before = survey_snapshot(survey)
    survey.closes_at = now
    if survey.opens_at is None or survey.opens_at > now:
        survey.opens_at = now
    survey.updated_at = now
    survey.save()
    _audit(actor, survey, "survey.close", before=before, after=survey_snapshot(survey))
    return survey


@transaction.atomic
def publish_results(*, actor, survey: Survey, note: dict[str, str]) -> Survey:
    lock(survey)
    before = {"note": survey.results_note, "published": survey.results_published_at is not None}
    survey.results_note = note
    survey.results_published_at = survey.results_published_at or timezone.now()
    survey.updated_at = timezone.now()
    survey.save(update_fields=["results_note", "results_published_at", "updated_at"])
    _audit(actor, survey, "survey.publish_results", before=before, after={"note": note, "published": True})
    return survey


@transaction.atomic
def unpublish_results(*, actor, survey: Survey) -> Survey:
    lock(survey)
    survey.results_published_at = None
    survey.updated_at = timezone.now()
    survey.save(update_fields=["results_published_at", "updated_at"])
    _audit(actor, survey, "survey.unpublish_results", before={"published": True}, after={"published": False})
    return survey


# Questions


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _set_choices(question: Question, choices: Sequence[dict[str, str]]) -> None:
    """Rename the options in place by position, add new ones, drop those past the end.

    Options keep their rows so that answers already given stay attached to them; the
    question form refuses to drop an option once the question has answers.
    """
    if question.kind not in CHOICE_KINDS:
        choices = []
    existing = list(question.choices.order_by("position", "id"))
    for position, text in enumerate(choices):
        if position < len(existing):
            choice = existing[position]
            if choice.text != text or choice.position != position:
                choice.text, choice.position = text, position
                choice.save(update_fields=["text", "position"])
        else:
            Choice.objects.create(question=question, position=position, text=text)
    extra = [c.pk for c in existing[len(choices):]]
    if extra:
        Choice.objects.filter(pk__in=extra).delete()


@transaction.atomic
def add_question(*, actor, survey: Survey, kind: str, text: dict[str, str], help: dict[str, str] | None = None,
                 required: bool = True, choices: Sequence[dict[str, str]] = ()) -> Question:
    lock(survey)
    question = Question.objects.create(survey=survey, kind=kind, text=text, help=help or {}, required=required,
                                       position=_next_position(survey.questions.all()))
    _set_choices(question, choices)
    _touch(survey)
    _audit(actor, survey, "question.create", obj=question, after=question_snapshot(question))
    return question


@transaction.atomic
def update_question(*, actor, question: Question, kind: str, text: dict[str, str], help: dict[str, str],
                    required: bool, choices: Sequence[dict[str, str]] = ()) -> Question:
    lock(question.survey)
    lock(question)
    before = question_snapshot(question)
    question.kind, question.text, question.help, question.required = kind, text, help, required
    question.save()
    _set_choices(question, choices)
    _touch(question.survey)
    _audit(actor, question.survey, "question.update", obj=question, before=before,
           after=question_snapshot(question))
    return question


@transaction.atomic
def delete_question(*, actor, question: Question) -> None:
    survey = question.survey
    before = question_snapshot(question)
    before["answers"] = question.answers.count()
    _audit(actor, survey, "question.delete", obj=question, before=before)
    question.delete()
    _touch(survey)


@transaction.atomic
def move_question(*, actor, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1) among its survey's questions."""
    lock(question.survey)
    questions = list(question.survey.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = max(0, min(len(questions) - 1, index + offset))
    if target == index:
        return
    questions.insert(target, questions.pop(index))
    for position, item in enumerate(questions):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    _touch(question.survey)
    _audit(actor, question.survey, "question.move", obj=question, before={"position": index},
           after={"position": target})


# Invitation codes


@transaction.atomic
def generate_codes(*, actor, survey: Survey, labels: Iterable[str]) -> list[InvitationCode]:
    """One new code per person named (a name, an email, a flat number: whatever helps hand it out)."""
    codes = [InvitationCode(survey=survey, label=" ".join(label.split())[:200]) for label in labels]
    # Codes are random; in the rare case of a clash with an existing one, draw again.
    taken = set(InvitationCode.objects.filter(code__in=[c.code for c in codes]).values_list("code", flat=True))
    seen: set[str] = set()
    for code in codes:
        while code.code in taken or code.code in seen:
            code.code = InvitationCode._meta.get_field("code").get_default()
        seen.add(code.code)
    InvitationCode.objects.bulk_create(codes, batch_size=500)
    _audit(actor, survey, "survey.codes", after={"generated": len(codes)})
    return codes


# Indicators


@transaction.atomic
def link_indicator(*, actor, survey: Survey, indicator, metric: str, question: Question | None) -> IndicatorLink:
    link, _created = IndicatorLink.objects.update_or_create(
        survey=survey, indicator=indicator, defaults={"metric": metric, "question": question})
    _audit(actor, survey, "survey.link_indicator", obj=link,
           after={"indicator": indicator.pk, "metric": metric, "question": getattr(question, "pk", None)})
    return link


@transaction.atomic
def unlink_indicator(*, actor, link: IndicatorLink) -> None:
    _audit(actor, link.survey, "survey.unlink_indicator", obj=link,
           before={"indicator": link.indicator_id, "metric": link.metric, "question": link.question_id})
    link.delete()


@transaction.atomic
def record_indicator_values(*, actor, survey: Survey, day: date | None = None) -> list[tuple[IndicatorLink, float]]:
    """Write each linked indicator's value, computed from all responses, as a measurement of today.

    The indicator's current value (its latest measurement) then shows the survey's
    result on the plan's dashboard and in reports; earlier values stay as its history.
    A value that cannot be computed yet (no answers) is not written.
    """
    from holos.surveys.results import indicator_value

    day = day or timezone.localdate()
    responses = survey.responses.counted().count()
    written = []
    links = survey.indicator_links.select_related("indicator__activity__plan__organization", "question")
    for link in links:
        value = indicator_value(link, responses=responses)
        if value is None:
            continue
        note = _("Survey “%(title)s”, %(count)s responses") % {"title": pick_text(survey.title), "count": responses}
        add_measurement(actor=actor, indicator=link.indicator, day=day, value=value, note=note[:300])
        written.append((link, value))
    _audit(actor, survey, "survey.indicators", after={
        "responses": responses, "values": {str(link.indicator_id): value for link, value in written}})
    return written


# Responses from the public


def submit_response(*, survey: Survey, answers: Sequence[Answer | AnswerRow], language: str = "",
                    code: InvitationCode | None = None, stamp: str = "", sender: str = "") -> Response | None:
    """Store one response with its answers (``AnswerRow`` values or unsaved ``Answer`` rows); None if its code is spent.

    Without an invitation code, the response and its answers are one statement (see
    ``_insert_response``). With one, the code's use is written first, in the same
    transaction as the response: the database's primary key on ``CodeUse`` lets one of two
    racing submissions through and rolls the other back whole. Reads happen before the
    transaction, so that on SQLite the transaction's first statement takes the write lock
    and waits for it.
    """
    for answer in answers:
        if isinstance(answer, Answer):
            answer.text_folded = answer.text.casefold() if answer.text else ""
    response = Response(survey=survey, language=language[:8], stamp=stamp[:32], sender=sender[:32])
    if code is None:
        _insert_response(response, list(answers))
        return response
    try:
        with transaction.atomic():
            CodeUse.objects.create(code=code)
            _insert_response(response, list(answers))
    except IntegrityError:
        return None
    return response


@dataclass(frozen=True)
class _Statement:
    sql: str
    response_values: Callable[[Any], tuple]
    answer_values: Callable[[Any], tuple]


# Fields whose value on an unsaved row is what the database is given, as it is.
PLAIN_FIELDS = frozenset(("CharField", "TextField", "FloatField", "IntegerField", "BooleanField", "ForeignKey",
                          "BigIntegerField", "PositiveIntegerField"))


def _values_of(fields, connection) -> Callable[[Any], tuple]:
    """How to take the fields' values from an unsaved row, in order, as the database takes them.

    Plain attributes are read in one call (``operator.attrgetter``): a response's answers
    are read on every submission, and a function call per value was most of it.
    """
    if len(fields) > 1 and all(f.get_internal_type() in PLAIN_FIELDS for f in fields):
        return attrgetter(*(f.attname for f in fields))  # a tuple, given two names or more

    def prepared(field):
        if field.get_internal_type() in PLAIN_FIELDS:
            return attrgetter(field.attname)
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)

    getters = [prepared(f) for f in fields]
    return lambda obj: tuple(get(obj) for get in getters)


@lru_cache(maxsize=64)
def _response_statement(alias: str, answer_count: int) -> _Statement:
    """The one statement that writes a response and ``answer_count`` answers, built once per count."""
    connection = connections[alias]
    # Only names from the models' metadata, quoted, are put into the SQL; values are parameters.
    quote = connection.ops.quote_name
    pk = quote(Response._meta.pk.column)

    def columns(model, skip=()):
        return [f for f in model._meta.local_concrete_fields if not f.primary_key and f.attname not in skip]

    def names(fields):
        return ", ".join(quote(f.column) for f in fields)

    response_fields = columns(Response)
    answer_fields = columns(Answer, skip=("response_id",))
    parts = [
        "WITH response AS (INSERT INTO", quote(Response._meta.db_table), f"({names(response_fields)})",
        "VALUES (" + ", ".join(["%s"] * len(response_fields)) + ")", "RETURNING", pk + ")",
    ]
    if answer_count:
        row = "(" + ", ".join("%s::" + f.cast_db_type(connection) for f in answer_fields) + ")"
        parts += [
            ", answers AS (INSERT INTO", quote(Answer._meta.db_table),
            f"({quote(Answer._meta.get_field('response').column)}, {names(answer_fields)})",
            "SELECT response.", pk, ", v.* FROM response CROSS JOIN (VALUES", ", ".join([row] * answer_count),
            ") AS v)",
        ]
    parts += ["SELECT", pk, "FROM response"]
    return _Statement(sql=" ".join(parts),
                      response_values=_values_of(response_fields, connection),
                      answer_values=_values_of(answer_fields, connection))


def _insert_response(response: Response, answers: list[Answer | AnswerRow]) -> None:
    """Write a response and its answers.

    On PostgreSQL this is one statement, atomic by itself, the answers inserted in a
    data-modifying ``WITH`` from the response's new id: under a rush of answers a
    round trip to the database (and a transaction's BEGIN and COMMIT) is most of the
    cost of storing one. Other databases get two INSERTs in a transaction. The columns
    come from the models, so a field added to either is written too (and must be given
    to ``AnswerRow``). An unsaved ``Answer`` given is linked to the response once written.
    """
    connection = connections[router.db_for_write(Response)]
    if connection.vendor != "postgresql":
        with transaction.atomic(using=connection.alias):
            response.save(using=connection.alias)
            Answer.objects.using(connection.alias).bulk_create([_answer_of(response, answer) for answer in answers])
        return
    statement = _response_statement(connection.alias, len(answers))
    params = list(statement.response_values(response))
    answer_values = statement.answer_values
    for answer in answers:
        params.extend(answer_values(answer))
    started = time.monotonic()
    with _values_apart(connection) as cursor:
        cursor.execute(statement.sql, params)
        response.pk = cursor.fetchone()[0]
    log_statement(connection, statement.sql, started)  # a prepared statement has no text of its own in psycopg
    response._state.adding, response._state.db = False, connection.alias
    for answer in answers:
        if isinstance(answer, Answer):
            answer.response = response


def _values_apart(connection):
    """A cursor on the PostgreSQL connection that sends a statement's values apart from its text, prepared.

    Django's cursors put the values into the text (client-side binding): for a response's
    statement, with five values per answer, quoting them in took more of the server
    process's time than the rest of storing the response on its side. The statement is
    also prepared on the connection the first time it runs (one per number of answers),
    so that the server plans it once instead of for every response, which was as much of
    its work again as a bare INSERT's (unless ``HOLOS_DATABASE_PREPARED`` is off). Wrapped
    as Django's own cursors are, so that errors are Django's.
    """
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None and settings.HOLOS_DATABASE_PREPARED:
        # Django's connections prepare nothing by themselves (their cursors put the values
        # into the text); this lets a cursor that asks prepare its statement.
        raw.prepare_threshold = ONLY_WHEN_ASKED
    return connection.make_cursor(_prepared_cursor_class()(raw))


# A threshold of executions never reached: statements are prepared only with ``prepare=True``.
ONLY_WHEN_ASKED = 2**62


@lru_cache(maxsize=1)
def _prepared_cursor_class():
    import psycopg

    class PreparedCursor(psycopg.Cursor):
        """A psycopg cursor whose statements are prepared on their connection, unless told otherwise."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)

    return PreparedCursor


def _answer_of(response: Response, answer: Answer | AnswerRow) -> Answer:
    """The unsaved ``Answer`` of the response for an answer given either way."""
    if isinstance(answer, Answer):
        answer.response = response
        return answer
    return Answer(response=response, question_id=answer.question_id, choice_id=answer.choice_id, number=answer.number,
                  text=answer.text, text_folded=answer.text_folded)


@transaction.atomic
def discount_responses(*, actor, survey: Survey, responses, keep_first: bool = True) -> int:
    """Leave a burst of responses out of the results (all but the first, with ``keep_first``); audited."""
    lock(survey)
    pks = list(responses.values_list("pk", flat=True))
    if keep_first:
        pks = pks[1:]
    count = Response.objects.filter(pk__in=pks, discounted_at__isnull=True).update(discounted_at=timezone.now())
    _touch(survey)
    _audit(actor, survey, "survey.discount", after={"responses": count})
    return count


@transaction.atomic
def count_again(*, actor, survey: Survey, responses) -> int:
    """Count discounted responses in the results again; audited."""
    lock(survey)
    count = Response.objects.filter(pk__in=list(responses.values_list("pk", flat=True)),
                                    discounted_at__isnull=False).update(discounted_at=None)
    _touch(survey)
    _audit(actor, survey, "survey.restore", after={"responses": count})
    return count


def count_rejection(*, survey: Survey, reason: str) -> None:
    """Add one to the survey's count of submissions turned away for this reason."""
    now = timezone.now()
    counts = RejectionCount.objects.filter(survey=survey, reason=reason)
    if counts.update(count=F("count") + 1, last_at=now):
        return
    try:
        with transaction.atomic():
            RejectionCount.objects.create(survey=survey, reason=reason, count=1, last_at=now)
    except IntegrityError:
        # Another process made the row in the meantime.
        counts.update(count=F("count") + 1, last_at=now)
