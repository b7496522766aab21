"""Several server processes count a sender's submissions together in Redis.

Each process is a real Python process with its own memory; with
``HOLOS_SHARED_CACHE=redis://…`` the second one sees what the first one counted. The whole
stack (three web processes behind one port) is tested the same way by ``make test-cluster``.
"""

from tests.suggestions.test_shared_counts import submit_twice


def test_processes_sharing_redis_count_together(tmp_path, redis_server):
    url = redis_server.url(3)
    assert submit_twice(tmp_path, url) == [False, False]
    assert submit_twice(tmp_path, url) == [False, True]
    assert submit_twice(tmp_path, url) == [True, True]
