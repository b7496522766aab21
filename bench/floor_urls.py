"""Holos's URLs and one more for the survey load benchmark's floor: a view doing one INSERT.

Served only by the benchmark (``bench.survey_settings``). The floor view is a view as
any other of Holos: it goes through the whole middleware (sessions, signed-in user,
messages, CSRF, language), answers a GET with a small form carrying its token, and a POST
with one INSERT of a response. The public survey form takes a shorter way through the
middleware (``holos.handlers``); the floor does not, as no other page does. It is first
in the list, as the public survey's address is first in Holos's, so that neither pays for
trying the other addresses.
"""

from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from holos.urls import urlpatterns as holos_urls

FORM = ('<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<input name="answer"><button>OK</button></form>')


def one_insert(request, survey: int):
    if request.method == "POST":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO surveys_response (survey_id, submitted_at, language, stamp, sender) "
                           "VALUES (%s, now(), %s, '', '')", [survey, "uk"])
        return HttpResponse("<p>OK</p>")
    return HttpResponse(FORM.format(token=get_token(request)))


# First, as the public survey's address is first in Holos's list: neither pays for resolving the rest.
urlpatterns = [path("bench/floor/<int:survey>/", one_insert), *holos_urls]
