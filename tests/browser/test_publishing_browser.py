"""Publishing in Chromium: every staff page and public page passes axe-core; a resident signs up by keyboard
without JavaScript; nothing is wider than a phone's screen."""

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from holos.plans import actions as plan_actions
from holos.plans.models import Activity
from holos.publishing import actions, delivery
from holos.publishing.models import Subscriber, SubscriberStatus
from tests.browser.conftest import axe_violations, sign_in

PHONE = {"width": 390, "height": 800}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(autouse=True)
def _quick_form(settings):
    settings.HOLOS_SUGGESTION_MIN_SECONDS = settings.HOLOS_SUBSCRIBE_MIN_SECONDS = 0
    caches["default"].clear()


def publishing(world):
    """Channels, a topic, a subscriber, a post sent from a work item and a draft with problems to mend."""
    org = world.community
    news = actions.connect_channel(actor=None, organization=org, kind="news", name="Новини на сайті", language="",
                                   config={}, secret="")
    newsletter = actions.connect_channel(actor=None, organization=org, kind="email", name="Розсилка", language="",
                                         config={}, secret="")
    actions.connect_channel(actor=None, organization=org, kind="telegram", name="Телеграм-канал", language="",
                            config={"chat_id": "@hromada_news"}, secret="123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDs")
    topic = actions.save_topic(actor=None, organization=org, topic=None, name={"uk": "Послуги ЦНАП"})
    subscriber = Subscriber.objects.create(organization=org, email="olena@example.org",
                                           status=SubscriberStatus.CONFIRMED)
    activity = Activity.objects.filter(plan=world.plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-06"])
    occurrence = activity.occurrences.get()
    sent = actions.create_post(actor=world.officer, organization=org, occurrence=occurrence,
                               content=actions.PostContent(title={"uk": "Графік роботи ЦНАП у червні"},
                                                           body={"uk": "Прийом **щодня**.\n\n- паспорти\n- довідки"},
                                                           topics=[topic], channels=[news, newsletter]))
    actions.add_image(actor=world.officer, post=sent, upload=SimpleUploadedFile("p.png", PNG),
                      alt={"uk": "Зала очікування ЦНАП"})
    actions.submit_post(actor=world.officer, post=sent)
    actions.approve_post(actor=world.admin, post=sent)
    actions.start_sending(post_id=sent.pk)
    delivery.deliver_post(sent.pk)
    draft = actions.create_post(actor=world.officer, organization=org, content=actions.PostContent(
        title={"uk": "УВАГА ВСІМ МЕШКАНЦЯМ"}, body={"uk": "Деталі [тут](https://example.org)."}, channels=[news]))
    actions.add_image(actor=world.officer, post=draft, upload=SimpleUploadedFile("q.png", PNG), alt={})
    return {"sent": sent, "draft": draft, "topic": topic, "subscriber": subscriber, "occurrence": occurrence}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_staff_pages_pass_axe(page, live_server, live_world):
    made = publishing(live_world)
    sign_in(page, live_server, "admin")
    base = f"{live_server.url}/o/{live_world.community.slug}/publishing"
    urls = [f"{base}/posts/", f"{base}/posts/new/", f"{base}/posts/new/?work={made['occurrence'].pk}",
            f"{base}/posts/{made['sent'].pk}/", f"{base}/posts/{made['draft'].pk}/",
            f"{base}/posts/{made['draft'].pk}/edit/", f"{base}/posts/{made['draft'].pk}/delete/",
            f"{base}/calendar/?month=2025-06", f"{base}/channels/", f"{base}/channels/new/telegram/",
            f"{base}/channels/new/webhook/", f"{base}/topics/", f"{base}/topics/{made['topic'].pk}/",
            f"{base}/settings/", f"{base}/subscribers/", f"{base}/subscribers/import/",
            f"{base}/subscribers/{made['subscriber'].pk}/erase/", f"{base}/indicators/",
            f"{live_server.url}/o/{live_world.community.slug}/occurrences/{made['occurrence'].pk}/",
            f"{live_server.url}/o/{live_world.community.slug}/dashboard/"]
    for url in urls:
        page.goto(url)
        assert axe_violations(page) == [], url
    page.set_viewport_size(PHONE)
    for url in urls[:5]:
        page.goto(url)
        assert _fits(page), url


def test_public_pages_pass_axe_and_fit_a_phone(browser, live_server, live_world):
    made = publishing(live_world)
    slug = live_world.community.slug
    token = made["subscriber"].token
    context = browser.new_context(locale="uk-UA", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for path in ("", "news/", f"news/{made['sent'].pk}/", f"news/?topic={made['topic'].pk}", "subscribe/",
                 "subscribe/thanks/", f"subscription/{token}/", f"subscription/{token}/confirm/",
                 f"unsubscribe/{token}/"):
        page.goto(f"{live_server.url}/p/{slug}/{path}")
        assert _fits(page), path
    context.close()
    context = browser.new_context(locale="uk-UA", viewport=PHONE)
    page = context.new_page()
    for path in ("", "news/", f"news/{made['sent'].pk}/", "subscribe/", "subscribe/thanks/",
                 f"subscription/{token}/", f"subscription/{token}/confirm/", f"unsubscribe/{token}/"):
        page.goto(f"{live_server.url}/p/{slug}/{path}")
        assert axe_violations(page) == [], path
    context.close()


def test_a_resident_signs_up_by_keyboard_without_javascript(browser, live_server, live_world):
    made = publishing(live_world)
    context = browser.new_context(locale="uk-UA", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/p/{live_world.community.slug}/subscribe/")
    page.focus("#id_email")
    page.keyboard.type("maria@example.org")
    page.keyboard.press("Tab")  # one language: no question about it; the topics come next
    assert page.evaluate("document.activeElement.id") == "id_topics_0"
    page.keyboard.press("Space")
    page.check("#id_consent")
    page.focus("#id_consent")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_url("**/subscribe/thanks/")
    subscriber = Subscriber.objects.get(email="maria@example.org")
    assert subscriber.status == SubscriberStatus.PENDING and list(subscriber.topics.all()) == [made["topic"]]
    context.close()
