"""Public pages of publishing: the news page, its files, and the newsletter's sign-up and preferences.

No sign-in and no JavaScript. The news page exists once the organisation has connected
it, and shows what went out there. The sign-up form has the defences of every public
form (a hidden field, a signed time stamp, limits per sender; see ``holos.defences``)
and answers a refused sign-up with the
same page as an accepted one. Addresses never appear on a public page: a subscriber's
own page is reached through the secret link in their mail, and shows only their choices.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from holos import defences
from holos.accounts.models import Organization
from holos.pages import form_status
from holos.publishing import actions
from holos.publishing.forms import PreferencesForm, SubscribeForm
from holos.publishing.models import (
    ChannelKind,
    ConnectedChannel,
    Delivery,
    DeliveryStatus,
    Post,
    PostAttachment,
    PostImage,
    PostStatus,
    PublishingSettings,
    Subscriber,
    SubscriberStatus,
    Topic,
)

NEWS_PAGE_SIZE = 20


def organization_of(slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404
    return organization


def has_channel(organization, kind: str) -> bool:
    return ConnectedChannel.objects.filter(organization=organization, kind=kind, active=True).exists()


def news_posts(organization):
    """Posts that went out on the organisation's news page, newest first."""
    on_page = Delivery.objects.filter(post=OuterRef("pk"), channel_kind=ChannelKind.NEWS, status=DeliveryStatus.SENT)
    return (Post.objects.filter(organization=organization).filter(Exists(on_page)).select_related("organization")
            .prefetch_related("topics", "images").order_by("-sent_at", "-id"))


def _news_organization(slug: str) -> Organization:
    organization = organization_of(slug)
    if not ConnectedChannel.objects.filter(organization=organization, kind=ChannelKind.NEWS).exists():
        raise Http404
    return organization


@require_GET
def news(request, slug):
    organization = _news_organization(slug)
    found = news_posts(organization)
    topic = None
    if request.GET.get("topic", "").isdigit():
        topic = Topic.objects.filter(organization=organization, pk=int(request.GET["topic"])).first()
        if topic is not None:
            found = found.filter(topics=topic)
    page = Paginator(found, NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publishing/public/news.html", {
        "organization": organization, "page": page, "topic": topic,
        "topics": Topic.objects.for_organization(organization),
        "subscribe": has_channel(organization, ChannelKind.EMAIL)})


def _public_post(organization, pk) -> Post:
    post = news_posts(organization).filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


@require_GET
def news_item(request, slug, pk):
    organization = _news_organization(slug)
    post = _public_post(organization, pk)
    body = post.body_shown
    return render(request, "publishing/public/news_item.html", {
        "organization": organization, "post": post, "title": post.title_shown, "body": body,
        "images": list(post.images.all()), "attachments": list(post.attachments.all()),
        "subscribe": has_channel(organization, ChannelKind.EMAIL)})


def _going_out(post_pk: int, organization) -> bool:
    """Files of a post are public once it goes out on any channel (a channel's readers follow its links)."""
    return Post.objects.filter(pk=post_pk, organization=organization,
                               status__in=[PostStatus.SENDING, PostStatus.SENT]).exists()


def _public_file(model, slug: str, pk: int, file_pk: int):
    """An image or file of a post of the organisation that has gone out, or 404."""
    organization = organization_of(slug)
    found = model.objects.filter(pk=file_pk, post_id=pk, post__organization=organization).first()
    if found is None or not _going_out(pk, organization):
        raise Http404
    return found


@require_GET
def news_image(request, slug, pk, image_pk):
    image = _public_file(PostImage, slug, pk, image_pk)
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def news_attachment(request, slug, pk, file_pk):
    attachment = _public_file(PostAttachment, slug, pk, file_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=actions.attachment_type(attachment.name))


# The newsletter


def _newsletter(slug: str) -> tuple[Organization, PublishingSettings]:
    organization = organization_of(slug)
    if not has_channel(organization, ChannelKind.EMAIL):
        raise Http404
    return organization, PublishingSettings.for_organization(organization)


