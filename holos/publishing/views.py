"""Publishing pages for staff: posts and their approval, the content calendar, channels, topics,
settings, subscribers and the indicators publishing counts.

Every view asks ``get_membership``/``get_object_for_member`` first, so other organisations
get 404. Members read posts and the calendar; editors and administrators write posts;
administrators and the approvers they name approve; administrators connect channels,
change settings and see the list of subscribers (each look is written in the audit log).
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership, get_object_for_member
from holos.accounts.policy import Do, Refused, allows
from holos.audit.models import AuditEntry
from holos.pages import form_status, post_only, remembered_filter, row_id
from holos.plans.labels import column_label
from holos.publishing import actions
from holos.publishing.channels import KINDS, channel_type
from holos.publishing.checks import post_findings
from holos.publishing.counts import message_counts, subscriber_counts
from holos.publishing.forms import (
    AltForm,
    AttachmentForm,
    EraseForm,
    ImageForm,
    ImportForm,
    IndicatorLinkForm,
    PostForm,
    ReviewForm,
    SettingsForm,
    SubscriberSearchForm,
    TopicForm,
)
from holos.publishing.models import (
    SINGLE_KINDS,
    ChannelKind,
    ConnectedChannel,
    Delivery,
    DeliveryStatus,
    IndicatorSource,
    Post,
    PostAttachment,
    PostImage,
    PostStatus,
    Problem,
    PublishingSettings,
    SignupRejection,
    Subscriber,
    Topic,
)
from holos.translation import core_message

PAGE_SIZE = 50
SUBSCRIBER_PAGE_SIZE = 100



def _settings(organization) -> PublishingSettings:
    return PublishingSettings.for_organization(organization)


def _post(request, slug, pk, *, edit: bool = False):
    membership, post = get_object_for_member(request, slug, Post, pk, edit=edit)
    post.organization = membership.organization
    return membership, post


def _context(membership, **extra):
    return {"membership": membership, "can_approve": allows(membership, Do.APPROVE_POST), **extra}


def _finding_text(finding) -> str:
    return core_message(finding.message, finding.params, finding.text())


# Posts


def posts(request, slug):
    membership = get_membership(request, slug)
    organization = membership.organization
    chosen = remembered_filter(request, f"posts:{organization.pk}", ("status", "channel"))
    found = Post.objects.for_organization(organization).prefetch_related("channels").annotate(
        sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT), distinct=True),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED), distinct=True),
    ).order_by("-created_at", "-id")
    if chosen.get("status") in PostStatus.values:
        found = found.filter(status=chosen["status"])
    if chosen.get("channel", "").isdigit():
        found = found.filter(channels__pk=int(chosen["channel"]))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    with timezone.override(organization.zone):
        return render(request, "publishing/posts.html", _context(
            membership, page=page, chosen=chosen, statuses=PostStatus.choices,
            channels=ConnectedChannel.objects.for_organization(organization),
            waiting=Post.objects.for_organization(organization).filter(status=PostStatus.REVIEW).count()))


def _from_work(request, organization):
    """The work item a post is written from (``?work=<id>``), with what the post may take from it."""
    from holos.work.models import Occurrence

    pk = request.GET.get("work") or request.POST.get("work")
    if not pk:
        return None
    occurrence = Occurrence.objects.select_related("activity", "plan").filter(
        pk=pk if str(pk).isdigit() else 0, plan__organization=organization).first()
    if occurrence is None:
        raise Http404
    return occurrence


def _work_initial(occurrence, organization, languages) -> dict:
    activity = occurrence.activity
    month = column_label(occurrence.due.strftime("%Y-%m"), long=True)
    first = languages[0] if languages else "uk"
    plan_channels = set(activity.channels.values_list("pk", flat=True))
    channels = [c for c in ConnectedChannel.objects.for_organization(organization).active()
                .prefetch_related("catalogue_channels") if plan_channels & {p.pk for p in c.catalogue_channels.all()}]
    title = f"{Truncator(activity.title).chars(200)} — {month}"
    return {f"title_{first}": title, "audiences": list(activity.audiences.all()),
            "channels": channels}


def post_create(request, slug):
    membership = get_membership(request, slug, edit=True)
    organization = membership.organization
    languages = _settings(organization).languages
    occurrence = _from_work(request, organization)
    initial = _work_initial(occurrence, organization, languages) if occurrence else {}
    with timezone.override(organization.zone):
        form = PostForm(request.POST or None, organization=organization, languages=languages, initial=initial)
        if request.method == "POST" and form.is_valid():
            post = actions.create_post(actor=request.user, organization=organization, content=form.content(),
                                       occurrence=occurrence)
            messages.success(request, _("The post was saved as a draft. Add images and files, then send it for "
                                        "approval."))
            return redirect("post", slug, post.pk)
        return render(request, "publishing/post_form.html", _context(
            membership, form=form, occurrence=occurrence, has_channels=ConnectedChannel.objects.for_organization(
                organization).exists()), status=form_status(form))


def post_detail(request, slug, pk):
    membership, post = _post(request, slug, pk)
    organization = membership.organization
    languages = _settings(organization).languages
    findings = [{"severity": f.severity, "shown": _finding_text(f), "language": f.language}
                for f in post_findings(post)]
    deliveries = list(post.deliveries.all())
    for delivery in deliveries:
        delivery.problem_label = Problem(delivery.problem).label if delivery.problem in Problem.values else ""
    history = AuditEntry.objects.filter(object_type="post", object_id=post.pk).select_related("actor")[:50]
    images = list(post.images.all())
    editable = post.is_editable and membership.can_edit_plans
    for image in images:
        image.form = AltForm(languages=languages, image=image, prefix=f"image-{image.pk}") if editable else None
    versions = [(lang, (post.title or {}).get(lang, ""), (post.body or {}).get(lang, "")) for lang in post.languages]
    with timezone.override(organization.zone):
        return render(request, "publishing/post_detail.html", _context(
            membership, post=post, versions=versions, findings=findings,
            blocking=[f for f in findings if f["severity"] == "problem"], deliveries=deliveries,
            messages_by_status=message_counts(post) if any(d.channel_kind == ChannelKind.EMAIL for d in deliveries)
            else {}, history=history, images=images, attachments=list(post.attachments.all()),
            editable=editable, image_form=ImageForm(languages=languages) if editable else None,
            attachment_form=AttachmentForm() if editable else None, review_form=ReviewForm(),
            channels=list(post.channels.all()), languages=languages,
            failed=any(d.status == DeliveryStatus.FAILED for d in deliveries)))


def post_edit(request, slug, pk):
    membership, post = _post(request, slug, pk, edit=True)
    organization = membership.organization
    if not post.is_editable:
        messages.error(request, _("A post that has gone out cannot be changed."))
        return redirect("post", slug, post.pk)
    with timezone.override(organization.zone):
        form = PostForm(request.POST or None, organization=organization, languages=_settings(organization).languages,
                        post=post)
        if request.method == "POST" and form.is_valid():
            was_approved = post.status == PostStatus.APPROVED
            post = actions.update_post(actor=request.user, post=post, content=form.content())
            if was_approved and post.status == PostStatus.REVIEW:
                messages.warning(request, _("The post changed after approval, so it waits for approval again."))
            else:
                messages.success(request, _("The post was saved."))
            return redirect("post", slug, post.pk)
        return render(request, "publishing/post_form.html", _context(membership, form=form, post=post,
                                                                     occurrence=post.occurrence, has_channels=True),
                      status=form_status(form))


def _changed_or_refused(request, change) -> None:
    try:
        change()
    except actions.NotAllowed:
        messages.error(request, _("A post that has gone out cannot be changed."))


def post_images(request, slug, pk):
    membership, post = _post(request, slug, pk, edit=True)
    if refused := post_only(request):
        return refused
    languages = _settings(membership.organization).languages
    what = request.POST.get("image_action", "add")
    if what == "add":
        form = ImageForm(request.POST, request.FILES, languages=languages)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return redirect(reverse("post", args=[slug, post.pk]) + "#images")
        _changed_or_refused(request, lambda: actions.add_image(actor=request.user, post=post,
                                                               upload=form.cleaned_data["image"], alt=form.alt()))
        return redirect(reverse("post", args=[slug, post.pk]) + "#images")
    image = post.images.filter(pk=row_id(request.POST.get("image"))).first()
    if image is None:
        raise Http404
    if what == "remove":
        _changed_or_refused(request, lambda: actions.remove_image(actor=request.user, image=image))
    elif what == "alt":
        alt_form = AltForm(request.POST, languages=languages, prefix=f"image-{image.pk}")
        if alt_form.is_valid():
            _changed_or_refused(request, lambda: actions.set_image_alt(actor=request.user, image=image,
                                                                       alt=alt_form.alt()))
            messages.success(request, _("The text of the image was saved."))
        else:
            messages.error(request, _("Describe the image in every language of the post."))
    return redirect(reverse("post", args=[slug, post.pk]) + "#images")


def post_files(request, slug, pk):
    membership, post = _post(request, slug, pk, edit=True)
    if refused := post_only(request):
        return refused
    if request.POST.get("file_action") == "remove":
        attachment = post.attachments.filter(pk=row_id(request.POST.get("attachment"))).first()
        if attachment is None:
            raise Http404
        _changed_or_refused(request, lambda: actions.remove_attachment(actor=request.user, attachment=attachment))
    else:
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            _changed_or_refused(request, lambda: actions.add_attachment(actor=request.user, post=post,
                                                                        upload=form.cleaned_data["file"]))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
    return redirect(reverse("post", args=[slug, post.pk]) + "#files")


def post_review(request, slug, pk):
    """Submit for approval (editors), approve or send back with a comment (approvers)."""
    membership, post = _post(request, slug, pk)
    if refused := post_only(request):
        return refused
    what = request.POST.get("review")
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"].strip() if form.is_valid() else ""
    try:
        if what == "submit":
            if not allows(membership, Do.EDIT_PLANS):
                raise Refused
            post = actions.submit_post(actor=request.user, post=post)
            messages.success(request, _("The post was sent for approval.") if post.status == PostStatus.REVIEW
                             else _("The post is approved and scheduled."))
        elif what in ("approve", "return"):
            if not allows(membership, Do.APPROVE_POST, post):
                raise Refused
            if what == "approve":
                actions.approve_post(actor=request.user, post=post, comment=comment)
                messages.success(request, _("The post is approved and scheduled."))
            elif not comment:
                messages.error(request, _("Say what to change when sending a post back."))
            else:
                actions.return_post(actor=request.user, post=post, comment=comment)
                messages.success(request, _("The post was sent back to its editor."))
        else:
            raise Http404
    except actions.NotAllowed:
        messages.error(request, _("This cannot be done now: check the post's status, its channels and the "
                                  "problems listed."))
    return redirect("post", slug, post.pk)


def post_send_again(request, slug, pk):
    membership, post = _post(request, slug, pk, edit=True)
    if refused := post_only(request):
        return refused
    count = actions.send_again(actor=request.user, post=post)
    if count:
        messages.success(request, _("What failed is being sent again."))
    else:
        messages.info(request, _("Nothing failed, so nothing was sent again."))
    return redirect("post", slug, post.pk)


def post_delete(request, slug, pk):
    membership, post = _post(request, slug, pk, edit=True)
    if post.status in (PostStatus.SENDING, PostStatus.SENT):
        messages.error(request, _("A post that has gone out cannot be deleted; its history stays."))
        return redirect("post", slug, post.pk)
    if request.method == "POST":
        actions.delete_post(actor=request.user, post=post)
        messages.success(request, _("The post was deleted. The audit log keeps what it said."))
        return redirect("posts", slug)
    return render(request, "publishing/post_delete.html", _context(membership, post=post))


def _file_response(stored, name: str, content_type: str, *, inline: bool):
    if not stored:
        raise Http404
    return FileResponse(stored.open("rb"), as_attachment=not inline, filename=name, content_type=content_type)


def post_image(request, slug, pk, image_pk):
    membership, post = _post(request, slug, pk)
    image = PostImage.objects.filter(pk=image_pk, post=post).first()
    if image is None:
        raise Http404
    return _file_response(image.file, image.file.name.rsplit("/", 1)[-1], image.content_type, inline=True)


def post_file(request, slug, pk, file_pk):
    membership, post = _post(request, slug, pk)
    attachment = PostAttachment.objects.filter(pk=file_pk, post=post).first()
    if attachment is None:
        raise Http404
    return _file_response(attachment.file, attachment.name, actions.attachment_type(attachment.name), inline=False)


# The content calendar


def _month(value: str | None, today: date) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def content_calendar(request, slug):
    """Posts by day and channel, beside the plans' work due the same days."""
    from holos.work.models import Occurrence

    membership = get_membership(request, slug)
    organization = membership.organization
    zone = organization.zone
    today = timezone.localtime(timezone.now(), zone).date()
    first = _month(request.GET.get("month"), today)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    days: dict[date, dict] = {first + timedelta(days=n): {"posts": [], "work": []}
                              for n in range((last - first).days + 1)}
    found = Post.objects.for_organization(organization).filter(
        Q(sent_at__gte=start, sent_at__lt=end) | Q(sent_at__isnull=True, publish_at__gte=start, publish_at__lt=end)
    ).prefetch_related("channels").order_by("publish_at", "id")
    for post in found:
        moment = timezone.localtime(post.sent_at or post.publish_at, zone)
        post.moment = moment
        days[moment.date()]["posts"].append(post)
    work = Occurrence.objects.filter(plan__organization=organization, due__gte=first, due__lte=last).select_related(
        "activity").prefetch_related("activity__channels").order_by("due", "activity__title")
    for occurrence in work:
        days[occurrence.due]["work"].append(occurrence)
    unscheduled = Post.objects.for_organization(organization).filter(
        publish_at__isnull=True, sent_at__isnull=True).exclude(status=PostStatus.SENT).count()
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    with timezone.override(zone):
        return render(request, "publishing/calendar.html", _context(
            membership, days=[(day, entry) for day, entry in days.items() if entry["posts"] or entry["work"]],
            month_label=column_label(first.strftime("%Y-%m"), long=True), today=today,
            previous=previous.strftime("%Y-%m"), following=following.strftime("%Y-%m"), unscheduled=unscheduled))


