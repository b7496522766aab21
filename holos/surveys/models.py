"""Surveys: questions with texts per language, anonymous responses, invitation codes.

A survey belongs to an organisation and may be linked to an activity of its plans and to
indicators that its results feed. Every write goes through ``holos.surveys.actions``.

Responses are anonymous: nothing about the person or their address is stored with them.
When a survey asks for invitation codes, the fact that a code was used is kept apart
from the response (``CodeUse``), so a list of codes and names never leads to answers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from holos.defences import Refusal

# The languages survey texts are typed in; the first is the one every text falls back to.
TEXT_LANGUAGES = ("uk", "en", "cs")
FALLBACK_LANGUAGE = TEXT_LANGUAGES[0]


class LocalText(str):
    """A text shown to a visitor, with the language it is really in (for ``lang=``)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> LocalText:
        value = super().__new__(cls, text)
        value.lang = lang
        return value


def current_language() -> str:
    return (get_language() or FALLBACK_LANGUAGE).split("-")[0].lower()


def pick_text(texts: dict | None, language: str | None = None) -> LocalText:
    """The text in the visitor's language, else in Ukrainian, else in any language given."""
    texts = texts or {}
    language = language or current_language()
    for lang in (language, FALLBACK_LANGUAGE, *TEXT_LANGUAGES):
        value = (texts.get(lang) or "").strip()
        if value:
            return LocalText(value, lang)
    return LocalText("", language)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("not open yet")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


# The surveys the public pages read lately, by public token: (kept until, survey). Kept in
# each process rather than in the cache, which would unpickle the survey on every request.
# A change through ``holos.surveys.actions`` drops its survey here; other processes see it
# once their copy is ``SURVEY_SECONDS`` old.
KEPT_SURVEYS: dict[str, tuple[float, Any]] = {}
KEPT_SURVEYS_LIMIT = 1024


def _public_token() -> str:
    return secrets.token_urlsafe(9)


class SurveyQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)

    def with_response_counts(self):
        return self.annotate(response_count=models.Count("responses"))


