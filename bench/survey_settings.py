"""Holos's settings with the floor view of the survey load benchmark added to the URLs."""

from holos.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