# Channels


def _channel_form(kind, membership, *args, channel=None, **kwargs):
    organization = membership.organization
    return channel_type(kind).form(*args, organization=organization, languages=_settings(organization).languages,
                                   channel=channel, **kwargs)


def channels(request, slug):
    membership = get_membership(request, slug)
    organization = membership.organization
    connected = list(ConnectedChannel.objects.for_organization(organization).prefetch_related("catalogue_channels"))
    for channel in connected:
        channel.target = KINDS[channel.kind].target(channel.config)
    present = {c.kind for c in connected}
    kinds = [(kind, label) for kind, label in ChannelKind.choices if kind not in SINGLE_KINDS or kind not in present]
    return render(request, "publishing/channels.html", _context(membership, channels=connected, kinds=kinds))


def channel_connect(request, slug, kind):
    membership = get_membership(request, slug, admin=True)
    if kind not in KINDS:
        raise Http404
    organization = membership.organization
    if kind in SINGLE_KINDS and ConnectedChannel.objects.filter(organization=organization, kind=kind).exists():
        messages.info(request, _("The organisation has this channel already."))
        return redirect("channels", slug)
    form = _channel_form(kind, membership, request.POST or None, initial={"name": ChannelKind(kind).label})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.connect_channel(actor=request.user, organization=organization, kind=kind, name=data["name"],
                                language=data.get("language") or "", config=form.config(), secret=form.secret(),
                                catalogue_channels=data["catalogue_channels"], active=data["active"])
        messages.success(request, _("The channel was connected."))
        return redirect("channels", slug)
    return render(request, "publishing/channel_form.html", _context(
        membership, form=form, kind_label=ChannelKind(kind).label, kind=kind), status=form_status(form))


