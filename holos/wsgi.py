"""The WSGI application that gunicorn and ``holos serve`` run.

Django's handler, with the public forms' addresses taking a shorter way through the
middleware (``holos.handlers``). Once Django and the URL configuration are loaded, the
objects they made are frozen out of the garbage collector's reach (``gc.freeze``): they
live as long as the process, so a full collection no longer walks them all (a pause of
some 200 ms under a rush of survey answers), and processes forked after the freeze keep
sharing their memory pages.
"""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holos.settings")
django.setup(set_prefix=False)

from holos.handlers import Handler  # noqa: E402 - needs the settings and apps set up

application = Handler()
gc.freeze()
