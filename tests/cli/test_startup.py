"""Commands load only what they use: the URL configuration without the views, the importers without their readers."""

import json
import subprocess
import sys

from tests.live import ROOT, database_url, server_environment

HEAVY = ["holos.plans.views", "holos.imports.views", "holos.public.views", "holos.surveys.public", "openpyxl",
         "docx", "pdfplumber", "icalendar", "fpdf", "typst"]
PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holos.settings")
import django
django.setup()
from django.urls import resolve, reverse
import holos.core.importers
url = reverse("plan", args=["demo", 7])
loaded = [name for name in json.loads(sys.argv[1]) if name in sys.modules]
view = resolve(url).func
after = "holos.plans.views" in sys.modules
print(json.dumps({"url": url, "loaded": loaded, "after_resolve": after, "name": view.__name__}))
"""


def test_reversing_a_url_imports_no_view_and_no_document_reader(tmp_path):
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(HEAVY)], capture_output=True, text=True,
                            env={"PATH": "", "HOLOS_VAR_DIR": str(tmp_path)}, timeout=60, check=True)
    found = json.loads(result.stdout)
    assert found["url"] == "/o/demo/plans/7/"
    assert found["loaded"] == []
    # Resolving names the view without importing it; a request imports it when it calls it.
    assert found["name"] == "plan_detail" and found["after_resolve"] is False


def test_an_on_demand_view_answers_as_its_view(world, as_user):
    from django.urls import resolve, reverse

    url = reverse("plan", args=[world.community.slug, world.plan.pk])
    assert as_user(world.officer).get(url).status_code == 200
    from holos.plans.views import plan_detail

    assert resolve(url).func.__wrapped__.view() is plan_detail


# ``holos plans`` as the installed command runs it, then the names of HEAVY it loaded, on stderr.
COMMAND = """
import json, sys
from holos.cli import main
code = main(["plans"])
print(json.dumps([name for name in json.loads(sys.argv[1]) if name in sys.modules]), file=sys.stderr)
sys.exit(code)
"""
# The document readers and every app's views: what a list of plans has no use for.
LISTING_NEEDS_NONE_OF = ["openpyxl", "docx", "pdfplumber", "odfdo", "holos.core.importers.interpret",
                         "holos.plans.views", "holos.builder.views", "holos.publishing.views",
                         "holos.publishing.public", "holos.accounts.views", "holos.exports.pdf", "prometheus_client"]


def test_holos_plans_lists_plans_without_loading_readers_or_views(live_world, tmp_path):
    env = server_environment(database_url(tmp_path), tmp_path)
    result = subprocess.run([sys.executable, "-c", COMMAND, json.dumps(LISTING_NEEDS_NONE_OF)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # It did its work: the plan is listed with its address, which reversing the URL configuration gave.
    assert f"/o/pokrovska/plans/{live_world.plan.pk}/\t{live_world.plan.title}" in result.stdout
    assert json.loads(result.stderr.splitlines()[-1]) == []