def subscribe(request, slug):
    organization, current = _newsletter(slug)
    thanks = reverse("subscribe_thanks", args=[slug])
    form = SubscribeForm(request.POST or None, organization=organization, languages=current.languages,
                         initial={"language": (request.LANGUAGE_CODE or "uk")[:2]})
    stamp = defences.SUBSCRIBE.stamp(organization.pk)
    expired = False
    if request.method == "POST":
        verdict = defences.SUBSCRIBE.check(request, organization.pk)
        if verdict.refusal is not None:
            actions.count_signup_rejection(organization=organization, reason=verdict.refusal)
            return redirect(thanks)
        stamp, expired = verdict.stamp, verdict.expired
        if not expired and form.is_valid():
            data = form.cleaned_data
            actions.subscribe(organization=organization, email=data["email"], language=data["language"],
                              topics=data.get("topics", []), audiences=data.get("audiences", []))
            return redirect(thanks)
    return render(request, "publishing/public/subscribe.html", {
        "organization": organization, "form": form, "stamp": stamp, "expired": expired,
        "honeypot": defences.HONEYPOT_FIELD, "stamp_field": defences.STAMP_FIELD,
        "retention_days": current.retention_days}, status=422 if request.method == "POST" else 200)


@require_GET
def subscribe_thanks(request, slug):
    organization, _current = _newsletter(slug)
    return render(request, "publishing/public/subscribe_thanks.html", {"organization": organization,
                                                                        "days": settings.HOLOS_SIGNUP_CONFIRM_DAYS})


def _subscriber(slug: str, token: str) -> Subscriber:
    subscriber = Subscriber.objects.select_related("organization").filter(
        organization__slug=slug, token=token).first()
    if subscriber is None:
        raise Http404
    return subscriber


def subscription_confirm(request, slug, token):
    """The link in the confirmation mail: a button, so that a mail scanner opening links confirms nothing."""
    subscriber = _subscriber(slug, token)
    if request.method == "POST":
        if subscriber.status != SubscriberStatus.UNSUBSCRIBED:
            actions.confirm_subscription(subscriber=subscriber)
        return redirect("subscription", slug, token)
    return render(request, "publishing/public/confirm.html", {"organization": subscriber.organization,
                                                               "subscriber": subscriber})


def subscription(request, slug, token):
    """A subscriber's own page: language, topics, audiences; unsubscribe; erase the address."""
    subscriber = _subscriber(slug, token)
    organization = subscriber.organization
    current = PublishingSettings.for_organization(organization)
    form = PreferencesForm(request.POST or None, organization=organization, languages=current.languages,
                           subscriber=subscriber)
    if request.method == "POST":
        what = request.POST.get("action")
        if what == "erase":
            actions.erase_subscriber(actor=None, subscriber=subscriber, reason="asked on the preferences page")
            return render(request, "publishing/public/erased.html", {"organization": organization})
        if what == "unsubscribe":
            actions.unsubscribe(subscriber=subscriber, how="preferences page")
            return redirect("subscription", slug, token)
        if what == "resubscribe":
            actions.subscribe(organization=organization, email=subscriber.email, language=subscriber.language,
                              topics=subscriber.topics.all(), audiences=subscriber.audiences.all())
            return redirect("subscribe_thanks", slug)
        if form.is_valid():
            data = form.cleaned_data
            actions.update_preferences(subscriber=subscriber, language=data["language"],
                                       topics=data.get("topics", []), audiences=data.get("audiences", []))
            return redirect(reverse("subscription", args=[slug, token]) + "?saved=1")
    return render(request, "publishing/public/subscription.html", {
        "organization": organization, "subscriber": subscriber, "form": form, "saved": "saved" in request.GET,
        "retention_days": current.retention_days}, status=form_status(form))


@csrf_exempt
def unsubscribe(request, slug, token):
    """One-click unsubscribe (RFC 8058): a mail program POSTs ``List-Unsubscribe=One-Click`` here.

    A person following the link gets a page with one button; either way, one request ends it.
    The link carries the subscriber's secret token, which is what a cross-site form could not know.
    """
    subscriber = _subscriber(slug, token)
    if request.method == "POST":
        actions.unsubscribe(subscriber=subscriber,
                            how="one-click" if request.POST.get("List-Unsubscribe") == "One-Click" else "link")
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)
        return redirect("subscription", slug, token)
    return render(request, "publishing/public/unsubscribe.html", {"organization": subscriber.organization,
                                                                   "subscriber": subscriber})
