"""The news page and its RSS 2.0 and Atom feeds, of all posts and of one topic, read back by a feed parser."""

from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from holos.publishing import actions
from tests.publishing.conftest import write

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_news_page_shows_what_went_out_there_only(world, client, news, send, topic):
    shown = send(write(world.community, [news], topics=[topic], body="Прийом **щодня**."))
    draft = write(world.community, [news], title="Чернетка, якої ще ніхто не бачив")
    slug = world.community.slug
    page = client.get(reverse("news", args=[slug])).content.decode()
    assert "Графік роботи ЦНАП у червні" in page and "Чернетка" not in page
    item = client.get(reverse("news_item", args=[slug, shown.pk]))
    assert item.status_code == 200 and "<strong>щодня</strong>" in item.content.decode()
    assert client.get(reverse("news_item", args=[slug, draft.pk])).status_code == 404
    organization_page = client.get(reverse("public_organization", args=[slug])).content.decode()
    assert reverse("news_item", args=[slug, shown.pk]) in organization_page
    assert reverse("news_rss", args=[slug]) in organization_page


def test_images_and_files_are_public_only_once_the_post_goes_out(world, client, news, send):
    post = write(world.community, [news])
    image = actions.add_image(actor=world.officer, post=post, upload=SimpleUploadedFile("p.png", PNG),
                              alt={"uk": "Черга"})
    attachment = actions.add_attachment(actor=world.officer, post=post,
                                        upload=SimpleUploadedFile("графік.pdf", b"%PDF-1.4"))
    slug = world.community.slug
    image_url = reverse("news_image", args=[slug, post.pk, image.pk])
    file_url = reverse("news_attachment", args=[slug, post.pk, attachment.pk])
    assert client.get(image_url).status_code == 404 and client.get(file_url).status_code == 404
    send(post)
    image_response = client.get(image_url)
    assert image_response.status_code == 200 and b"".join(image_response.streaming_content) == PNG
    assert image_response["Content-Type"] == "image/png"
    assert client.get(file_url).status_code == 200
    assert 'alt="Черга"' in client.get(reverse("news_item", args=[slug, post.pk])).content.decode()
    assert client.get(reverse("news_image", args=[world.other.slug, post.pk, image.pk])).status_code == 404


def test_rss_and_atom_feeds_of_all_posts_and_of_a_topic(world, client, news, send, topic, settings):
    settings.SITE_URL = "https://hromada.example"
    about = send(write(world.community, [news], topics=[topic], title="Про послуги"))
    send(write(world.community, [news], title="Про дороги"))
    slug = world.community.slug
    rss = ElementTree.fromstring(client.get(reverse("news_rss", args=[slug])).content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert sorted(titles) == ["Про дороги", "Про послуги"]
    assert rss.find("channel/language").text == "uk"
    topic_rss = ElementTree.fromstring(client.get(reverse("news_topic_rss", args=[slug, topic.pk])).content)
    [item] = list(topic_rss.iter("item"))
    assert item.findtext("title") == "Про послуги"
    assert item.findtext("link").endswith(f"/p/{slug}/news/{about.pk}/")
    assert item.findtext("category") == "Послуги ЦНАП"
    atom = client.get(reverse("news_topic_atom", args=[slug, topic.pk]))
    assert atom["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(atom.content)
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == ["Про послуги"]
    assert client.get(reverse("news_topic_rss", args=[slug, 99999])).status_code == 404


def test_no_news_page_until_it_is_connected(world, client):
    slug = world.community.slug
    assert client.get(reverse("news", args=[slug])).status_code == 404
    assert client.get(reverse("news_rss", args=[slug])).status_code == 404
    assert client.get(reverse("subscribe", args=[slug])).status_code == 404
