"""Forms of publishing: posts and their files, review, settings, topics, subscribers, indicators."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from holos.accounts.models import Membership
from holos.pages import IdsChoiceField
from holos.plans.models import Audience, Indicator
from holos.publishing.actions import PostContent, image_type
from holos.publishing.models import (
    IMPORT_BASES,
    TEXT_LANGUAGES,
    ConnectedChannel,
    Metric,
    Topic,
)

LANGUAGE_NAMES = {"uk": _("Ukrainian"), "en": _("English"), "cs": _("Czech")}
TITLE_LABELS = {"uk": _("Title in Ukrainian"), "en": _("Title in English"), "cs": _("Title in Czech")}
BODY_LABELS = {"uk": _("Text in Ukrainian"), "en": _("Text in English"), "cs": _("Text in Czech")}
ALT_LABELS = {
    "uk": _("What the image shows, in Ukrainian"),
    "en": _("What the image shows, in English"),
    "cs": _("What the image shows, in Czech"),
}
TOPIC_LABELS = {"uk": _("Topic in Ukrainian"), "en": _("Topic in English"), "cs": _("Topic in Czech")}
BODY_HELP = _("A blank line starts a new paragraph. Lines starting with “- ” make a list, “1. ” a numbered one. "
              "**Bold**, and [words](https://address) for a link.")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _ordered(languages) -> list[str]:
    return [lang for lang in TEXT_LANGUAGES if lang in languages] or [TEXT_LANGUAGES[0]]


class MemberChoiceField(IdsChoiceField):
    """Members of the organisation, each named by the person."""

    def label_from_instance(self, obj) -> str:
        return str(obj.user)


class IndicatorChoiceField(forms.ModelChoiceField):
    """Indicators of activities, each named with its plan."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.activity.plan.title} — {obj.text}"[:200]


class OneTopicField(forms.ModelChoiceField):
    """A topic, named in the reader's language."""

    def label_from_instance(self, obj) -> str:
        return str(obj.name_shown)


class TopicChoiceField(IdsChoiceField):
    def label_from_instance(self, obj):
        return obj.name_shown


class PostForm(forms.Form):
    """A post's texts in the organisation's languages, its topics, audiences, channels and time."""

    topics = TopicChoiceField(label=_("Topics"), queryset=Topic.objects.none(), required=False,
                              widget=forms.CheckboxSelectMultiple)
    audiences = IdsChoiceField(label=_("Audiences"), queryset=Audience.objects.none(), required=False,
                                               widget=forms.CheckboxSelectMultiple)
    channels = IdsChoiceField(label=_("Channels"), queryset=ConnectedChannel.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    publish_at = forms.DateTimeField(
        label=_("Goes out at"), required=False, input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=_("Leave empty to send as soon as it is approved."))

    def __init__(self, *args, organization, languages, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = _ordered(languages)
        first = self.languages[0]
        fields = {}
        for lang in self.languages:
            fields[f"title_{lang}"] = forms.CharField(label=TITLE_LABELS[lang], max_length=300,
                                                      required=lang == first)
            fields[f"body_{lang}"] = forms.CharField(label=BODY_LABELS[lang], required=False, max_length=20000,
                                                     widget=forms.Textarea(attrs={"rows": 10}),
                                                     help_text=BODY_HELP if lang == first else "")
        self.fields = {**fields, **self.fields}
        topics_field = self.fields["topics"]
        assert isinstance(topics_field, forms.ModelChoiceField)
        topics_field.queryset = Topic.objects.for_organization(organization)
        audiences_field = self.fields["audiences"]
        assert isinstance(audiences_field, forms.ModelChoiceField)
        audiences_field.queryset = Audience.objects.filter(organization=organization)
        channels_field = self.fields["channels"]
        assert isinstance(channels_field, forms.ModelChoiceField)
        channels_field.queryset = ConnectedChannel.objects.for_organization(organization).active()
        if post is not None and not self.is_bound:
            for lang in self.languages:
                self.initial[f"title_{lang}"] = (post.title or {}).get(lang, "")
                self.initial[f"body_{lang}"] = (post.body or {}).get(lang, "")
            self.initial.update(topics=list(post.topics.all()), audiences=list(post.audiences.all()),
                                channels=list(post.channels.all()),
                                publish_at=timezone.localtime(post.publish_at) if post.publish_at else None)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for lang in self.languages:
            title = (data.get(f"title_{lang}") or "").strip()
            body = (data.get(f"body_{lang}") or "").strip()
            if body and not title:
                self.add_error(f"title_{lang}", _("A text needs its title."))
        return data

    def content(self) -> PostContent:
        data = self.cleaned_data
        publish_at: datetime | None = data.get("publish_at")
        return PostContent(
            title={lang: (data.get(f"title_{lang}") or "").strip() for lang in self.languages},
            body={lang: (data.get(f"body_{lang}") or "").strip() for lang in self.languages},
            topics=list(data["topics"]), audiences=list(data["audiences"]), channels=list(data["channels"]),
            publish_at=publish_at)


def _max_bytes() -> int:
    return int(getattr(settings, "HOLOS_POST_FILE_MAX_BYTES", 10 * 1024 * 1024))


def _check_size(upload) -> None:
    if upload.size > _max_bytes():
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": _max_bytes() // (1024 * 1024)})


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Image"), help_text=_("PNG, JPEG, GIF or WebP."), widget=forms.ClearableFileInput(
        attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}))

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = _ordered(languages)
        for lang in self.languages:
            self.fields[f"alt_{lang}"] = forms.CharField(
                label=ALT_LABELS[lang], max_length=500, required=True,
                help_text=_("Read aloud to people who cannot see the image.") if lang == self.languages[0] else "")

    def clean_image(self):
        upload = self.cleaned_data["image"]
        _check_size(upload)
        head = upload.read(16)
        upload.seek(0)
        if image_type(head) is None:
            raise ValidationError(_("This is not a PNG, JPEG, GIF or WebP image."))
        return upload

    def alt(self) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"alt_{lang}", "") for lang in self.languages}


