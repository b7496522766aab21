"""Publishing's addresses: ``p/<slug>/news/…`` and the newsletter's pages for the public,
``o/<slug>/publishing/…`` for staff (a sign-in first; each view checks membership)."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from holos.views_on_demand import views_of

public = views_of("holos.publishing.public")
views = views_of("holos.publishing.views")
feeds = views_of("holos.publishing.channels.news.feeds")

PUBLIC = "p/<slug:slug>/"
STAFF = "o/<slug:slug>/publishing/"
POST = STAFF + "posts/<int:pk>/"

staff_routes = [
    path(STAFF + "posts/", views.posts, name="posts"),
    path(STAFF + "posts/new/", views.post_create, name="post_create"),
    path(POST, views.post_detail, name="post"),
    path(POST + "edit/", views.post_edit, name="post_edit"),
    path(POST + "images/", views.post_images, name="post_images"),
    path(POST + "images/<int:image_pk>/", views.post_image, name="post_image"),
    path(POST + "files/", views.post_files, name="post_files"),
    path(POST + "files/<int:file_pk>/", views.post_file, name="post_file"),
    path(POST + "review/", views.post_review, name="post_review"),
    path(POST + "send-again/", views.post_send_again, name="post_send_again"),
    path(POST + "delete/", views.post_delete, name="post_delete"),
    path(STAFF + "calendar/", views.content_calendar, name="content_calendar"),
    path(STAFF + "channels/", views.channels, name="channels"),
    path(STAFF + "channels/new/<str:kind>/", views.channel_connect, name="channel_connect"),
    path(STAFF + "channels/<int:pk>/", views.channel_edit, name="channel_edit"),
    path(STAFF + "channels/<int:pk>/disconnect/", views.channel_disconnect, name="channel_disconnect"),
    path(STAFF + "topics/", views.topics, name="topics"),
    path(STAFF + "topics/<int:pk>/", views.topic_edit, name="topic_edit"),
    path(STAFF + "settings/", views.publishing_settings, name="publishing_settings"),
    path(STAFF + "subscribers/", views.subscribers, name="subscribers"),
    path(STAFF + "subscribers/import/", views.subscribers_import, name="subscribers_import"),
    path(STAFF + "subscribers/<int:pk>/erase/", views.subscriber_erase, name="subscriber_erase"),
    path(STAFF + "indicators/", views.publishing_indicators, name="publishing_indicators"),
]

urlpatterns = [
    path(PUBLIC + "news/", public.news, name="news"),
    path(PUBLIC + "news/rss/", feeds.rss, name="news_rss"),
    path(PUBLIC + "news/atom/", feeds.atom, name="news_atom"),
    path(PUBLIC + "news/topics/<int:topic>/rss/", feeds.rss, name="news_topic_rss"),
    path(PUBLIC + "news/topics/<int:topic>/atom/", feeds.atom, name="news_topic_atom"),
    path(PUBLIC + "news/<int:pk>/", public.news_item, name="news_item"),
    path(PUBLIC + "news/<int:pk>/images/<int:image_pk>/", public.news_image, name="news_image"),
    path(PUBLIC + "news/<int:pk>/files/<int:file_pk>/", public.news_attachment, name="news_attachment"),
    path(PUBLIC + "subscribe/", public.subscribe, name="subscribe"),
    path(PUBLIC + "subscribe/thanks/", public.subscribe_thanks, name="subscribe_thanks"),
    path(PUBLIC + "subscription/<str:token>/", public.subscription, name="subscription"),
    path(PUBLIC + "subscription/<str:token>/confirm/", public.subscription_confirm, name="subscription_confirm"),
    path(PUBLIC + "unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    *[path(str(route.pattern), login_required(route.callback), name=route.name or "") for route in staff_routes],
]
