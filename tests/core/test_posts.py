"""A post's text: simple formatting read once and written for each channel; the checks before approval."""

from holos.core import posts


def test_paragraphs_lists_bold_and_links_become_escaped_html():
    text = ("Привіт, **громадо** <script>!\nДругий рядок\n\n- перший [розклад](https://x.ua/r?a=1&b=2)\n* другий"
            "\n\n1. раз\n2) два")
    assert posts.to_html(text) == (
        "<p>Привіт, <strong>громадо</strong> &lt;script&gt;!<br>\nДругий рядок</p>\n"
        '<ul><li>перший <a href="https://x.ua/r?a=1&amp;b=2">розклад</a></li><li>другий</li></ul>\n'
        "<ol><li>раз</li><li>два</li></ol>")


def test_plain_text_writes_links_out_and_keeps_list_marks():
    text = "Дивіться [розклад](https://x.ua/r) або https://x.ua/s.\n\n- один\n- два"
    assert posts.to_text(text) == "Дивіться розклад (https://x.ua/r) або https://x.ua/s.\n\n• один\n• два"


def test_telegram_gets_its_html_subset():
    assert posts.to_telegram("**Увага** & [тут](https://x.ua)\n\n1. раз") == (
        '<b>Увага</b> &amp; <a href="https://x.ua">тут</a>\n\n1. раз')


def test_a_link_with_a_script_address_is_not_a_link():
    assert "href" not in posts.to_html("[клік](javascript:alert(1))")


def test_long_text_is_split_between_paragraphs():
    text = "\n\n".join("абзац " * 50 for _ in range(10))
    pieces = posts.split_text(text, 1000)
    assert all(len(piece) <= 1000 for piece in pieces) and "".join(pieces).count("абзац") == 500


def test_images_without_alt_text_are_problems_in_every_language_written():
    findings = posts.check_post({"uk": ("Заголовок", "Текст"), "en": ("Title", "Text"), "cs": ("", "")},
                                [{"uk": "Фото черги"}, {}])
    problems = [(f.code, f.params["number"], f.language) for f in findings if f.severity == posts.PROBLEM]
    assert problems == [("image-no-alt", 1, "en"), ("image-no-alt", 2, "uk"), ("image-no-alt", 2, "en")]


def test_hints_for_long_sentences_capitals_and_vague_links():
    body = ("ЦНАП ПРАЦЮЄ ЩОДНЯ. " + " ".join(["слово"] * 31) + ". Деталі [тут](https://x.ua), "
            "more [here](https://x.ua) a [zde](https://x.ua). ВПО і ЦНАП — звичайні скорочення.")
    codes = [(f.code, dict(f.params)) for f in posts.check_text("Заголовок", body)]
    assert ("all-caps", {"words": "ЦНАП ПРАЦЮЄ ЩОДНЯ"}) in codes
    assert [c for c, _ in codes].count("vague-link") == 3
    assert [p["words"] for c, p in codes if c == "long-sentence"] == [31]
    assert len([c for c, _ in codes if c == "all-caps"]) == 1


def test_a_plain_short_post_has_nothing_to_mend():
    assert posts.check_post({"uk": ("Графік ЦНАП", "Працюємо [за графіком](https://x.ua/g).")}, []) == []
