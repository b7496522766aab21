import pytest

from tests.live import Servers


@pytest.fixture
def servers(tmp_path):
    """Real servers in other processes, stopped when the test ends."""
    started = Servers(tmp_path / "var")
    yield started
    started.stop()
