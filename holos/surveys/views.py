"""Survey pages for staff: the builder, results, exports, invitation codes, indicators.

Every view asks ``get_membership``/``get_object_for_member`` first: members of the
organisation read, editors and administrators change; anyone else gets 404.
"""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership, get_object_for_member
from holos.pages import form_status
from holos.surveys import actions
from holos.surveys.bursts import STAMP, burst_responses, bursts
from holos.surveys.exporting import csv_chunks, neutralize, xlsx_file
from holos.surveys.forms import (
    CodesForm,
    DateFilterForm,
    IndicatorLinkForm,
    PublishForm,
    QuestionForm,
    SurveyForm,
)
from holos.surveys.models import TEXT_KINDS, IndicatorLink, Question, Rejection, Survey
from holos.surveys.results import Period, compute_results, indicator_value

TEXT_PAGE_SIZE = 50
CODE_PAGE_SIZE = 200



def _survey(request, slug, pk, *, edit: bool = False):
    membership, survey = get_object_for_member(request, slug, Survey, pk, edit=edit)
    survey.organization = membership.organization
    return membership, survey


def _question(survey, qpk) -> Question:
    question = survey.questions.filter(pk=qpk).first()
    if question is None:
        raise Http404
    question.survey = survey
    return question


def survey_url(survey) -> str:
    return reverse("survey", args=[survey.organization.slug, survey.pk])


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def survey_list(request, slug):
    membership = get_membership(request, slug)
    surveys = (Survey.objects.for_organization(membership.organization).with_response_counts()
               .order_by("-created_at", "-id"))
    page = Paginator(surveys, 50).get_page(request.GET.get("page"))
    return render(request, "surveys/survey_list.html", {"membership": membership, "page": page})


def survey_create(request, slug):
    membership = get_membership(request, slug, edit=True)
    form = SurveyForm(request.POST or None, organization=membership.organization)
    if request.method == "POST" and form.is_valid():
        survey = actions.create_survey(actor=request.user, organization=membership.organization,
                                       **form.action_fields())
        messages.success(request, _("The survey was created. Now add its questions."))
        return redirect("survey", slug, survey.pk)
    return render(request, "surveys/survey_form.html", {"membership": membership, "form": form},
                  status=form_status(form))


def survey_detail(request, slug, pk):
    membership, survey = _survey(request, slug, pk)
    questions = list(survey.questions.prefetch_related("choices").order_by("position", "id"))
    rejections = list(survey.rejections.order_by("reason"))
    for rejection in rejections:
        rejection.label = Rejection(rejection.reason).label
    return render(request, "surveys/survey_detail.html", {
        "membership": membership, "survey": survey, "questions": questions,
        "responses": survey.responses.count(), "rejections": rejections,
        "public_url": survey.public_url(),
        "codes": survey.codes.count() if survey.invitation_only else None,
    })


