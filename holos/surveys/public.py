"""The survey as residents see it: no sign-in, no JavaScript, one page of questions.

A submission is checked in order (rates, the security token, the hidden field, the
form's stamp, the invitation code) and any that fails gets the very page an accepted
one gets, with status 200, while the survey's count for that reason goes up by one.
A person's own mistakes (a required question left out) are shown to them to correct.

The blank form and the thank-you page are rendered once per survey version (its
``updated_at``) and language and kept in the process a minute; each request then only
puts in its own CSRF token and form stamp. This is what lets a few processes take
hundreds of answers a second (see ``bench/survey_load.py``).
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt

from holos.defences import HONEYPOT_FIELD, STAMP_FIELD, SURVEY
from holos.senders import sender_key
from holos.surveys import actions
from holos.surveys.forms import ResponseForm
from holos.surveys.models import (
    KEPT_SURVEYS,
    KEPT_SURVEYS_LIMIT,
    CodeUse,
    InvitationCode,
    Question,
    Rejection,
    Survey,
    SurveyStatus,
    current_language,
)
from holos.surveys.protection import answered_here, mark_answered, stamp_key
from holos.surveys.results import compute_results

PAGE_SECONDS = 60
SURVEY_SECONDS = 2
# Stand-ins for the per-request values in a cached page; letters only, so escaping keeps them.
CSRF_SLOT = "holosCsrfSlot7f3a9c"
STAMP_SLOT = "holosStampSlot7f3a9c"


@dataclass
class _Definition:
    """What a process keeps of one version of a survey: its questions, their form fields and its pages.

    Fields are per language; pages per name, language and address, each with the moment
    it expires (``PAGE_SECONDS``), as a page shows more than the survey (its organisation's name).
    """

    version: datetime
    questions: list[Question] | None = None
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    pages: dict[tuple[str, str, str], tuple[float, tuple]] = field(default_factory=dict)


# Kept in each process, not in the cache: unpickling the questions, or a page, on every
# request cost more than answering. A survey's version is its ``updated_at``, which every
# change of it or its questions moves, so an old definition is never used once the new row
# is read.
_DEFINITIONS: OrderedDict[int, _Definition] = OrderedDict()
DEFINITIONS_KEPT = 256


def _definition(survey: Survey) -> _Definition:
    """The process's definition of this version of the survey; a new version starts an empty one."""
    definition = _DEFINITIONS.get(survey.pk)
    if definition is None or definition.version != survey.updated_at:
        definition = _Definition(version=survey.updated_at)
        _DEFINITIONS[survey.pk] = definition
        while len(_DEFINITIONS) > DEFINITIONS_KEPT:
            _DEFINITIONS.popitem(last=False)
    return definition


def _compiled(survey: Survey) -> tuple[list[Question], dict[str, Any]]:
    """The survey's questions and their form fields, made once per version of the survey and language."""
    definition = _definition(survey)
    questions = definition.questions
    if questions is None:
        questions = definition.questions = list(survey.questions.prefetch_related("choices").order_by("position", "id"))
    language = current_language()
    fields = definition.fields.get(language)
    if fields is None:
        fields = definition.fields[language] = ResponseForm.build_fields(questions)
    return questions, fields


def survey_form(survey: Survey, data=None) -> ResponseForm:
    """The survey's form, its questions and fields compiled once per version of the survey and language."""
    questions, fields = _compiled(survey)
    return ResponseForm(data, questions=questions, fields=fields)


# A kept page is its text cut at the stand-ins, each piece encoded once: text, stand-in, text, ...
_SLOTS = re.compile(f"({CSRF_SLOT}|{STAMP_SLOT})")


def _cached_page(request, survey: Survey, name: str, template: str, context: Callable[[], dict]) -> HttpResponse:
    """A page rendered once per survey version, language and address, with this request's tokens put in.

    ``context`` makes the page's context, asked for only when the page is rendered.
    """
    pages = _definition(survey).pages
    key = (name, current_language(), request.path)
    now = time.monotonic()
    kept = pages.get(key)
    if kept is not None and kept[0] > now:
        pieces = kept[1]
    else:
        html = render_to_string(template, {**context(), "csrf_token": CSRF_SLOT, "stamp": STAMP_SLOT}, request)
        pieces = tuple(piece if n % 2 else piece.encode() for n, piece in enumerate(_SLOTS.split(html)))
        pages[key] = (now + PAGE_SECONDS, pieces)
    if len(pieces) == 1:
        return HttpResponse(pieces[0])
    values = {}
    if CSRF_SLOT in pieces:
        values[CSRF_SLOT] = get_token(request).encode()
    if STAMP_SLOT in pieces:
        values[STAMP_SLOT] = SURVEY.stamp(survey.pk).encode()
    return HttpResponse(b"".join(values[piece] if n % 2 else piece for n, piece in enumerate(pieces)))


def _public_survey(token: str) -> Survey:
    """The survey of a public address, kept a moment in this process (``KEPT_SURVEYS``).

    Every change through ``holos.surveys.actions`` drops it at once in the process that
    made it; other processes see the change within ``SURVEY_SECONDS``. Under a rush of
    answers this saves a query on every request.
    """
    now = time.monotonic()
    kept = KEPT_SURVEYS.get(token)
    if kept is not None and kept[0] > now:
        return kept[1]
    try:
        survey = Survey.objects.select_related("organization").get(token=token)
    except Survey.DoesNotExist:
        raise Http404 from None
    if len(KEPT_SURVEYS) >= KEPT_SURVEYS_LIMIT:
        KEPT_SURVEYS.clear()
    KEPT_SURVEYS[token] = (now + SURVEY_SECONDS, survey)
    return survey


def _checked_view(request):  # pragma: no cover - never called: CsrfViewMiddleware only looks at it
    return None


def _csrf_failed(request) -> bool:
    """Django's own CSRF check, run here so that its failure looks like any other rejection."""
    return CsrfViewMiddleware(_checked_view).process_view(request, _checked_view, (), {}) is not None


def _code_text(data) -> str:
    return "".join((data.get("code") or "").split()).upper()[:16]


def _form_context(survey, form, **extra) -> dict:
    return {"survey": survey, "form": form, "honeypot": HONEYPOT_FIELD, "stamp_field": STAMP_FIELD,
            "error_count": len(form.errors) if form.is_bound else 0, **extra}


def _render_form(request, survey, form, *, stamp: str, code: str = "", expired: bool = False, status: int = 200):
    context = _form_context(survey, form, stamp=stamp, code=code, expired=expired)
    return render(request, "surveys/public/survey.html", context, status=status)


def _thanks(request, survey):
    return _cached_page(request, survey, "thanks", "surveys/public/thanks.html", lambda: {"survey": survey})


@csrf_exempt  # checked in the view: a failure must look like every other rejection
def survey_page(request, token):
    survey = _public_survey(token)
    status = survey.status
    if status != SurveyStatus.OPEN:
        return render(request, "surveys/public/unavailable.html", {"survey": survey, "status": status})
    if request.method == "POST":
        return _submit(request, survey)
    code = ""
    if survey.invitation_only:
        code = _code_text(request.GET)
        if not code:
            return render(request, "surveys/public/code.html", {"survey": survey})
        invitation = InvitationCode.objects.filter(survey=survey, code=code).first()
        if invitation is None:
            return render(request, "surveys/public/code.html", {"survey": survey, "unknown": True, "code": code})
        if CodeUse.objects.filter(code=invitation).exists():
            return render(request, "surveys/public/code_used.html", {"survey": survey})
    if not code and not request.GET:
        return _cached_page(request, survey, "form", "surveys/public/survey.html",
                            lambda: _form_context(survey, survey_form(survey)))
    return _render_form(request, survey, survey_form(survey), stamp=SURVEY.stamp(survey.pk), code=code)


def _invitation_problem(request, survey) -> tuple[str | None, InvitationCode | None, str]:
    """Why an invitation-only survey turns the submission away (or None), the invitation and its code."""
    if not survey.invitation_only:
        return None, None, ""
    code = _code_text(request.POST)
    invitation = InvitationCode.objects.filter(survey=survey, code=code).first() if code else None
    if invitation is None:
        return Rejection.UNKNOWN_CODE, None, code
    if CodeUse.objects.filter(code=invitation).exists():
        return Rejection.USED_CODE, invitation, code
    return None, invitation, code


def _refusal(request, survey) -> tuple[str | None, bool, InvitationCode | None, str]:
    """The defences of public forms, then the survey's own: the invitation code and one response per browser."""
    if _csrf_failed(request):
        return Rejection.CSRF, False, None, ""
    verdict = SURVEY.check(request, survey.pk)
    if verdict.refusal is not None:
        return verdict.refusal, False, None, ""
    reason, invitation, code = _invitation_problem(request, survey)
    if reason is None and survey.one_per_browser and answered_here(request, survey):
        reason = Rejection.ANSWERED_HERE
    return reason, verdict.expired, invitation, code


def _submit(request, survey):
    stamp = request.POST.get(STAMP_FIELD, "")
    reason, expired, invitation, code = _refusal(request, survey)
    if reason is not None:
        actions.count_rejection(survey=survey, reason=reason)
        return _thanks(request, survey)
    questions, fields = _compiled(survey)
    answers = ResponseForm.answers_of(request.POST, questions=questions, fields=fields)
    if answers is None or expired:
        # The form again, with what was sent: what is wrong shown, or a fresh stamp for an old one.
        form = ResponseForm(request.POST, questions=questions, fields=fields)
        if not form.is_valid():
            return _render_form(request, survey, form, stamp=stamp, code=code, status=422)
        return _render_form(request, survey, form, stamp=SURVEY.stamp(survey.pk), code=code, expired=True)
    try:
        response = actions.submit_response(survey=survey, answers=answers, language=current_language(),
                                           code=invitation, stamp=stamp_key(stamp), sender=sender_key(request))
    except IntegrityError:
        # The survey was deleted a moment ago, while its page was still cached.
        raise Http404 from None
    if response is None:
        actions.count_rejection(survey=survey, reason=Rejection.USED_CODE)
    thanks = _thanks(request, survey)
    if survey.one_per_browser:
        mark_answered(thanks, survey)
    return thanks


def survey_public_results(request, token):
    survey = _public_survey(token)
    if survey.results_published_at is None:
        raise Http404
    results = compute_results(survey, include_text=False)
    return render(request, "surveys/public/results.html", {"survey": survey, "results": results})
