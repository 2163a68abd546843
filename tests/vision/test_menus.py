"""Menus, nav bars and tabs on synthetic screens: text that is a link by where it sits."""

from __future__ import annotations

import numpy as np
from PIL import ImageFont

from replicast.vision.base import Box, TextLine
from replicast.vision.detect import detect_elements
from replicast.vision.elements import DetectedElement, ElementStyle
from replicast.vision.menus import menu_links, top_bar
from replicast.vision.texts import BodyText
from tests.vision.render import Canvas, font


def test_top_bar_is_a_nav_and_its_breadcrumb_items_are_links() -> None:
    c = Canvas(width=800, height=400, background=(248, 250, 251))
    c.rect("bar", Box(0, 0, 800, 42), fill=(39, 104, 144))
    c.text(16, 12, "home / library", size=16, colour=(230, 240, 240))
    c.text(16, 100, "A page with a bar across its top.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    assert sorted(e.text or "" for e in els if e.role == "link") == ["home", "library"]
    assert any(e.role == "nav" and e.box.iou(Box(0, 0, 800, 42)) >= 0.9 for e in els)


def test_a_nav_bars_links_are_the_padded_boxes_they_are_clicked_in() -> None:
    # Given a dark navbar's nav-links "Home" and "Contact", padded 0.5 rem x 1 rem
    c = Canvas(width=1000, height=400, background=(244, 246, 249))
    c.rect("bar", Box(0, 0, 1000, 57), fill=(52, 58, 64))
    home = c.text(320, 20, "Home", size=16, colour=(194, 199, 208))
    contact = c.text(home.x2 + 32, 20, "Contact", size=16, colour=(194, 199, 208))
    c.text(40, 120, "Some words in the main column of the page.", size=16)
    els = detect_elements(c.rgb(), c.lines)

    # Then each link's box reaches half the blank between them and an em past the outer ends, 2.5 em tall
    links = {e.text: e.box for e in els if e.role == "link"}
    gap = contact.x - home.x2
    assert links["Home"].iou(Box(home.x - 16, 8, home.w + 16 + gap // 2, 40)) >= 0.8, links
    assert links["Contact"].iou(Box(contact.x - gap // 2, 8, contact.w + 16 + gap // 2, 40)) >= 0.8, links


def test_a_white_nav_bar_closed_by_a_rule_beside_a_sidebar_is_a_nav() -> None:
    # Given AdminLTE's light layout: a dark sidebar, then a white navbar over the grey page, parted from
    # it by a 1 px rule only, which makes no shape of its own in a recording (it merges with the page)
    c = Canvas(width=1000, height=400, background=(244, 246, 249))
    c.rect("side", Box(0, 0, 200, 400), fill=(52, 58, 64))
    c.rect("bar", Box(200, 0, 785, 56), fill=(255, 255, 255))
    c.rect("rule", Box(200, 56, 785, 1), fill=(222, 226, 230))
    boxes = [c.text(240, 18, "Home", size=16, colour=(90, 96, 102)), c.text(310, 18, "Contact", size=16)]
    body = BodyText(em=16.0, colour=(33, 37, 41))
    style = ElementStyle(font_size=16.0)
    texts = [
        DetectedElement("text", b, t, style=style) for b, t in zip(boxes, ["Home", "Contact"], strict=True)
    ]

    # When menus are looked for with no shape for the bar
    bar = top_bar(c.rgb(), [], body)
    links = menu_links(c.rgb(), texts, bar, body)

    # Then the band down to the rule is the bar, and its texts are its links
    assert bar is not None and bar.iou(Box(200, 0, 785, 57)) >= 0.95, bar
    assert [e.role for e in links] == ["link", "link"]


def test_a_tall_bar_over_a_page_of_small_text_is_a_nav() -> None:
    # Given sb-admin's dashboard: a 70 px white bar beside its sidebar, and a page whose commonest text is
    # its cards' 13 px labels (5.4 such lines tall)
    c = Canvas(width=1000, height=400, background=(248, 249, 252))
    c.rect("side", Box(0, 0, 200, 400), fill=(78, 115, 223))
    c.rect("bar", Box(200, 0, 785, 70), fill=(255, 255, 255))
    c.rect("rule", Box(200, 70, 785, 1), fill=(227, 230, 240))
    body = BodyText(em=12.9, colour=(133, 135, 150))

    # When the bar is looked for with no shape for it
    bar = top_bar(c.rgb(), [], body)

    # Then the band down to the rule is the bar
    assert bar is not None and bar.iou(Box(200, 0, 785, 71)) >= 0.95, bar


def test_side_nav_items_are_block_links() -> None:
    c = Canvas(width=800, height=500)
    c.rect("side", Box(0, 0, 240, 500), fill=(189, 93, 56))
    for k, name in enumerate(["ABOUT", "EXPERIENCE", "SKILLS", "AWARDS"]):
        c.text_centred(Box(0, 100 + 40 * k, 240, 40), name, size=15, colour=(240, 200, 190))
    c.text(300, 100, "Some words in the main column of the page.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    links = sorted((e for e in els if e.role == "link"), key=lambda e: e.box.y)
    assert [e.text for e in links] == ["ABOUT", "EXPERIENCE", "SKILLS", "AWARDS"]
    for k, e in enumerate(links):
        assert e.box.iou(Box(0, 100 + 40 * k, 240, 40)) >= 0.7
        assert e.style.text_indent is None  # centred in its block
    assert any(e.role == "nav" for e in els)


def test_a_sidebar_of_items_padded_a_rem_with_icons_beside_them_is_a_side_nav() -> None:
    # sb-admin's sidebar: 56 px items of 13 px text (4.4 em apart), an icon left of each label, and a
    # section's heading (smaller, further left) between two groups of items
    c = Canvas(width=900, height=560, background=(248, 249, 252))
    c.rect("side", Box(0, 0, 224, 560), fill=(78, 115, 223))
    tops = {"Dashboard": 60, "Pages": 200, "Charts": 256, "Tables": 312}
    c.text(16, 140, "INTERFACE", size=11, colour=(160, 180, 240), bold=True)
    for k, (name, top) in enumerate(tops.items()):
        c.rect(f"icon{k}", Box(17, top + 20, 16, 16), fill=(200, 212, 245))
        c.text(42, top + 21, name, size=13, colour=(255, 255, 255))
    c.text(260, 100, "Some words in the main column of the page.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    links = sorted((e for e in els if e.role == "link"), key=lambda e: e.box.y)
    assert [e.text for e in links] == list(tops)
    for e in links:
        assert e.box.iou(Box(0, tops[e.text or ""], 224, 56)) >= 0.7, e.box
        # set left, after its icon: the label's indent in its block
        assert e.style.text_indent is not None and abs(e.style.text_indent - 42) <= 2, e.style


def test_an_items_icon_glyph_read_as_a_letter_is_its_icon() -> None:
    # Given a side nav whose "Search" item has a magnifier icon that OCR reads as a "Q" on its own
    c = Canvas(width=900, height=560, background=(248, 249, 252))
    c.rect("side", Box(0, 0, 224, 560), fill=(78, 115, 223))
    tops = {"Dashboard": 60, "Pages": 116, "Search": 172, "Tables": 228}
    for k, (name, top) in enumerate(tops.items()):
        if name == "Search":
            c.text(18, top + 17, "Q", size=18, colour=(200, 212, 245), bold=True)
        else:
            c.rect(f"icon{k}", Box(17, top + 20, 16, 16), fill=(200, 212, 245))
        c.text(42, top + 21, name, size=13, colour=(255, 255, 255))
    c.text(260, 100, "Some words in the main column of the page.", size=16)

    els = detect_elements(c.rgb(), c.lines)

    # Then the "Q" is no text but the icon of the "Search" item, over its ink
    assert not [e for e in els if e.text == "Q"]
    (search,) = [e for e in els if e.role == "link" and e.text == "Search"]
    icons = [e.box for e in els if e.role == "icon" and e.box.within(search.box, 1.0)]
    assert len(icons) == 1 and icons[0].x2 <= 40, icons


def test_the_two_items_a_scrolled_page_shows_of_a_coloured_sidebar_are_its_links() -> None:
    # Given sb-admin's blue sidebar scrolled so that only two of its items show, an icon before each
    c = Canvas(width=900, height=400, background=(248, 249, 252))
    c.rect("side", Box(0, 0, 224, 400), fill=(78, 115, 223))
    for k, name in enumerate(["Charts", "Tables"]):
        c.rect(f"icon{k}", Box(17, 22 + 56 * k, 16, 16), fill=(200, 212, 245))
        c.text(42, 23 + 56 * k, name, size=13, colour=(255, 255, 255))
    c.text(260, 100, "Some words in the main column of the page.", size=16)
    els = detect_elements(c.rgb(), c.lines)

    # Then both are block links of the sidebar
    links = sorted((e for e in els if e.role == "link"), key=lambda e: e.box.y)
    assert [e.text for e in links] == ["Charts", "Tables"]
    assert all(e.box.x == 0 and e.box.w >= 220 for e in links), links
    # while two lines at a white page's edge with no icons before them are no nav
    c = Canvas(width=900, height=400)
    for k, name in enumerate(["Charts", "Tables"]):
        c.text(42, 23 + 56 * k, name, size=13)
    assert not [e for e in detect_elements(c.rgb(), c.lines) if e.role == "link"]


def test_a_nested_group_of_sidebar_links_under_a_parent_item_is_read_once() -> None:
    # AdminLTE's sidebar with a group opened: five items, a gap (the open parent's row, lit, its label
    # not read), then three nested items set like the others: found both as a chain of their own and
    # as more items beside the first chain
    c = Canvas(width=900, height=560, background=(244, 246, 249))
    c.rect("side", Box(0, 0, 250, 560), fill=(52, 57, 63))
    top = ["Dashboard", "Widgets", "Layout Options", "Charts", "UI Elements"]
    nested = ["General Elements", "Advanced Elements", "Editors"]
    for k, name in enumerate(top):
        c.text(57, 90 + 40 * k, name, size=15, colour=(194, 199, 205))
    c.rect("open", Box(8, 290, 234, 40), fill=(74, 80, 87))
    for k, name in enumerate(nested):
        c.text(57, 340 + 40 * k, name, size=15, colour=(194, 199, 205))
    c.text(290, 100, "Some words in the main column of the page.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    links = [e.text for e in els if e.role == "link"]
    assert sorted(n for n in links if n in top + nested) == sorted(top + nested), links


def test_circles_before_a_side_navs_items_are_their_icons_not_radios() -> None:
    # Given a dark sidebar whose items each begin with a circle outline (AdminLTE's nested items)
    c = Canvas(width=900, height=400, background=(244, 246, 249))
    c.rect("side", Box(0, 0, 250, 400), fill=(52, 58, 64))
    names = ["General Elements", "Advanced Elements", "Editors", "Validation"]
    for k, name in enumerate(names):
        y = 90 + 43 * k
        c.draw.ellipse([29, y + 1, 45, y + 17], outline=(194, 199, 205), width=2)
        c.text(58, y, name, size=16, colour=(194, 199, 205))
    c.text(290, 100, "Some words in the main column of the page.", size=16)
    els = detect_elements(c.rgb(), c.lines)

    assert not [e for e in els if e.role in ("checkbox", "radio")], [(e.role, e.box) for e in els]
    assert sorted(e.text or "" for e in els if e.role == "link") == sorted(names)
    assert len([e for e in els if e.role == "icon"]) == len(names)


def _dark_dashboard(icons: bool) -> Canvas:
    """A dark theme's dashboard: the sidebar in the page's own shade (its cards share it), the content
    area a few levels lighter beyond a soft shadow; each item an icon then its label."""
    c = Canvas(width=1000, height=520, background=(52, 57, 63))
    c.rect("content", Box(250, 0, 750, 520), fill=(69, 77, 85))
    c.rect("card", Box(266, 80, 700, 420), fill=(52, 57, 63))
    for x, shade in enumerate([(48, 56, 63), (50, 58, 65), (53, 61, 68), (56, 64, 71)]):
        c.rect(f"shadow{x}", Box(250 + x, 0, 1, 520), fill=shade)
    names = ["Widgets", "Layout Options", "Charts", "UI Elements", "Forms"]
    for k, name in enumerate(names):
        y = 150 + 43 * k
        lit = k == 1  # the current page's item, lit white
        if lit:
            c.rect("lit", Box(8, y - 10, 234, 40), fill=(255, 255, 255))
        colour = (52, 57, 63) if lit else (194, 199, 208)
        if icons:
            c.rect(f"icon{k}", Box(29, y + 2, 18, 16), fill=colour)
        c.text(58, y, name, size=16, colour=colour)
    # the card's title on the first item's line, over its header's rule
    c.text(286, 150, "Monthly Recap Report", size=16, colour=(250, 250, 250))
    c.rect("header rule", Box(266, 188, 700, 1), fill=(90, 96, 102))
    for k in range(3):
        c.text(
            286,
            330 + 24 * k,
            "Some words in a card on the content area of the page.",
            size=16,
            colour=(230, 230, 230),
        )
    return c


def test_a_sidebar_in_the_pages_own_shade_is_a_side_nav_by_its_items_icons() -> None:
    # Given a dark dashboard whose sidebar is the page's dominant colour: items led by icons
    c = _dark_dashboard(icons=True)
    els = detect_elements(c.rgb(), c.lines)

    # Then its items are block links as wide as the sidebar (not the lighter content area beside it),
    # the lit one too
    names = ["Widgets", "Layout Options", "Charts", "UI Elements", "Forms"]
    links = sorted((e for e in els if e.role == "link"), key=lambda e: e.box.y)
    assert [e.text for e in links] == names
    for e in links:
        k = names.index(e.text or "")
        assert e.box.iou(Box(0, 150 + 43 * k - 12, 250, 43)) >= 0.8, e.box
        assert e.style.text_indent is not None and abs(e.box.x + e.style.text_indent - 58) <= 2
    # and none of them makes a row of tabs with the card's title beside it
    assert not [e for e in els if e.role in ("tab", "tablist")]


def test_lines_down_the_pages_edge_in_its_own_shade_without_icons_are_no_nav() -> None:
    els = detect_elements(_dark_dashboard(icons=False).rgb(), _dark_dashboard(icons=False).lines)

    assert not [e for e in els if e.role == "link"], [(e.text, e.box) for e in els if e.role == "link"]


def test_a_side_navs_item_of_four_words_is_one_of_its_items() -> None:
    c = Canvas(width=900, height=400, background=(244, 246, 249))
    c.rect("side", Box(0, 0, 250, 400), fill=(52, 58, 64))
    names = ["Boxed", "Top Navigation + Sidebar", "Fixed Navbar", "Fixed Footer"]
    for k, name in enumerate(names):
        c.text(58, 90 + 43 * k, name, size=16, colour=(194, 199, 205))
    c.text(290, 100, "Some words in the main column of the page.", size=16)
    els = detect_elements(c.rgb(), c.lines)

    assert sorted(e.text or "" for e in els if e.role == "link") == sorted(names)


def test_lines_set_solid_on_a_coloured_panel_are_no_nav() -> None:
    # Given a green info panel of short lines at their line height (1.4 em), numbers and captions
    c = Canvas(width=900, height=400, background=(52, 58, 64))
    c.rect("panel", Box(600, 60, 200, 180), fill=(40, 167, 69))
    for k, line in enumerate(["8390", "VISITS", "90,50,90,70", "30%", "REFERRALS"]):
        c.text(640, 90 + 22 * k, line, size=16, colour=(255, 255, 255))
    c.text(40, 100, "Some words in the main column of the page.", size=16, colour=(230, 230, 230))
    els = detect_elements(c.rgb(), c.lines)

    assert not [e for e in els if e.role == "link"], [(e.text, e.box) for e in els if e.role == "link"]


def test_widely_spaced_labels_in_a_card_are_no_nav() -> None:
    c = Canvas(width=900, height=500, background=(206, 210, 220))
    c.rect("card", Box(300, 60, 320, 330), fill=(255, 255, 255))
    for k, name in enumerate(["Name", "Email", "Phone"]):
        c.text(320, 100 + 64 * k, name, size=14)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role == "link"]


def test_filter_tabs_with_a_selected_pill_are_all_clickable() -> None:
    c = Canvas()
    c.rect("strip", Box(300, 40, 200, 36), fill=(226, 232, 240), radius=8)
    pill = c.rect("all", Box(304, 44, 50, 28), fill=(255, 255, 255), radius=6)
    c.text_centred(pill, "All", size=15, colour=(20, 20, 20))
    c.text(372, 50, "Active", size=15, colour=(90, 90, 90))
    c.text(440, 50, "Done", size=15, colour=(90, 90, 90))
    c.text(40, 50, "1 task left", size=15)
    els = detect_elements(c.rgb(), c.lines)
    clickable = sorted(e.text or "" for e in els if e.role in ("button", "link"))
    assert clickable == ["Active", "All", "Done"]


def test_a_filter_set_bold_in_a_row_of_filters_is_a_link_not_a_heading() -> None:
    c = Canvas(width=640, height=200)
    c.text(40, 60, "1 item left", size=14, colour=(119, 119, 119))
    c.text(240, 60, "All", size=14, colour=(131, 117, 111))
    c.text(272, 60, "Active", size=14, colour=(131, 117, 111))
    c.text(330, 60, "Completed", size=14, colour=(131, 117, 111), bold=True)
    for k in range(4):  # body copy in a smaller size: the bold filter is >= 1.12 times it
        c.text(40, 110 + 18 * k, "Double-click to edit a todo, or drag it to reorder the list", size=11)
    els = detect_elements(c.rgb(), c.lines)
    links = sorted(e.text or "" for e in els if e.role == "link")
    assert links == ["Active", "All", "Completed"]


def test_a_column_label_with_its_sort_arrow_is_one_link() -> None:
    c = Canvas(width=700, height=300, background=(247, 248, 251))
    blue = (39, 104, 144)
    drawn = c.text(16, 100, "id", size=15, colour=blue)
    # a triangle drawn after the label (datasette's "id ▼"); a round icon after "title" is no arrow
    c.draw.polygon([(drawn.x2 + 7, 104), (drawn.x2 + 18, 104), (drawn.x2 + 12, 112)], fill=blue)
    titled = c.text(80, 100, "title", size=15, colour=blue)
    c.draw.ellipse([titled.x2 + 5, 100, titled.x2 + 19, 114], outline=(90, 90, 90), width=2)
    rated = c.text(200, 100, "rating", size=15, colour=(87, 113, 132))
    c.text(rated.x2 + 6, 102, "▼", size=11, colour=(38, 106, 145))
    c.text(16, 200, "Some words under the table's header.", size=15)
    els = detect_elements(c.rgb(), c.lines)
    by_text = {e.text: e for e in els if e.role == "link"}
    assert by_text["id"].box.x2 >= drawn.x2 + 17, "the arrow is inside the link"
    assert "rating ▼" in by_text, "a glyph arrow joins the link's text"
    title = next(e for e in els if e.text == "title")
    assert title.box.x2 <= titled.x2 + 2


def test_a_table_row_under_its_header_is_no_menu() -> None:
    # Given a one-row table whose cells start a few pixels right of their headers (a link's padding),
    # at small even gaps like a menu's items
    c = Canvas(width=700, height=300, background=(247, 248, 251))
    x = 16
    for head, cell, gap in [
        ("id", "8", 16),
        ("name", "Canyon Rim", 12),
        ("city", "Flagstaff", 9),
        ("country", "USA", 7),
    ]:
        drawn = c.text(x, 100, head, size=16)
        filled = c.text(x + 5, 130, cell, size=16, colour=(100, 102, 105))
        x = max(drawn.x2, filled.x2) + gap
    c.text(x, 100, "elevation_m", size=16)
    c.text(x + 5, 130, "2106", size=16, colour=(100, 102, 105))
    els = detect_elements(c.rgb(), c.lines)
    # Then they are the header's columns: no links
    assert not [e.text for e in els if e.role == "link"]


def test_a_column_header_coloured_like_the_sortable_ones_beside_it_is_a_link_too() -> None:
    # Given a table whose headers are links, one of them read a little greyer than the rest (thin
    # glyphs blend the blue with the ground): too grey to be a link by its colour alone
    c = Canvas(width=700, height=300, background=(247, 248, 251))
    link, greyer = (61, 97, 117), (66, 94, 113)
    x = 16
    for head, cell in [("title", "Ficciones"), ("author_id", "8"), ("year", "1944"), ("pages", "174")]:
        drawn = c.text(x, 100, head, size=16, colour=greyer if head == "year" else link)
        filled = c.text(x + 5, 130, cell, size=16, colour=(60, 60, 60))
        x = max(drawn.x2, filled.x2) + 20
    els = detect_elements(c.rgb(), c.lines)
    # Then every header is a link, and no cell is
    assert sorted(e.text or "" for e in els if e.role == "link") == ["author_id", "pages", "title", "year"]


def test_filters_read_as_one_line_are_parted_where_the_selected_one_is_set_bold() -> None:
    # Given a row of filters half an em apart, the selected one bold, that OCR read as one line
    c = Canvas(width=640, height=200)
    c.text(40, 60, "1 item left", size=14, colour=(119, 119, 119))
    x = 240
    for word in ("All", "Active", "Completed"):
        x = c.text(x, 60, word, size=14, colour=(119, 119, 119), bold=word == "Active").x2 + 7
    c.join(3)
    # and a bold word a space after the words before it in a sentence
    c.text(40, 150, "Double-click to edit a todo,", size=14)
    c.text(
        40 + round(c.draw.textlength("Double-click to edit a todo, ", font=font(14))),
        150,
        "bold",
        14,
        bold=True,
    )
    c.join(2)
    els = detect_elements(c.rgb(), c.lines)
    # Then each filter is an item of its own (a link, by the row they make); the sentence, parted or
    # not, is no link
    assert sorted(e.text or "" for e in els if e.role == "link") == ["Active", "All", "Completed"]
    assert " ".join(e.text or "" for e in els if e.box.y > 140) == "Double-click to edit a todo, bold"


def test_filters_read_as_one_line_with_the_last_one_bold_are_no_heading() -> None:
    # Given a row of filters a little larger than the body text, the last one selected (bold, as
    # TodoMVC's Backbone version sets it), of which OCR read the last two as one line
    c = Canvas(width=640, height=220)
    for y, words in ((20, "Buy milk"), (60, "Call the bank"), (160, "Double-click to edit a todo")):
        c.text(40, y, words, size=13, colour=(77, 77, 77))
    c.text(40, 110, "1 item left", size=13, colour=(119, 119, 119))
    x = 240
    for word in ("All", "Active", "Completed"):
        x = c.text(x, 108, word, size=17, colour=(119, 119, 119), bold=word == "Completed").x2 + 9
    c.join(2)
    els = detect_elements(c.rgb(), c.lines)
    # Then the line is no heading: the bold word is an item of its own beside the others
    assert not [e for e in els if e.role == "heading"]
    assert sorted(e.text or "" for e in els if e.role == "link") == ["Active", "All", "Completed"]


def test_the_runs_of_a_sentence_with_links_in_it_make_no_menu() -> None:
    # Given "Browse the catalogue", "Browse" and "catalogue" underlined links, read as one line
    c = Canvas(width=500, height=120, background=(247, 248, 251))
    blue, ink = (39, 104, 144), (17, 26, 53)
    x = 16
    for words, colour in (("Browse", blue), ("the", ink), ("catalogue", blue)):
        drawn = c.text(x, 40, words, size=16, colour=colour)
        if colour == blue:
            c.draw.line([(drawn.x, drawn.y2 + 2), (drawn.x2, drawn.y2 + 2)], fill=blue, width=1)
        x += round(c.draw.textlength(words + " ", font=font(16)))
    c.join(3)
    els = detect_elements(c.rgb(), c.lines)
    # Then the links are the underlined words: the word between them, a space apart, is no menu item
    assert [e.text for e in els if e.role == "link"] == ["Browse", "catalogue"]


def test_a_line_of_code_with_a_bold_keyword_stays_one_line() -> None:
    # Given monospace code whose keyword is set bold, a whole cell (0.6 em) from the words beside it
    c = Canvas(width=640, height=120)
    mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono{}.ttf"
    x = 20
    for word, bold in (("SELECT", True), ("name", False), ("FROM", True), ("stations", False)):
        f = ImageFont.truetype(mono.format("-Bold" if bold else ""), 15)
        c.draw.text((x, 40), word, fill=(33, 37, 41), font=f)
        x += round(c.draw.textlength(word + " ", font=f))
    ink = np.flatnonzero((np.asarray(c.img.convert("L")) < 128).any(axis=0))
    rows = np.flatnonzero((np.asarray(c.img.convert("L")) < 128).any(axis=1))
    box = Box(int(ink[0]), int(rows[0]), int(ink[-1] - ink[0] + 1), int(rows[-1] - rows[0] + 1))
    els = detect_elements(c.rgb(), [TextLine("SELECT name FROM stations", box, 0.99)])
    # Then it is one text, not four items
    assert [e.text for e in els] == ["SELECT name FROM stations"]


def _dark_nav_bar() -> tuple[Canvas, Box]:
    """AdminLTE's dark navbar (57 px): "Home" and "Contact" links at 320, the page below."""
    c = Canvas(width=1000, height=300, background=(69, 77, 85))
    bar = c.rect("bar", Box(0, 0, 1000, 57), fill=(52, 58, 64))
    home = c.text(320, 20, "Home", size=16, colour=(194, 199, 208))
    c.text(home.x2 + 32, 20, "Contact", size=16, colour=(194, 199, 208))
    c.text(40, 120, "Some words in the main column of the page.", size=16, colour=(255, 255, 255))
    return c, bar


def test_the_icons_of_a_nav_bar_are_icon_buttons_padded_like_its_links() -> None:
    # Given a dark nav bar: a menu toggle (three bars) before its links, and two icons at its right end
    c, _ = _dark_nav_bar()
    ink = (194, 199, 208)
    for y in (21, 26, 31):
        c.rect(f"bar{y}", Box(270, y, 16, 3), fill=ink)
    c.draw.polygon([(900, 34), (908, 18), (916, 34)], fill=ink)  # a bell, roughly
    for dx, dy in ((0, 0), (9, 0), (0, 9), (9, 9)):  # a grid of four squares
        c.rect(f"grid{dx}{dy}", Box(950 + dx, 19 + dy, 7, 7), fill=ink)
    els = detect_elements(c.rgb(), c.lines)

    # Then each icon is inside a button as tall as the links (the bar less half an em above and
    # below), reaching the padded link beside it or an em past the icon
    buttons = sorted((e.box for e in els if e.role == "button"), key=lambda b: b.x)
    assert len(buttons) == 3, buttons
    toggle, bell, grid = buttons
    assert toggle.iou(Box(254, 8, 48, 41)) >= 0.85, toggle
    assert bell.within(Box(880, 8, 60, 41), 1.0) and bell.x2 > 916 and bell.x < 900, bell
    assert grid.iou(Box(934, 8, 48, 41)) >= 0.85, grid


def test_a_nav_bars_icon_read_as_a_letter_is_an_icon_button_and_a_badges_count_stays_text() -> None:
    # Given a dark nav bar whose magnifier icon OCR reads as a "Q" (its ink a third taller than the
    # bar's words) and, further right, a badge's count "15"
    c, _ = _dark_nav_bar()
    ink = (194, 199, 208)
    c.draw.ellipse([850, 18, 864, 32], outline=ink, width=3)
    c.draw.line([(861, 29), (869, 37)], fill=ink, width=3)
    c.lines.append(TextLine("Q", Box(850, 18, 20, 20), 0.94))
    c.text(905, 20, "15", size=16, colour=(255, 193, 7))

    els = detect_elements(c.rgb(), c.lines)

    # Then the "Q" is no text: its ink is an icon in a button
    assert not [e for e in els if e.text == "Q"]
    icon = next(e.box for e in els if e.role == "icon" and e.box.x >= 845 and e.box.x2 <= 875)
    assert any(e.role == "button" and icon.within(e.box, 1.0) for e in els)
    # while the count is still read
    assert any(e.text == "15" for e in els)


def test_a_count_on_a_pill_over_a_nav_bars_icon_is_a_badge_in_its_icon_button() -> None:
    # Given a dark nav bar's bell with a yellow pill holding "15" on its corner, OCR reading the count
    c, _ = _dark_nav_bar()
    ink = (194, 199, 208)
    c.draw.polygon([(900, 36), (908, 18), (916, 36)], fill=ink)  # a bell, roughly
    c.rect("pill", Box(910, 14, 22, 14), fill=(255, 193, 7), radius=4)
    c.text(913, 15, "15", size=11, colour=(31, 45, 61), bold=True)
    els = detect_elements(c.rgb(), c.lines)

    # Then the count is a badge of the pill's colour (not a link painted yellow), inside a button
    (badge,) = [e for e in els if e.text == "15"]
    assert badge.role == "badge" and badge.box.iou(c.boxes["pill"]) >= 0.7, badge
    assert badge.style.background == "#ffc107"
    assert any(e.role == "button" and badge.box.within(e.box, 1.0) for e in els)
    assert not [e for e in els if e.role == "link" and e.style.background == "#ffc107"]


def test_an_avatar_beside_a_name_in_a_nav_bar_is_part_of_its_link() -> None:
    # Given a user's name at the right of a nav bar with the round picture right after it
    c, _ = _dark_nav_bar()
    name = c.text(820, 20, "Douglas McGee", size=16, colour=(194, 199, 208))
    rgb = c.rgb()
    yy, xx = np.mgrid[12:44, name.x2 + 8 : name.x2 + 40]
    disc = (yy - 27.5) ** 2 + (xx - name.x2 - 23.5) ** 2 <= 16**2
    photo = np.random.default_rng(7).integers(60, 230, (32, 32, 3), dtype=np.uint8)
    rgb[12:44, name.x2 + 8 : name.x2 + 40][disc] = photo[disc]
    els = detect_elements(rgb, c.lines)

    # Then no button is made of the picture
    assert not [e for e in els if e.role == "button"], [e for e in els if e.role == "button"]


def _light_dashboard() -> Canvas:
    """AdminLTE's light layout: a dark sidebar (the brand's block above a rule, its shadow on the page),
    items led by icons, the current page lit in a light box; a white card with a blue header."""
    c = Canvas(width=1000, height=560, background=(244, 246, 249))
    c.rect("side", Box(0, 0, 250, 560), fill=(52, 58, 64))
    for k in range(10):  # the sidebar's shadow on the page
        v = 150 + 9 * k
        c.rect(f"shadow{k}", Box(250 + k, 0, 1, 560), fill=(v, v + 2, v + 4))
    c.text(60, 18, "AdminLTE 3", size=20, colour=(255, 255, 255))
    c.rect("brand rule", Box(0, 56, 250, 1), fill=(75, 84, 92))
    for k, name in enumerate(["Dashboard", "Widgets", "General Elements", "Editors", "Validation", "Tables"]):
        top = 80 + 43 * k
        if name == "Validation":
            c.rect("lit", Box(8, top, 234, 40), fill=(235, 235, 236), radius=3)
            c.draw.ellipse([28, top + 10, 46, top + 28], outline=(52, 58, 64), width=2)
            c.text(58, top + 11, name, size=16, colour=(52, 58, 64))
        else:
            c.rect(f"icon{k}", Box(28, top + 12, 18, 16), fill=(194, 199, 208))
            c.text(58, top + 11, name, size=16, colour=(194, 199, 208))
    c.rect("card", Box(280, 80, 680, 300), fill=(255, 255, 255), outline=(222, 226, 230))
    c.rect("header", Box(280, 80, 680, 46), fill=(0, 123, 255))
    c.text(300, 93, "Quick Example", size=17, colour=(255, 255, 255))
    c.text(300, 150, "Email address", size=16, colour=(33, 37, 41), bold=True)
    c.text(300, 200, "Some words in the card of the page.", size=16)
    return c


def test_a_dark_sidebar_under_its_brand_beside_a_light_page_is_a_painted_panel() -> None:
    c = _light_dashboard()
    els = detect_elements(c.rgb(), c.lines)

    # Then the sidebar below the brand's rule is a container painted in its colour
    panels = [e for e in els if e.role == "container" and e.box.iou(Box(0, 57, 250, 503)) >= 0.9]
    assert [e.style.background for e in panels] == ["#343a40"], [(e.role, e.box) for e in els]


def test_a_side_navs_items_keep_their_icons_and_their_labels_indent() -> None:
    c = _light_dashboard()
    els = detect_elements(c.rgb(), c.lines)

    links = {e.text: e for e in els if e.role == "link"}
    icons = [e.box for e in els if e.role == "icon"]
    for name in ("Dashboard", "Widgets", "General Elements", "Editors", "Tables"):
        item = links[name]
        # each item's icon is found inside its block link
        assert any(i.within(item.box, 1.0) and i.x < 50 for i in icons), (name, icons)
        # a long label, as far from both edges of its block, starts where its siblings' do
        indent = item.style.text_indent
        assert indent is not None and abs(item.box.x + indent - 58) <= 2, (name, item.style)


def test_the_lit_item_of_a_dark_sidebar_is_a_block_link_and_its_circle_an_icon() -> None:
    c = _light_dashboard()
    els = detect_elements(c.rgb(), c.lines)

    (lit,) = [e for e in els if e.text == "Validation"]
    assert lit.role == "link" and lit.box.iou(Box(8, 252, 234, 40)) >= 0.9, lit
    assert lit.style.text_indent is not None and abs(lit.box.x + lit.style.text_indent - 58) <= 2
    assert not [e for e in els if e.role in ("checkbox", "radio", "input")], [(e.role, e.box) for e in els]
    assert any(e.role == "icon" and e.box.within(lit.box, 1.0) for e in els)


def test_the_open_group_of_a_dark_sidebar_lit_in_a_strong_colour_is_a_block_link() -> None:
    # Given a dark sidebar whose open group ("Forms") is lit blue, its chevron at the right end, and a
    # blue chat bubble in the content area beside it
    c = Canvas(width=1000, height=400, background=(69, 77, 85))
    c.rect("side", Box(0, 0, 250, 400), fill=(52, 58, 64))
    for k, name in enumerate(["Widgets", "Charts", "Forms", "Tables"]):
        y = 100 + 43 * k
        colour = (255, 255, 255) if name == "Forms" else (194, 199, 208)
        if name == "Forms":
            c.rect("lit", Box(8, y - 10, 234, 40), fill=(0, 123, 255), radius=3)
            c.draw.line([(218, y + 4), (223, y + 9), (228, y + 4)], fill=colour, width=2)
        c.rect(f"icon{k}", Box(29, y + 2, 18, 16), fill=colour)
        c.text(58, y, name, size=16, colour=colour)
    c.rect("bubble", Box(400, 150, 260, 38), fill=(0, 123, 255), radius=5)
    c.text(412, 160, "You better believe it!", size=16, colour=(255, 255, 255))
    els = detect_elements(c.rgb(), c.lines)

    # Then the group is a block link, its label where it was; the bubble is no link
    (lit,) = [e for e in els if e.text == "Forms"]
    assert lit.role == "link" and lit.box.iou(c.boxes["lit"]) >= 0.9, lit
    assert lit.style.text_indent is not None and abs(lit.box.x + lit.style.text_indent - 58) <= 2
    assert not [e for e in els if e.role in ("link", "button") and e.box.iou(c.boxes["bubble"]) >= 0.5]


def test_a_lit_item_whose_long_label_about_fills_it_evenly_is_still_set_left() -> None:
    # Given a dark sidebar's current page lit white, its label ("General Elements" after its circle)
    # as far from the block's right as its left edge is from its icon's
    c = Canvas(width=1000, height=300, background=(69, 77, 85))
    c.rect("side", Box(0, 0, 250, 300), fill=(52, 58, 64))
    c.rect("lit", Box(8, 100, 234, 40), fill=(235, 235, 235), radius=3)
    c.draw.ellipse([28, 110, 47, 129], outline=(52, 58, 64), width=2)
    c.text(58, 112, "General Elements", size=16, colour=(52, 58, 64))
    for k, name in enumerate(["Widgets", "Charts"]):
        c.text(58, 170 + 43 * k, name, size=16, colour=(194, 199, 208))
    els = detect_elements(c.rgb(), c.lines)

    # Then it is a block link, its label where it was, not a button with a centred label
    (lit,) = [e for e in els if e.text == "General Elements"]
    assert lit.role == "link" and lit.box.iou(c.boxes["lit"]) >= 0.9, lit
    assert lit.style.text_indent is not None and abs(lit.box.x + lit.style.text_indent - 58) <= 2


def test_a_cards_coloured_header_holding_its_title_is_a_container_of_its_colour() -> None:
    c = _light_dashboard()
    els = detect_elements(c.rgb(), c.lines)

    heads = [e for e in els if e.role in ("card", "container") and e.box.iou(Box(280, 80, 680, 46)) >= 0.9]
    assert [e.style.background for e in heads] == ["#007bff"], [(e.role, e.box) for e in els]


def test_a_dark_dashboards_sidebar_and_content_area_are_painted_in_their_colours() -> None:
    # Given the dark dashboard: the sidebar in the page's own shade, the content area lighter, a card
    # in the sidebar's shade with a rule under its header
    c = _dark_dashboard(icons=True)
    els = detect_elements(c.rgb(), c.lines)

    # Then the sidebar (no shape of its own) is a container in its items' colour, beside the content
    # area's, and the card is painted its own colour (not its header rule's)
    paint = {(e.role, e.box.x // 10): e.style.background for e in els if e.role in ("container", "card")}
    assert paint.get(("container", 0)) == "#34393f", paint
    assert paint.get(("container", 25)) == "#454d55", paint
    assert paint.get(("card", 26)) == "#34393f", paint


def test_the_brand_atop_a_sidebar_beside_a_top_bar_is_a_block_link() -> None:
    # Given the light dashboard with a white nav bar beside the sidebar, closed by a rule, and the
    # brand's logo (a round mark) and name in the sidebar's head, as tall as the bar
    c = _light_dashboard()
    c.rect("bar", Box(260, 0, 740, 56), fill=(255, 255, 255))
    c.rect("bar rule", Box(260, 56, 740, 1), fill=(222, 226, 230))
    c.text(300, 18, "Home", size=16, colour=(90, 96, 102))
    c.text(370, 18, "Contact", size=16, colour=(90, 96, 102))
    c.draw.ellipse([20, 12, 52, 44], fill=(240, 240, 240))
    els = detect_elements(c.rgb(), c.lines)

    # Then the brand is one link filling the head, its label set where it was; the logo no toggle
    (brand,) = [e for e in els if e.text == "AdminLTE 3"]
    assert brand.role == "link" and brand.box.iou(Box(0, 0, 250, 57)) >= 0.9, brand
    assert brand.style.text_indent is not None and abs(brand.style.text_indent - 60) <= 2
    assert not [e for e in els if e.role in ("checkbox", "radio") and e.box.y2 <= 57]


def test_a_users_name_beside_their_picture_atop_a_side_nav_is_a_link_of_its_own() -> None:
    # Given a dark sidebar whose items (icons, then labels) start under a user panel: a 34 px photo,
    # then the user's name, aligned with the items' labels
    c = Canvas(width=1000, height=520, background=(244, 246, 249))
    c.rect("side", Box(0, 0, 250, 520), fill=(52, 58, 64))
    name = c.text(64, 72, "Alexander Pierce", size=16, colour=(194, 199, 208))
    for k, item in enumerate(["Dashboard", "Widgets", "Charts", "Tables"]):
        c.rect(f"icon{k}", Box(28, 132 + 43 * k, 18, 16), fill=(194, 199, 208))
        c.text(58, 131 + 43 * k, item, size=16, colour=(194, 199, 208))
    c.text(290, 100, "Some words in the main column of the page.", size=16)
    rgb = c.rgb()
    rgb[round(name.cy) - 17 : round(name.cy) + 17, 21:55] = np.random.default_rng(3).integers(
        40, 240, (34, 34, 3), dtype=np.uint8
    )
    els = detect_elements(rgb, c.lines)

    # Then the name is a link as wide as its text, and the items are block links as wide as the band
    links = {e.text: e.box for e in els if e.role == "link"}
    assert name.within(links["Alexander Pierce"], 1.0) and links["Alexander Pierce"].w <= name.w + 4, links
    for item in ("Dashboard", "Widgets", "Charts", "Tables"):
        assert links[item].x <= 2 and links[item].w >= 240, links