class Survey(models.Model):
    """A questionnaire with a public address, open between two moments.

    With no opening moment the survey is a draft; it accepts answers from ``opens_at``
    until ``closes_at`` (open-ended when that is empty).
    """

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="surveys")
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("introduction"), default=dict, blank=True)
    token = models.CharField(max_length=32, unique=True, default=_public_token, editable=False)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    activity = models.ForeignKey("plans.Activity", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="surveys", verbose_name=_("activity"))
    invitation_only = models.BooleanField(
        _("only with an invitation code"), default=False,
        help_text=_("Each code can be used for one response."),
    )
    one_per_browser = models.BooleanField(
        _("one response per browser"), default=False,
        help_text=_("A browser that has answered is not counted again (it keeps a signed cookie); the limit per "
                    "address stays as well."),
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    results_note = models.JSONField(_("what we heard and what we do"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return pick_text(self.title, FALLBACK_LANGUAGE)

    @property
    def title_shown(self) -> LocalText:
        return pick_text(self.title)

    @property
    def description_shown(self) -> LocalText:
        return pick_text(self.description)

    @property
    def results_note_shown(self) -> LocalText:
        return pick_text(self.results_note)

    def status_at(self, now) -> str:
        if self.opens_at is None:
            return SurveyStatus.DRAFT
        if now < self.opens_at:
            return SurveyStatus.SCHEDULED
        if self.closes_at is not None and now >= self.closes_at:
            return SurveyStatus.CLOSED
        return SurveyStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return str(SurveyStatus(self.status).label)

    def public_path(self) -> str:
        return reverse("survey_public", args=[self.token])

    def public_url(self) -> str:
        return settings.SITE_URL + self.public_path()


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE = "scale", _("scale from 1 to 5")
    YES_NO = "yes_no", _("yes or no")
    NUMBER = "number", _("number")
    SHORT_TEXT = "short_text", _("short text")
    LONG_TEXT = "long_text", _("long text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
# Kinds whose answers are counted per option (a choice, a point of the scale, yes or no).
COUNTED_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.YES_NO)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SCALE_POINTS = (1, 2, 3, 4, 5)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("explanation"), default=dict, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return pick_text(self.text, FALLBACK_LANGUAGE)

    @property
    def text_shown(self) -> LocalText:
        return pick_text(self.text)

    @property
    def help_shown(self) -> LocalText:
        return pick_text(self.help)

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(default=0)
    text = models.JSONField(_("option"), default=dict)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return pick_text(self.text, FALLBACK_LANGUAGE)

    @property
    def text_shown(self) -> LocalText:
        return pick_text(self.text)


class ResponseQuerySet(models.QuerySet):
    def counted(self):
        """The responses the results count: all but those an administrator discounted."""
        return self.filter(discounted_at__isnull=True)


class Response(models.Model):
    """One person's answers. Nothing identifies the person.

    ``stamp`` and ``sender`` are keyed hashes of the form's stamp and of the sender's home
    address (see ``holos.senders``): they name no one, but many responses sharing one are
    a burst an administrator may discount from the results.
    """

    # Indexed with the time it came and with its keys below: a survey's responses are
    # always read by survey, and each index is one more write per response.
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", db_index=False)
    submitted_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=8, blank=True)
    stamp = models.CharField(max_length=32, blank=True)
    sender = models.CharField(max_length=32, blank=True)
    discounted_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [
            models.Index(fields=["survey", "submitted_at"]),
            # A survey's bursts: its responses that share a form's stamp, or a sender.
            models.Index(fields=["survey", "stamp"], name="survey_response_stamps"),
            models.Index(fields=["survey", "sender"], name="survey_response_senders"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """The answer to one question; a multiple choice gives one row per option chosen.

    Choices are in ``choice``; the scale (1–5), yes/no (1/0) and numbers in ``number``;
    texts in ``text``, with ``text_folded`` holding its case-folded form so that a search
    finds Cyrillic text regardless of case on every database.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Found by question through ``survey_answer_counts``, which starts with it.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", db_index=False)
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers")
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    text_folded = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["response_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], condition=models.Q(choice__isnull=True),
                                    name="one_answer_per_question"),
            models.UniqueConstraint(fields=["response", "question", "choice"],
                                    condition=models.Q(choice__isnull=False), name="one_answer_per_choice"),
        ]
        indexes = [models.Index(fields=["question", "choice", "number"], name="survey_answer_counts")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


@dataclass(slots=True)
class AnswerRow:
    """An answer to store, as plain values: what a public response is made of before it is written.

    It has the attributes of ``Answer`` that are columns (``text_folded`` made from the
    text), so that ``holos.surveys.actions.submit_response`` writes it as it writes an
    unsaved ``Answer``, without building a model object for each answer of each response.
    """

    question_id: int
    choice_id: int | None = None
    number: float | None = None
    text: str = ""

    @property
    def text_folded(self) -> str:
        return self.text.casefold() if self.text else ""


def _invitation_code() -> str:
    # Ten characters from an alphabet without look-alikes (0/O, 1/I/L): about 50 bits.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class InvitationCode(models.Model):
    """A code handed to one person; it lets them answer once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=16, unique=True, default=_invitation_code)
    label = models.CharField(_("for whom"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.code


class CodeUse(models.Model):
    """That a code has been used, stored apart from the response it came with.

    The code is the primary key: the database refuses a second use even when two
    submissions race. There is no time and no link to the response, so the list of
    people who were given codes never tells whose answers are whose.
    """

    code = models.OneToOneField(InvitationCode, primary_key=True, on_delete=models.CASCADE, related_name="use")

    def __str__(self) -> str:
        return str(self.code_id)


class Rejection(models.TextChoices):
    """The refusals of the public forms' defences, and those of surveys alone."""

    HONEYPOT = Refusal.HONEYPOT.value, Refusal.HONEYPOT.label
    TOO_FAST = Refusal.TOO_FAST.value, Refusal.TOO_FAST.label
    BAD_STAMP = Refusal.BAD_STAMP.value, Refusal.BAD_STAMP.label
    CSRF = "csrf", _("security token missing or wrong")
    ADDRESS_RATE = Refusal.ADDRESS_RATE.value, Refusal.ADDRESS_RATE.label
    GLOBAL_RATE = Refusal.GLOBAL_RATE.value, Refusal.GLOBAL_RATE.label
    UNKNOWN_CODE = "unknown_code", _("unknown invitation code")
    USED_CODE = "used_code", _("invitation code already used")
    ANSWERED_HERE = "answered_here", _("this browser has answered already")


class RejectionCount(models.Model):
    """How many submissions were turned away for one reason, shown to staff."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="rejections")
    reason = models.CharField(max_length=20, choices=Rejection.choices)
    count = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reason"]
        constraints = [models.UniqueConstraint(fields=["survey", "reason"], name="one_count_per_reason")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.reason} {self.count}"


class Metric(models.TextChoices):
    RESPONDENTS = "respondents", _("number of respondents")
    TOP_TWO = "top_two", _("% answering 4 or 5 on a scale question")
    YES_SHARE = "yes_share", _("% answering yes")
    AVERAGE = "average", _("average of a scale or number question")


# Which kinds of question each metric reads.
METRIC_KINDS = {
    Metric.RESPONDENTS: (),
    Metric.TOP_TWO: (QuestionKind.SCALE,),
    Metric.YES_SHARE: (QuestionKind.YES_NO,),
    Metric.AVERAGE: (QuestionKind.SCALE, QuestionKind.NUMBER),
}


class IndicatorLink(models.Model):
    """An indicator of a plan whose value this survey gives, and how it is computed."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey("plans.Indicator", on_delete=models.CASCADE, related_name="survey_links",
                                  verbose_name=_("indicator"))
    metric = models.CharField(_("value"), max_length=16, choices=Metric.choices)
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("question"))

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["survey", "indicator"], name="one_link_per_indicator")]

    def __str__(self) -> str:
        return f"{self.survey_id} → {self.indicator_id} ({self.metric})"
