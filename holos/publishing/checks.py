"""The checks of a post before approval, read from its saved texts and images (``holos.core.posts``)."""

from __future__ import annotations

from holos.core.posts import Finding, check_post
from holos.publishing.models import TEXT_LANGUAGES, Post


def post_findings(post: Post) -> list[Finding]:
    versions = {lang: ((post.title or {}).get(lang, ""), (post.body or {}).get(lang, "")) for lang in TEXT_LANGUAGES}
    return check_post(versions, [image.alt or {} for image in post.images.all()])