def channel_edit(request, slug, pk):
    membership, channel = get_object_for_member(request, slug, ConnectedChannel, pk, admin=True)
    form = _channel_form(channel.kind, membership, request.POST or None, channel=channel)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.update_channel(actor=request.user, channel=channel, name=data["name"],
                               language=data.get("language") or "", config=form.config(), secret=form.secret(),
                               catalogue_channels=data["catalogue_channels"], active=data["active"])
        messages.success(request, _("The channel was saved."))
        return redirect("channels", slug)
    return render(request, "publishing/channel_form.html", _context(
        membership, form=form, channel=channel, kind_label=channel.get_kind_display(), kind=channel.kind),
        status=form_status(form))


def channel_disconnect(request, slug, pk):
    membership, channel = get_object_for_member(request, slug, ConnectedChannel, pk, admin=True)
    if request.method == "POST":
        actions.disconnect_channel(actor=request.user, channel=channel)
        messages.success(request, _("The channel was disconnected. Its token was deleted."))
        return redirect("channels", slug)
    return render(request, "publishing/channel_disconnect.html", _context(membership, channel=channel))


# Topics and settings


def topics(request, slug):
    membership = get_membership(request, slug)
    organization = membership.organization
    languages = _settings(organization).languages
    form = TopicForm(request.POST or None, languages=languages)
    if request.method == "POST":
        get_membership(request, slug, edit=True)
        if form.is_valid():
            actions.save_topic(actor=request.user, organization=organization, topic=None, name=form.names())
            messages.success(request, _("The topic was added."))
            return redirect("topics", slug)
    found = Topic.objects.for_organization(organization).annotate(posts_count=Count("posts", distinct=True))
    return render(request, "publishing/topics.html", _context(membership, topics=found, form=form),
                  status=form_status(form))


