"""Posts through the pages: written from a work item or alone, checked, approved or sent back, re-approved
after a change, scheduled, and recorded step by step in their history and the audit log."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from holos.audit.models import AuditEntry
from holos.plans import actions as plan_actions
from holos.plans.models import Activity
from holos.publishing import actions, delivery
from holos.publishing.models import Delivery, DeliveryStatus, Post, PostStatus
from holos.work.models import Occurrence
from tests.publishing.conftest import write

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _occurrence(world):
    activity = Activity.objects.filter(plan=world.plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-06"])
    return Occurrence.objects.get(activity=activity)


def test_a_post_written_from_a_work_item_takes_its_title_audiences_and_channels(world, as_user, news):
    from holos.plans.models import Channel as PlanChannel

    telegram_entry = PlanChannel.objects.get(organization=world.community, name="Телеграм канал")
    news.catalogue_channels.set([telegram_entry])
    occurrence = _occurrence(world)
    client = as_user(world.officer)
    work_page = client.get(reverse("occurrence", args=[world.community.slug, occurrence.pk])).content.decode()
    create = reverse("post_create", args=[world.community.slug]) + f"?work={occurrence.pk}"
    assert create.replace("&", "&amp;") in work_page or create in work_page
    page = client.get(create).content.decode()
    assert "Активність 1 — Червень 2025" in page
    assert f'value="{news.pk}" checked' in page.replace('id="id_channels_0" ', "").replace("  ", " ") or \
        "checked" in page.split(f'value="{news.pk}"')[1][:40]
    response = client.post(reverse("post_create", args=[world.community.slug]), {
        "work": occurrence.pk, "title_uk": "Графік ЦНАП — червень", "body_uk": "Текст", "channels": [news.pk]})
    post = Post.objects.get()
    assert response["Location"] == reverse("post", args=[world.community.slug, post.pk])
    assert post.occurrence == occurrence and post.status == PostStatus.DRAFT and post.created_by == world.officer
    assert "Графік ЦНАП — червень" in client.get(reverse("occurrence", args=[world.community.slug,
                                                                             occurrence.pk])).content.decode()


def test_a_work_item_of_another_organisation_cannot_be_named(world, as_user):
    from tests.conftest import make_plan

    foreign = make_plan(world.other, title="Чужий")
    activity = Activity.objects.filter(plan=foreign).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-06"])
    occurrence = Occurrence.objects.get(activity=activity)
    url = reverse("post_create", args=[world.community.slug]) + f"?work={occurrence.pk}"
    assert as_user(world.officer).get(url).status_code == 404


def test_approval_return_with_a_comment_and_approval_again_after_a_change(world, as_user, news,
                                                                          django_capture_on_commit_callbacks):
    post = write(world.community, [news], actor=world.officer,
                 publish_at=timezone.now() + timedelta(days=2))
    slug = world.community.slug
    review = reverse("post_review", args=[slug, post.pk])
    officer, admin = as_user(world.officer), None
    officer.post(review, {"review": "submit"})
    post.refresh_from_db()
    assert post.status == PostStatus.REVIEW
    # The editor may not approve; an approver may.
    assert officer.post(review, {"review": "approve"}).status_code == 403
    admin = as_user(world.admin)
    admin.post(review, {"review": "return", "comment": "Додайте години роботи"})
    post.refresh_from_db()
    assert post.status == PostStatus.RETURNED and post.review_comment == "Додайте години роботи"
    officer = as_user(world.officer)
    page = officer.get(reverse("post", args=[slug, post.pk])).content.decode()
    assert "Додайте години роботи" in page
    officer.post(review, {"review": "submit"})
    admin = as_user(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(review, {"review": "approve"})
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.approved_by == world.admin
    assert not Delivery.objects.exists(), "scheduled for later: nothing goes out yet"
    officer = as_user(world.officer)
    officer.post(reverse("post_edit", args=[slug, post.pk]), {
        "title_uk": "Графік роботи ЦНАП у червні (оновлено)", "body_uk": "ЦНАП працює щодня.", "channels": [news.pk],
        "publish_at": timezone.localtime(post.publish_at).strftime("%Y-%m-%dT%H:%M")})
    post.refresh_from_db()
    assert post.status == PostStatus.REVIEW and post.revision == 2 and post.approved_revision == 1
    actions_seen = list(AuditEntry.objects.filter(object_type="post", object_id=post.pk)
                        .order_by("created_at", "id").values_list("action", flat=True))
    assert actions_seen == ["post.create", "post.submit", "post.return", "post.submit", "post.approve",
                            "post.update", "post.reapproval"]
    history = officer.get(reverse("post", args=[slug, post.pk])).content.decode()
    for label in ("post sent back with a comment", "post approved"):
        assert label not in history  # the page speaks Ukrainian
    assert "допис повернуто з коментарем" in history


def test_an_unchanged_save_keeps_the_approval(world, news):
    post = write(world.community, [news])
    actions.submit_post(actor=world.officer, post=post)
    actions.approve_post(actor=world.admin, post=post)
    post.refresh_from_db()
    content = actions.PostContent(title=post.title, body=post.body, channels=[news])
    post = actions.update_post(actor=world.officer, post=post, content=content)
    assert post.status == PostStatus.APPROVED and post.revision == 1


def test_with_approval_off_a_submitted_post_is_scheduled_at_once(world, news, as_user,
                                                                 django_capture_on_commit_callbacks):
    actions.update_settings(actor=world.admin, organization=world.community, approval_required=False,
                            languages=["uk"], retention_days=30, approvers=[])
    post = write(world.community, [news])
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.officer).post(reverse("post_review", args=[world.community.slug, post.pk]),
                                    {"review": "submit"})
    post.refresh_from_db()
    assert post.status == PostStatus.SENT
    assert AuditEntry.objects.filter(action="publishing.approval_off").exists()
    assert AuditEntry.objects.filter(action="post.approve_auto", object_id=post.pk).exists()


def test_an_approver_named_by_the_administrator_approves(world, news, as_user):
    post = write(world.community, [news])
    actions.submit_post(actor=world.officer, post=post)
    review = reverse("post_review", args=[world.community.slug, post.pk])
    assert as_user(world.unit_head).post(review, {"review": "approve"}).status_code == 403
    settings_url = reverse("publishing_settings", args=[world.community.slug])
    assert as_user(world.officer).get(settings_url).status_code == 403
    membership = world.unit_head.memberships.get(organization=world.community)
    as_user(world.admin).post(settings_url, {"approval_required": "on", "languages": ["uk"], "retention_days": 30,
                                             "approvers": [membership.pk]})
    as_user(world.unit_head).post(review, {"review": "approve"})
    post.refresh_from_db()
    assert post.status != PostStatus.REVIEW and post.approved_by == world.unit_head


def test_an_image_without_alt_text_stops_approval_and_hints_are_shown(world, as_user, news):
    actions.update_settings(actor=None, organization=world.community, approval_required=True,
                            languages=["uk", "en"], retention_days=30, approvers=[])
    post = write(world.community, [news], body="УВАГА ВСІМ МЕШКАНЦЯМ! Деталі [тут](https://x.ua).",
                 extra={"title": {"en": "Schedule"}, "body": {"en": "Read [here](https://x.ua)."}})
    actions.add_image(actor=world.officer, post=post, upload=SimpleUploadedFile("p.png", PNG), alt={"uk": "Фото"})
    page = as_user(world.officer).get(reverse("post", args=[world.community.slug, post.pk])).content.decode()
    assert "Зображення 1 не має тексту для людей, які його не бачать." in page
    assert "«тут»" in page and "«here»" in page and "УВАГА ВСІМ МЕШКАНЦЯМ" in page
    as_user(world.officer).post(reverse("post_review", args=[world.community.slug, post.pk]), {"review": "submit"})
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT
    image = post.images.get()
    as_user(world.officer).post(reverse("post_images", args=[world.community.slug, post.pk]), {
        "image_action": "alt", "image": image.pk, f"image-{image.pk}-alt_uk": "Фото черги",
        f"image-{image.pk}-alt_en": "The queue"})
    as_user(world.officer).post(reverse("post_review", args=[world.community.slug, post.pk]), {"review": "submit"})
    post.refresh_from_db()
    assert post.status == PostStatus.REVIEW


def test_a_file_that_is_not_an_image_is_refused(world, as_user, news):
    post = write(world.community, [news])
    response = as_user(world.officer).post(reverse("post_images", args=[world.community.slug, post.pk]), {
        "image_action": "add", "image": SimpleUploadedFile("x.png", b"<script>"), "alt_uk": "x"}, follow=True)
    assert "Це не зображення PNG, JPEG, GIF чи WebP." in response.content.decode()
    assert not post.images.exists()


def test_a_post_that_went_out_cannot_be_edited_or_deleted(world, as_user, news, send):
    post = send(write(world.community, [news]))
    client = as_user(world.officer)
    slug = world.community.slug
    client.post(reverse("post_edit", args=[slug, post.pk]), {"title_uk": "Змінено", "channels": [news.pk]})
    client.post(reverse("post_delete", args=[slug, post.pk]))
    post.refresh_from_db()
    assert str(post) == "Графік роботи ЦНАП у червні" and post.status == PostStatus.SENT


def test_a_scheduled_post_goes_out_when_its_time_comes(world, news, django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(hours=3)
    post = write(world.community, [news], publish_at=later)
    actions.submit_post(actor=world.officer, post=post)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_post(actor=world.admin, post=post)
    assert delivery.run_due()["started"] == []
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.run_due(now=later + timedelta(minutes=1))["started"] == [post.pk]
    post.refresh_from_db()
    assert post.status == PostStatus.SENT
    assert Delivery.objects.get(post=post).status == DeliveryStatus.SENT


def test_editors_write_viewers_read(world, as_user, news):
    post = write(world.community, [news])
    slug = world.community.slug
    viewer = as_user(world.viewer)
    assert viewer.get(reverse("post", args=[slug, post.pk])).status_code == 200
    assert viewer.get(reverse("posts", args=[slug])).status_code == 200
    assert viewer.post(reverse("post_create", args=[slug]), {"title_uk": "x"}).status_code == 403
    assert viewer.post(reverse("post_review", args=[slug, post.pk]), {"review": "submit"}).status_code == 403
    assert viewer.post(reverse("post_delete", args=[slug, post.pk])).status_code == 403
    assert Post.objects.get().status == PostStatus.DRAFT
