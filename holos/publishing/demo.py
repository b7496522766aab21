"""The demo's publishing: the news page and the newsletter connected, topics, three subscribers,
a post already on the news page, and a post written from a seed plan's work item, approved and scheduled."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from holos.demo.notes import Note
from holos.plans.models import Channel as PlanChannel
from holos.publishing import actions, delivery
from holos.publishing.models import ChannelKind, ConsentBasis, Subscriber, SubscriberStatus

TOPICS = [
    {"uk": "Послуги ЦНАП", "en": "Services of the centre", "cs": "Služby kontaktního místa"},
    {"uk": "Життя громади", "en": "Community life", "cs": "Život obce"},
]
SUBSCRIBERS = [("olena.demo@example.org", "uk", 0), ("john.demo@example.org", "en", None),
               ("jana.demo@example.org", "cs", 1)]
WELCOME = {
    "title": {"uk": "Громада відкриває сторінку новин", "en": "The community opens its news page",
              "cs": "Obec otevírá stránku novinek"},
    "body": {"uk": "Тепер новини громади — тут і в розсилці. **Підпишіться**, щоб отримувати їх поштою.",
             "en": "The community's news is now here and in the newsletter. **Subscribe** to get it by email.",
             "cs": "Novinky obce jsou teď zde a v zasílání. **Přihlaste se** a dostávejte je e-mailem."},
}


def _first_work(organization):
    """A work item of a seed plan whose activity goes out on the website, else the first one."""
    from holos.work.models import Occurrence

    found = Occurrence.objects.filter(plan__organization=organization).select_related("activity", "plan")
    return (found.filter(activity__channels__name__icontains="сайт").order_by("due", "id").first()
            or found.order_by("due", "id").first())


def create_demo_publishing(*, organization, admin) -> list[Note]:
    from holos.plans.models import Audience

    offered = Audience.objects.filter(organization=organization).filter(
        Q(name__icontains="ВПО") | Q(name__icontains="жителі громади") | Q(name__icontains="батьки"))[:4]
    actions.update_settings(actor=admin, organization=organization, approval_required=True,
                            languages=["uk", "en", "cs"], retention_days=30, approvers=[], audiences=offered)
    website = PlanChannel.objects.filter(organization=organization, name__icontains="сайт")
    mail = PlanChannel.objects.filter(organization=organization).filter(
        Q(name__icontains="розсил") | Q(name__icontains="пошт") | Q(name__icontains="e-mail"))
    news = actions.connect_channel(actor=admin, organization=organization, kind=ChannelKind.NEWS,
                                   name="Новини на сайті громади", language="uk", config={}, secret="",
                                   catalogue_channels=website)
    newsletter = actions.connect_channel(actor=admin, organization=organization, kind=ChannelKind.EMAIL,
                                         name="Розсилка новин", language="uk", config={"from_name": "", "reply_to": ""},
                                         secret="", catalogue_channels=mail)
    topics = [actions.save_topic(actor=admin, organization=organization, topic=None, name=name) for name in TOPICS]
    now = timezone.now()
    for address, language, topic in SUBSCRIBERS:
        subscriber = Subscriber.objects.create(
            organization=organization, email=address, language=language, status=SubscriberStatus.CONFIRMED,
            consent_basis=ConsentBasis.WRITTEN, consent_note="Демо: паперові згоди в ЦНАП", consent_at=now,
            confirmed_at=now)
        if topic is not None:
            subscriber.topics.set([topics[topic]])

    welcome = actions.create_post(actor=admin, organization=organization, content=actions.PostContent(
        title=WELCOME["title"], body=WELCOME["body"], topics=[topics[1]], channels=[news]))
    actions.submit_post(actor=admin, post=welcome)
    actions.approve_post(actor=admin, post=welcome)
    actions.start_sending(post_id=welcome.pk)
    delivery.deliver_post(welcome.pk)

    occurrence = _first_work(organization)
    notes = [Note(gettext_noop("news page: %(url)s"),
                  {"url": settings.SITE_URL + reverse("news", args=[organization.slug])}),
             Note(gettext_noop("newsletter sign-up: %(url)s"),
                  {"url": settings.SITE_URL + reverse("subscribe", args=[organization.slug])})]
    if occurrence is None:
        return notes
    zone = organization.zone
    day = max(occurrence.due, timezone.localdate(now, zone) + timedelta(days=1))
    post = actions.create_post(actor=admin, organization=organization, occurrence=occurrence,
                               content=actions.PostContent(
        title={"uk": Truncator(occurrence.activity.title).chars(120)},
        body={"uk": "Що зроблено цього місяця, і що далі.\n\n- прийом громадян щодня\n- консультації онлайн\n\n"
                    "Розклад — на [сторінці ЦНАП](https://example.org/cnap)."},
        topics=[topics[0]], audiences=list(occurrence.activity.audiences.all()[:2]), channels=[news, newsletter],
        publish_at=datetime.combine(day, time(10, 0), tzinfo=zone)))
    actions.submit_post(actor=admin, post=post)
    actions.approve_post(actor=admin, post=post)
    notes.append(Note(gettext_noop("post %(id)s, approved for %(day)s: %(url)s"), {
        "id": post.pk, "day": day.isoformat(),
        "url": settings.SITE_URL + reverse("post", args=[organization.slug, post.pk])}))
    return notes
