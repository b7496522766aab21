"""``holos surveys``: one line (or JSON object) per survey, with its public address."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.translation import gettext as _

from holos.cli_errors import EXIT_USAGE, CommandError
from holos.surveys.models import FALLBACK_LANGUAGE, Survey, pick_text


def list_surveys(*, json_output: bool, organization: str | None) -> int:
    surveys = Survey.objects.select_related("organization").with_response_counts().order_by(
        "organization__name", "id")
    if organization:
        from holos.accounts.models import Organization

        if not Organization.objects.filter(slug=organization).exists():
            raise CommandError(_("no organisation with the short name “%(slug)s”") % {"slug": organization},
                               EXIT_USAGE)
        surveys = surveys.filter(organization__slug=organization)
    now = timezone.now()
    for survey in surveys.iterator(chunk_size=500):
        row = {
            "id": survey.pk,
            "organization": survey.organization.slug,
            "title": pick_text(survey.title, FALLBACK_LANGUAGE),
            "status": survey.status_at(now),
            "url": survey.public_url(),
            "responses": survey.response_count,
        }
        if json_output:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['id']}\t{row['organization']}\t{row['status']}\t{row['responses']}\t{row['url']}\t"
                  f"{row['title']}")
    return 0
