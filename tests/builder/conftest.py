import pytest

from holos.demo.build import build_demo


@pytest.fixture
def demo(db):
    """The demo organisation with its seed plans and community profile; its admin is ``demo``."""
    return build_demo()