def survey_edit(request, slug, pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    form = SurveyForm(request.POST or None, organization=membership.organization, survey=survey)
    if request.method == "POST" and form.is_valid():
        actions.update_survey(actor=request.user, survey=survey, **form.action_fields())
        messages.success(request, _("The survey was saved."))
        return redirect("survey", slug, survey.pk)
    return render(request, "surveys/survey_form.html", {"membership": membership, "form": form, "survey": survey},
                  status=form_status(form))


def survey_delete(request, slug, pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    if request.method == "POST":
        actions.delete_survey(actor=request.user, survey=survey)
        messages.success(request, _("The survey was deleted."))
        return redirect("surveys", slug)
    return render(request, "surveys/survey_delete.html", {
        "membership": membership, "survey": survey, "responses": survey.responses.count()})


def survey_set_status(request, slug, pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    if refused := _post_only(request):
        return refused
    if request.POST.get("action") == "open":
        if not survey.questions.exists():
            messages.error(request, _("Add a question before opening the survey."))
            return redirect("survey", slug, survey.pk)
        actions.open_survey(actor=request.user, survey=survey)
        messages.success(request, _("The survey is open."))
    elif request.POST.get("action") == "close":
        actions.close_survey(actor=request.user, survey=survey)
        messages.success(request, _("The survey is closed."))
    return redirect("survey", slug, survey.pk)


# Questions


def question_create(request, slug, pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = actions.add_question(actor=request.user, survey=survey, **form.action_fields())
        messages.success(request, _("The question was added."))
        if "another" in request.POST:
            return redirect("survey_question_create", slug, survey.pk)
        return redirect(f"{survey_url(survey)}#question-{question.pk}")
    return render(request, "surveys/question_form.html", {"membership": membership, "survey": survey, "form": form},
                  status=form_status(form))


def question_edit(request, slug, pk, qpk):
    membership, survey = _survey(request, slug, pk, edit=True)
    question = _question(survey, qpk)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        actions.update_question(actor=request.user, question=question, **form.action_fields())
        messages.success(request, _("The question was saved."))
        return redirect(f"{survey_url(survey)}#question-{question.pk}")
    return render(request, "surveys/question_form.html", {
        "membership": membership, "survey": survey, "question": question, "form": form}, status=form_status(form))


def question_delete(request, slug, pk, qpk):
    membership, survey = _survey(request, slug, pk, edit=True)
    question = _question(survey, qpk)
    if request.method == "POST":
        actions.delete_question(actor=request.user, question=question)
        messages.success(request, _("The question was deleted."))
        return redirect("survey", slug, survey.pk)
    return render(request, "surveys/question_delete.html", {
        "membership": membership, "survey": survey, "question": question, "answers": question.answers.count()})


def question_move(request, slug, pk, qpk):
    membership, survey = _survey(request, slug, pk, edit=True)
    question = _question(survey, qpk)
    if refused := _post_only(request):
        return refused
    offset = -1 if request.POST.get("direction") == "up" else 1
    actions.move_question(actor=request.user, question=question, offset=offset)
    return redirect(f"{survey_url(survey)}#question-{question.pk}")


# Results


def _period(request) -> tuple[DateFilterForm, Period]:
    form = DateFilterForm(request.GET or None)
    return form, Period(since=form.value("since"), until=form.value("until"))


def survey_results(request, slug, pk):
    membership, survey = _survey(request, slug, pk)
    form, period = _period(request)
    results = compute_results(survey, period=period)
    query = request.GET.urlencode()
    return render(request, "surveys/results.html", {
        "membership": membership, "survey": survey, "results": results, "filter": form,
        "query": f"?{query}" if query else "",
    })


def survey_bursts(request, slug, pk):
    """Many responses with one form, or from one address: shown to staff, who may leave them out of the results."""
    membership, survey = _survey(request, slug, pk, edit=True)
    if request.method == "POST":
        responses = burst_responses(survey, request.POST.get("kind", ""), request.POST.get("key", ""))
        if "restore" in request.POST:
            count = actions.count_again(actor=request.user, survey=survey, responses=responses)
            messages.success(request, _("%(count)s response(s) are counted in the results again.") % {"count": count})
        else:
            count = actions.discount_responses(actor=request.user, survey=survey, responses=responses)
            messages.success(request, _("%(count)s response(s) were left out of the results.") % {"count": count})
        return redirect("survey_bursts", slug, survey.pk)
    return render(request, "surveys/bursts.html", {
        "membership": membership, "survey": survey, "bursts": bursts(survey),
        "burst_size": settings.HOLOS_SURVEY_BURST_SIZE, "stamp": STAMP})


def survey_text_answers(request, slug, pk, qpk):
    membership, survey = _survey(request, slug, pk)
    question = _question(survey, qpk)
    if question.kind not in TEXT_KINDS:
        raise Http404
    form, period = _period(request)
    answers = period.answers([question]).select_related("response").order_by("-response__submitted_at", "-id")
    search = form.value("q")
    if search:
        # Folded on both sides: SQLite's own case-insensitive match knows only Latin letters.
        answers = answers.filter(text_folded__contains=search.casefold())
    page = Paginator(answers.only("text", "response__submitted_at"), TEXT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/text_answers.html", {
        "membership": membership, "survey": survey, "question": question, "page": page, "filter": form,
        "search": search,
    })


def survey_export(request, slug, pk, fmt):
    membership, survey = _survey(request, slug, pk, edit=True)
    _form, period = _period(request)
    stem = f"survey-{survey.pk}-responses"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(survey, period), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    if fmt == "xlsx":
        return FileResponse(xlsx_file(survey, period), as_attachment=True, filename=f"{stem}.xlsx",
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    raise Http404


# Invitation codes


def survey_codes(request, slug, pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = actions.generate_codes(actor=request.user, survey=survey, labels=form.cleaned_data["labels"])
        messages.success(request, _("%(count)s codes were made. Download them as CSV to hand them out.")
                         % {"count": len(codes)})
        return redirect("survey_codes", slug, survey.pk)
    codes = survey.codes.select_related("use").order_by("id")
    page = Paginator(codes, CODE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/codes.html", {
        "membership": membership, "survey": survey, "form": form, "page": page,
        "used": survey.codes.filter(use__isnull=False).count(),
    }, status=form_status(form))


def survey_codes_csv(request, slug, pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_("For whom"), _("Code"), _("Link"), _("Used")])
    link = survey.public_url()
    for code in survey.codes.select_related("use").order_by("id").iterator(chunk_size=2000):
        used = hasattr(code, "use")
        writer.writerow([neutralize(code.label), code.code, f"{link}?code={code.code}", _("Yes") if used else ""])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-codes.csv"'
    return response


# Indicators


def survey_indicators(request, slug, pk):
    membership, survey = _survey(request, slug, pk)
    form = IndicatorLinkForm(request.POST or None, survey=survey)
    if request.method == "POST":
        get_membership(request, slug, edit=True)
        if form.is_valid():
            actions.link_indicator(actor=request.user, survey=survey, **form.cleaned_data)
            messages.success(request, _("The indicator is linked."))
            return redirect("survey_indicators", slug, survey.pk)
    links = list(survey.indicator_links.select_related("indicator__activity", "question"))
    responses = survey.responses.count()
    for link in links:
        link.value = indicator_value(link, responses=responses)
    return render(request, "surveys/indicators.html", {
        "membership": membership, "survey": survey, "form": form, "links": links,
    }, status=form_status(form))


def survey_indicator_unlink(request, slug, pk, link_pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    if refused := _post_only(request):
        return refused
    link = IndicatorLink.objects.filter(survey=survey, pk=link_pk).select_related("survey").first()
    if link is None:
        raise Http404
    link.survey = survey
    actions.unlink_indicator(actor=request.user, link=link)
    messages.success(request, _("The indicator is no longer linked."))
    return redirect("survey_indicators", slug, survey.pk)


def survey_indicators_record(request, slug, pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    if refused := _post_only(request):
        return refused
    written = actions.record_indicator_values(actor=request.user, survey=survey, day=timezone.localdate())
    messages.success(request, _("%(count)s indicator values were recorded.") % {"count": len(written)})
    return redirect("survey_indicators", slug, survey.pk)


# Publishing results


def survey_publish(request, slug, pk):
    membership, survey = _survey(request, slug, pk, edit=True)
    form = PublishForm(request.POST or None, survey=survey)
    if request.method == "POST":
        if request.POST.get("action") == "unpublish":
            actions.unpublish_results(actor=request.user, survey=survey)
            messages.success(request, _("The results are no longer public."))
            return redirect("survey", slug, survey.pk)
        if form.is_valid():
            actions.publish_results(actor=request.user, survey=survey, note=form.note())
            messages.success(request, _("The results are public."))
            return redirect("survey", slug, survey.pk)
    return render(request, "surveys/publish.html", {"membership": membership, "survey": survey, "form": form},
                  status=form_status(form))

