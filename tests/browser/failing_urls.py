"""Holos's addresses and one that fails, for the test of the error page."""

from django.urls import path

from holos.urls import urlpatterns as holos_urlpatterns


def fail(request):
    raise RuntimeError("a failure on purpose, for the error page's test")


urlpatterns = [path("fail/", fail), *holos_urlpatterns]