class AltForm(forms.Form):
    def __init__(self, *args, languages, image=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = _ordered(languages)
        for lang in self.languages:
            self.fields[f"alt_{lang}"] = forms.CharField(label=ALT_LABELS[lang], max_length=500, required=True)
            if image is not None and not self.is_bound:
                self.initial[f"alt_{lang}"] = (image.alt or {}).get(lang, "")

    def alt(self) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"alt_{lang}", "") for lang in self.languages}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_size(upload)
        return upload


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Say what to change when sending a post back."))


class SettingsForm(forms.Form):
    approval_required = forms.BooleanField(
        label=_("Posts need approval"), required=False,
        help_text=_("An approver reads each post before it goes out. Without approval, a submitted post is "
                    "scheduled at once."))
    languages = forms.MultipleChoiceField(label=_("Languages of posts"), widget=forms.CheckboxSelectMultiple,
                                          choices=[(code, LANGUAGE_NAMES[code]) for code in TEXT_LANGUAGES])
    approvers = MemberChoiceField(
        label=_("Approvers"), queryset=Membership.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Besides the administrators, these members approve posts or send them back."))
    audiences = IdsChoiceField(
        label=_("Audiences residents may choose"), queryset=Audience.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Shown on the sign-up form, so that people get the posts for their group."))
    retention_days = forms.IntegerField(
        label=_("Keep unconfirmed and unsubscribed addresses for (days)"), min_value=1, max_value=3650,
        help_text=_("After this many days an address that was never confirmed, or that unsubscribed, is erased."))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        approvers_field = self.fields["approvers"]
        assert isinstance(approvers_field, forms.ModelChoiceField)
        approvers_field.queryset = Membership.objects.filter(organization=organization).select_related(
            "user").order_by("user__username")
        audiences_field = self.fields["audiences"]
        assert isinstance(audiences_field, forms.ModelChoiceField)
        audiences_field.queryset = Audience.objects.filter(organization=organization).order_by("name")


class TopicForm(forms.Form):
    def __init__(self, *args, languages, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = _ordered(languages)
        for lang in self.languages:
            self.fields[f"name_{lang}"] = forms.CharField(label=TOPIC_LABELS[lang], max_length=100,
                                                          required=lang == self.languages[0])
            if topic is not None and not self.is_bound:
                self.initial[f"name_{lang}"] = (topic.name or {}).get(lang, "")

    def names(self) -> dict[str, str]:
        return {lang: v.strip() for lang in self.languages if (v := self.cleaned_data.get(f"name_{lang}") or "")}


def _audience_choices(organization):
    """The audiences residents may pick: those the publishing settings offer."""
    from holos.publishing.models import PublishingSettings

    return PublishingSettings.for_organization(organization).audiences.order_by("name")


def _public_choices(form: forms.Form, organization, languages) -> None:
    """Languages, topics and audiences a resident chooses from; a question with nothing to choose is left out."""
    language, topics, audiences = form.fields["language"], form.fields["topics"], form.fields["audiences"]
    assert isinstance(language, forms.ChoiceField)
    assert isinstance(topics, forms.ModelChoiceField) and isinstance(audiences, forms.ModelChoiceField)
    language.choices = [(code, LANGUAGE_NAMES[code]) for code in _ordered(languages)]
    topics.queryset = Topic.objects.for_organization(organization)
    audiences.queryset = _audience_choices(organization)
    for name, field in (("topics", topics), ("audiences", audiences)):
        if field.queryset is None or not field.queryset.exists():
            del form.fields[name]
    if len(language.choices) == 1:
        language.widget = forms.HiddenInput()
        form.initial.setdefault("language", language.choices[0][0])


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your email"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    language = forms.ChoiceField(label=_("Language of the letters"))
    topics = TopicChoiceField(label=_("Topics"), queryset=Topic.objects.none(), required=False,
                              widget=forms.CheckboxSelectMultiple,
                              help_text=_("Choose none to get every post."))
    audiences = IdsChoiceField(label=_("I am among"), queryset=Audience.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(
        label=_("I agree that my address is kept to send me this newsletter, until I unsubscribe."))

    def __init__(self, *args, organization, languages, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _public_choices(self, organization, languages)

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        local = value.rpartition("@")[0]
        if not local.isascii():
            raise ValidationError(_("Use an address whose part before @ is written in Latin letters."))
        return value


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the letters"))
    topics = TopicChoiceField(label=_("Topics"), queryset=Topic.objects.none(), required=False,
                              widget=forms.CheckboxSelectMultiple, help_text=_("Choose none to get every post."))
    audiences = IdsChoiceField(label=_("I am among"), queryset=Audience.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organization, languages, subscriber=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _public_choices(self, organization, languages)
        if subscriber is not None and not self.is_bound:
            self.initial.update(language=subscriber.language, topics=list(subscriber.topics.all()),
                                audiences=list(subscriber.audiences.all()))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("List of addresses (CSV)"),
                           help_text=_("One address per line, or a table with a column “email” and, if you have it, "
                                       "a column “language” (uk, en or cs)."))
    basis = forms.ChoiceField(label=_("On what basis may they get the newsletter?"), choices=IMPORT_BASES,
                              widget=forms.RadioSelect)
    note = forms.CharField(label=_("Where the consents are kept"), max_length=300,
                           help_text=_("For example: “paper forms from the CNAP, folder 12”. Kept with each address."))
    topics = TopicChoiceField(label=_("Topics"), queryset=Topic.objects.none(), required=False,
                              widget=forms.CheckboxSelectMultiple,
                              help_text=_("The topics they asked for; none means every post."))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        topics_field = self.fields["topics"]
        assert isinstance(topics_field, forms.ModelChoiceField)
        topics_field.queryset = Topic.objects.for_organization(organization)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_size(upload)
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(_("The file is not text in UTF-8 or Windows-1251."))
        rows, problems = read_addresses(text)
        if not rows and not problems:
            raise ValidationError(_("The file holds no addresses."))
        self.problems = problems
        return rows


def read_addresses(text: str) -> tuple[list[tuple[int, str, str]], list[tuple[int, str]]]:
    """(line, address, language) for each good row, and (line, what was there) for each bad one."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[tuple[int, str, str]] = []
    problems: list[tuple[int, str]] = []
    email_column, language_column = 0, None
    seen: set[str] = set()
    for number, row in enumerate(reader, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        lowered = [cell.casefold() for cell in cells]
        if number == 1 and any(name in lowered for name in ("email", "e-mail", "пошта", "адреса", "adresa")):
            email_column = next(i for i, cell in enumerate(lowered) if cell in ("email", "e-mail", "пошта", "адреса",
                                                                                "adresa"))
            language_column = next((i for i, cell in enumerate(lowered) if cell in ("language", "мова", "jazyk")),
                                   None)
            continue
        address = cells[email_column] if email_column < len(cells) else ""
        try:
            validate_email(address)
            if not address.rpartition("@")[0].isascii():
                raise ValidationError("non-ascii")
        except ValidationError:
            problems.append((number, address[:100]))
            continue
        if address.casefold() in seen:
            continue
        seen.add(address.casefold())
        language = cells[language_column].lower() if language_column is not None and language_column < len(
            cells) else ""
        rows.append((number, address, language if language in TEXT_LANGUAGES else TEXT_LANGUAGES[0]))
    return rows, problems


class EraseForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=300,
                             help_text=_("For example: “asked by phone on 3 June”. Kept in the audit log."))


class SubscriberSearchForm(forms.Form):
    q = forms.CharField(label=_("Address contains"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        from holos.publishing.models import SubscriberStatus

        super().__init__(*args, **kwargs)
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [("", _("all")), *SubscriberStatus.choices]


class IndicatorLinkForm(forms.Form):
    indicator = IndicatorChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    metric = forms.ChoiceField(label=_("Counts"), choices=Metric.choices)
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=ConnectedChannel.objects.none(), required=False,
                                     help_text=_("For posts: leave empty to count posts on every channel."))
    topic = OneTopicField(label=_("Topic"), queryset=Topic.objects.none(), required=False,
                                   help_text=_("For subscribers: leave empty to count every subscriber."))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        indicator_field = self.fields["indicator"]
        assert isinstance(indicator_field, forms.ModelChoiceField)
        indicator_field.queryset = Indicator.objects.filter(
            activity__plan__organization=organization).select_related("activity__plan").order_by(
            "activity__plan__title", "activity__position", "position")
        channel_field = self.fields["channel"]
        assert isinstance(channel_field, forms.ModelChoiceField)
        channel_field.queryset = ConnectedChannel.objects.for_organization(organization)
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ModelChoiceField)
        topic_field.queryset = Topic.objects.for_organization(organization)