def topic_edit(request, slug, pk):
    membership, topic = get_object_for_member(request, slug, Topic, pk, edit=True)
    if request.method == "POST" and request.POST.get("delete"):
        actions.delete_topic(actor=request.user, topic=topic)
        messages.success(request, _("The topic was deleted."))
        return redirect("topics", slug)
    form = TopicForm(request.POST or None, languages=_settings(membership.organization).languages, topic=topic)
    if request.method == "POST" and form.is_valid():
        actions.save_topic(actor=request.user, organization=membership.organization, topic=topic, name=form.names())
        messages.success(request, _("The topic was saved."))
        return redirect("topics", slug)
    return render(request, "publishing/topic_form.html", _context(membership, form=form, topic=topic),
                  status=form_status(form))


def publishing_settings(request, slug):
    membership = get_membership(request, slug, admin=True)
    organization = membership.organization
    current = _settings(organization)
    approver_ids = set(current.approvers.values_list("pk", flat=True))
    initial = {"approval_required": current.approval_required, "languages": current.languages,
               "retention_days": current.retention_days,
               "approvers": [m for m in organization.memberships.all() if m.user_id in approver_ids],
               "audiences": list(current.audiences.all())}
    form = SettingsForm(request.POST or None, organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.update_settings(actor=request.user, organization=organization,
                                approval_required=data["approval_required"], languages=data["languages"],
                                retention_days=data["retention_days"],
                                approvers=[m.user for m in data["approvers"]], audiences=data["audiences"])
        messages.success(request, _("Saved."))
        return redirect("publishing_settings", slug)
    return render(request, "publishing/settings.html", _context(membership, form=form), status=form_status(form))


# Subscribers


def subscribers(request, slug):
    """The list of addresses, for administrators; every look at it is written in the audit log."""
    membership = get_membership(request, slug, admin=True)
    organization = membership.organization
    form = SubscriberSearchForm(request.GET or None)
    found = Subscriber.objects.for_organization(organization).prefetch_related("topics").order_by("email_key")
    filters = {}
    if form.is_valid():
        filters = {"q": form.cleaned_data["q"].strip(), "status": form.cleaned_data["status"]}
        if filters["q"]:
            found = found.filter(email_key__contains=filters["q"].casefold())
        if filters["status"]:
            found = found.filter(status=filters["status"])
    page = Paginator(found, SUBSCRIBER_PAGE_SIZE).get_page(request.GET.get("page"))
    actions.record_list_view(actor=request.user, organization=organization,
                             filters={**filters, "page": page.number})
    rejected = SignupRejection.objects.filter(organization=organization).aggregate(total=Sum("count"))["total"]
    return render(request, "publishing/subscribers.html", _context(
        membership, page=page, form=form, counts=subscriber_counts(organization),
        rejected=rejected or 0))


def subscribers_import(request, slug):
    membership = get_membership(request, slug, admin=True)
    organization = membership.organization
    form = ImportForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = actions.import_subscribers(actor=request.user, organization=organization, rows=data["file"],
                                            basis=data["basis"], note=data["note"].strip(), topics=data["topics"])
        messages.success(request, _("Added: %(added)s. Already on the list: %(already)s.") % {
            "added": result.added, "already": result.updated})
        for line, value in form.problems[:20]:
            messages.warning(request, _("Line %(line)s is not an address: “%(value)s”.") % {"line": line,
                                                                                         "value": value})
        return redirect("subscribers", slug)
    return render(request, "publishing/subscribers_import.html", _context(membership, form=form),
                  status=form_status(form))


def subscriber_erase(request, slug, pk):
    membership, subscriber = get_object_for_member(request, slug, Subscriber, pk, admin=True)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.erase_subscriber(actor=request.user, subscriber=subscriber, reason=form.cleaned_data["reason"])
        messages.success(request, _("The address and everything chosen with it were erased."))
        return redirect("subscribers", slug)
    return render(request, "publishing/subscriber_erase.html", _context(membership, subscriber=subscriber,
                                                                        form=form), status=form_status(form))


# Indicators


def publishing_indicators(request, slug):
    membership = get_membership(request, slug)
    organization = membership.organization
    form = IndicatorLinkForm(request.POST or None, organization=organization)
    if request.method == "POST":
        get_membership(request, slug, edit=True)
        if request.POST.get("record"):
            written = actions.record_indicator_values(actor=request.user, organization=organization)
            messages.success(request, _("Indicators measured: %(count)s.") % {"count": len(written)})
            return redirect("publishing_indicators", slug)
        if request.POST.get("unlink"):
            source = IndicatorSource.objects.filter(
                pk=request.POST.get("unlink") if request.POST.get("unlink", "").isdigit() else 0,
                indicator__activity__plan__organization=organization).first()
            if source is None:
                raise Http404
            actions.unlink_indicator(actor=request.user, source=source)
            messages.success(request, _("The indicator no longer counts from publishing."))
            return redirect("publishing_indicators", slug)
        if form.is_valid():
            data = form.cleaned_data
            actions.link_indicator(actor=request.user, indicator=data["indicator"], metric=data["metric"],
                                   channel=data["channel"], topic=data["topic"])
            messages.success(request, _("The indicator now counts from publishing."))
            return redirect("publishing_indicators", slug)
    from holos.publishing.counts import indicator_value

    sources = list(IndicatorSource.objects.filter(indicator__activity__plan__organization=organization)
                   .select_related("indicator__activity__plan__organization", "channel", "topic"))
    for source in sources:
        source.value = indicator_value(source)
    by_channel: defaultdict[str, int] = defaultdict(int)
    for name, count in Delivery.objects.filter(post__organization=organization, status=DeliveryStatus.SENT)\
            .values_list("channel_name").annotate(n=Count("post", distinct=True)).values_list("channel_name", "n"):
        by_channel[name] += count
    return render(request, "publishing/indicators.html", _context(
        membership, form=form, sources=sources, by_channel=sorted(by_channel.items()),
        counts=subscriber_counts(organization)), status=form_status(form))
