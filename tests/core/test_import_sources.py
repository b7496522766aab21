"""read_path and read_text: which files can be read, and a one-line reason for those that
cannot."""

from __future__ import annotations

import pytest

from holos.core.document import SCHEMA
from holos.core.importers import UnreadableSource, read_path, read_text

PLAN = ("Communication plan of the city for 2024\n\n"
        "Activity\tChannels\tJan\tFeb\n"
        "Press release\twebsite\tx\t\n")


def test_a_text_file_is_read_with_its_name_and_format(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    document = read_path(path)
    assert document.source == {"file": "plan.txt", "format": "text/tab-separated"}
    assert document.to_dict()["schema"] == SCHEMA
    assert [a.title for a in document.plans[0].activities()] == ["Press release"]


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN.encode())
    assert read_path(path).plans[0].title == "Communication plan of the city for 2024"


def test_read_text_names_no_file_unless_told():
    assert read_text(PLAN).source == {"file": "", "format": "text/tab-separated"}
    assert read_text(PLAN, filename="x.txt").source == {"file": "x.txt",
                                                       "format": "text/tab-separated"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("plan.docx", b"PK\x03\x04", "is damaged"),
        ("plan.xlsx", b"PK\x03\x04", "is damaged"),
        ("plan.exe", b"MZ", "unsupported file type"),
        ("plan", b"text", "unsupported file type"),
        ("plan.txt", b"", "is empty"),
        ("plan.txt", b"  \n\n", "is empty"),
        ("plan.txt", b"\x00\x01\x02binary", "is binary"),
        ("plan.txt", "Plán".encode("cp1250"), "is not UTF-8 text"),
    ],
)
def test_unreadable_files_say_why_in_one_line(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableSource) as raised:
        read_path(path)
    message = str(raised.value)
    assert reason in message
    assert "\n" not in message
    assert name in message


def test_a_file_larger_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    with pytest.raises(UnreadableSource, match="more than the limit of 10 bytes"):
        read_path(path, max_bytes=10)
    assert read_path(path, max_bytes=len(PLAN.encode())).plans


def test_a_missing_file_cannot_be_opened(tmp_path):
    with pytest.raises(UnreadableSource, match="cannot be opened"):
        read_path(tmp_path / "missing.txt")


def test_read_text_refuses_empty_and_binary_text():
    with pytest.raises(UnreadableSource, match="empty"):
        read_text("   ")
    with pytest.raises(UnreadableSource, match="binary"):
        read_text("a\x00b", filename="a.txt")
