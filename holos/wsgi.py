"""The WSGI application that gunicorn and ``holos serve`` run.

Once Django and the URL configuration are loaded, the objects they made are frozen out of
the garbage collector's reach (``gc.freeze``): they live as long as the process, so a
full collection no longer walks them all (a pause of some 200 ms under a rush of survey
answers), and processes forked after the freeze keep sharing their memory pages.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holos.settings")
application = get_wsgi_application()
gc.freeze()
