"""Containers on synthetic screens: lists, tables, bullet lists."""

from __future__ import annotations

from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from tests.vision.render import Canvas


def test_stacked_rows_are_a_list() -> None:
    c = Canvas(width=640, height=400)
    for k, item in enumerate(["Read chapter 4", "Book flights", "Call the bank"]):
        c.rect(f"row{k}", Box(40, 40 + 60 * k, 400, 61), fill=(255, 255, 255), outline=(220, 220, 220))
        c.text(60, 58 + 60 * k, item, size=20)
    els = detect_elements(c.rgb(), c.lines)
    assert [e.role for e in els].count("listitem") == 3
    (lst,) = [e for e in els if e.role == "list"]
    assert lst.box.iou(Box(40, 40, 400, 181)) >= 0.9


def test_ticks_beside_a_lists_rows_are_part_of_its_items() -> None:
    # Given a todo list: the field that adds rows, then three rows, each with a tick box left of it
    c = Canvas(width=640, height=400)
    c.rect("field", Box(90, 40, 500, 65), outline=(220, 220, 220))
    for k, item in enumerate(["Buy oat milk", "Book dentist", "Fix the bike"]):
        top = 105 + 60 * k
        c.rect(f"row{k}", Box(90, top, 500, 61), outline=(220, 220, 220))
        c.text(110, top + 20, item, size=20)
        c.rect(f"tick{k}", Box(45, top + 9, 42, 43), outline=(200, 200, 200), radius=20)
    els = detect_elements(c.rgb(), c.lines)

    # Then it is one list whose item rows take in their ticks
    (lst,) = [e for e in els if e.role == "list"]
    items = sorted((e.box for e in els if e.role == "listitem"), key=lambda b: b.y)
    assert len(items) == 4 and lst.box.x <= 50, (lst, items)
    assert all(b.x <= 50 and b.x2 >= 589 for b in items[1:]), items


def test_aligned_text_is_a_table() -> None:
    c = Canvas(width=640, height=400)
    rows = [
        ("1", "Ursula K. Le Guin", "1929"),
        ("2", "Octavia E. Butler", "1947"),
        ("3", "Stanislaw Lem", "1921"),
    ]
    for k, row in enumerate(rows):
        for x, cell in zip((40, 90, 300), row, strict=True):
            c.text(x, 60 + 33 * k, cell, size=16)
    els = detect_elements(c.rgb(), c.lines)
    tables = [e for e in els if e.role == "table"]
    assert len(tables) == 1
    assert tables[0].box.x <= 41 and tables[0].box.x2 >= 330
    assert all(e.role == "text" for e in els if e.text)


def test_lines_of_a_side_panel_and_a_card_beside_it_that_align_are_no_table() -> None:
    # Given a dark side panel of menu items, and beside it a white card on a grey page whose labels
    # and fields line up with the menu's items, row for row
    c = Canvas(width=960, height=480, background=(244, 246, 249))
    c.rect("side", Box(0, 0, 250, 480), fill=(52, 58, 64))
    c.rect("card", Box(266, 20, 484, 440), fill=(255, 255, 255), outline=(222, 226, 230))
    for k, (item, label) in enumerate(
        [
            ("Mailbox", "Flat rounded"),
            ("Pages", "Custom select"),
            ("Extras", "Bottom border"),
            ("Search", "Value one"),
        ]
    ):
        y = 120 + 43 * k
        c.text(58, y, item, size=16, colour=(194, 199, 208))
        c.text(286, y, label, size=16)
        c.text(560, y, f"option {k + 1}", size=16)
    els = detect_elements(c.rgb(), c.lines)
    # Then no table runs across the panel's edge
    assert not [e for e in els if e.role == "table" and e.box.x < 250 < e.box.x2]


def test_bulleted_lines_are_a_list_not_a_table() -> None:
    c = Canvas()
    for k, tip in enumerate(
        ["Press Enter to add a task.", "Click a task to tick it.", "The counter counts."]
    ):
        c.text(40, 40 + 26 * k, "•", size=16)
        c.text(58, 40 + 26 * k, tip, size=16)
    els = detect_elements(c.rgb(), c.lines)
    assert [e.role for e in els].count("list") == 1
    assert [e.role for e in els].count("listitem") == 3
    assert not [e for e in els if e.role == "table"]


def test_a_low_filled_band_across_the_screen_is_a_container_with_its_fill() -> None:
    c = Canvas(width=640, height=300)
    c.text(40, 40, "Links from other tables", size=16)
    c.rect("footer", Box(0, 200, 640, 42), fill=(39, 103, 143))
    c.text(16, 212, "Powered by Datasette", size=16, colour=(211, 244, 255))
    els = detect_elements(c.rgb(), c.lines)
    (band,) = [e for e in els if e.role == "container" and e.box.iou(c.boxes["footer"]) >= 0.9]
    assert band.style.background == "#27678f"
    # the same band not reaching across the screen, too low for a card: no container
    c = Canvas(width=640, height=300)
    c.rect("chip", Box(20, 200, 400, 42), fill=(39, 103, 143))
    c.text(36, 212, "Powered by Datasette", size=16, colour=(211, 244, 255))
    chip = c.boxes["chip"]
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role in ("container", "card") and e.box.iou(chip) >= 0.5]


def test_a_thin_filled_bar_beside_a_heading_is_an_empty_painted_container() -> None:
    c = Canvas(width=640, height=300)
    c.rect("accent", Box(16, 58, 10, 48), fill=(254, 0, 0))
    c.text(36, 66, "authors: 8", size=32, bold=True)
    c.rect("top", Box(100, 150, 440, 15), fill=(140, 124, 118))
    c.text(120, 180, "What needs to be done?", size=16)
    c.rect("faint", Box(100, 250, 440, 12), fill=(250, 250, 250))  # barely differs from the page
    els = detect_elements(c.rgb(), c.lines)
    bars = {e.box: e.style.background for e in els if e.role == "container" and e.text is None}
    assert bars == {c.boxes["accent"]: "#fe0000", c.boxes["top"]: "#8c7c76"}


def test_a_filled_status_row_in_a_card_is_a_card_of_its_own() -> None:
    c = Canvas(width=640, height=300, background=(234, 234, 234))
    c.rect("card", Box(40, 40, 540, 200), fill=(255, 255, 255))
    c.text(60, 70, "Read chapter 4", size=24)
    c.text(60, 130, "Book flights", size=24)
    c.rect("status", Box(46, 200, 528, 33), fill=(237, 237, 237))
    c.text(60, 208, "1 item left", size=14, colour=(119, 119, 119))
    c.text(260, 208, "All   Active   Completed", size=14, colour=(131, 117, 111))
    els = detect_elements(c.rgb(), c.lines)
    assert any(e.role == "card" and e.box.iou(c.boxes["status"]) >= 0.9 for e in els)


def test_a_tinted_box_with_text_in_a_darker_shade_of_its_tint_is_an_alert() -> None:
    c = Canvas(width=700, height=300)
    c.rect("alert", Box(40, 40, 560, 58), fill=(207, 226, 255), outline=(182, 212, 254), radius=6)
    c.text(60, 60, "Your changes were saved.", size=16, colour=(8, 66, 152))
    c.rect("note", Box(40, 140, 560, 58), fill=(207, 226, 255), radius=6)
    c.text(60, 160, "Drafts are kept for a week.", size=16, colour=(33, 37, 41))
    els = detect_elements(c.rgb(), c.lines)
    (alert,) = [e for e in els if e.role == "alert"]
    assert alert.box.iou(c.boxes["alert"]) >= 0.9
    assert alert.style.background == "#cfe2ff"
    assert not [e for e in els if e.role == "input" and e.box.iou(c.boxes["alert"]) >= 0.5]
    # its message is text in the tint's darker blue, not a link
    assert [e.role for e in els if e.text == "Your changes were saved."] == ["text"]
    # the same tint with plain dark text is no message
    assert not [e for e in els if e.role == "alert" and e.box.iou(c.boxes["note"]) >= 0.5]


def test_a_panel_mostly_covered_by_white_cards_keeps_its_own_grey() -> None:
    # Given a light grey main panel beside a sidebar, holding four white stat cards and a large white
    # chart card that together cover most of it
    c = Canvas(width=1000, height=600)
    c.rect("sidebar", Box(0, 0, 200, 600), fill=(78, 115, 223))
    c.text(30, 30, "Dashboard", size=16, colour=(255, 255, 255))
    c.rect("main", Box(200, 0, 800, 600), fill=(236, 237, 242))
    for k in range(4):
        card = c.rect(f"card{k}", Box(220 + 195 * k, 20, 180, 100), fill=(255, 255, 255), radius=4)
        c.text(card.x + 16, card.y + 20, "EARNINGS", size=12, colour=(78, 115, 223))
        c.text(card.x + 16, card.y + 50, f"${k + 1}0,000", size=18, colour=(90, 92, 105))
    c.rect("chart", Box(220, 140, 765, 440), fill=(255, 255, 255), radius=4)
    c.text(240, 160, "Earnings Overview", size=16, colour=(78, 115, 223))
    c.text(240, 200, "Monthly earnings for the whole year", size=14, colour=(90, 92, 105))

    els = detect_elements(c.rgb(), c.lines)

    # Then the panel is painted its grey (what shows between the cards), the cards white
    main = next(e for e in els if e.box.iou(Box(200, 0, 800, 600)) >= 0.9)
    assert main.style is not None and main.style.background == "#ecedf2"
    cards = [e for e in els if e.role == "card" and e.box.h == 100]
    assert len(cards) == 4 and all(e.style is not None and e.style.background == "#ffffff" for e in cards)


def test_the_icons_at_the_right_end_of_a_cards_title_line_are_its_tool_buttons() -> None:
    # Given a card titled at its top left, with collapse, settings (a cog and its caret) and close
    # marks at the right end of the title's line (AdminLTE's card tools: buttons with no visible box)
    c = Canvas(width=900, height=400, background=(244, 246, 249))
    card = c.rect("card", Box(40, 40, 800, 300), fill=(255, 255, 255), outline=(222, 226, 230))
    c.rect("rule", Box(40, 90, 800, 1), fill=(222, 226, 230))
    title = c.text(60, 55, "Monthly Recap Report", size=18)
    c.rect("minus", Box(700, title.cy - 1, 14, 3), fill=(173, 181, 189))
    c.draw.ellipse([738, title.cy - 8, 754, title.cy + 8], fill=(173, 181, 189))  # a cog, roughly
    c.draw.polygon([(759, title.cy - 2), (769, title.cy - 2), (764, title.cy + 3)], fill=(173, 181, 189))
    c.text(800, 56, "x", size=18, colour=(173, 181, 189))
    for k in range(3):
        c.text(60, 120 + 40 * k, "Some words in the body of the card.", size=16)
    els = detect_elements(c.rgb(), c.lines)

    # Then each mark is inside a button half an em wider each side, a small line tall
    assert any(e.role == "card" and e.box.iou(card) >= 0.9 for e in els), [(e.role, e.box) for e in els]
    buttons = sorted((e.box for e in els if e.role == "button"), key=lambda b: b.x)
    assert len(buttons) == 3, buttons
    minus, cog, close = buttons
    assert minus.iou(Box(692, title.cy - 15, 30, 30)) >= 0.7, minus
    assert cog.x <= 738 and cog.x2 >= 769 and cog.w <= 54, cog
    assert close.x < 800 < close.x2 and 25 <= close.h <= 34, close
    # the title's line holds nothing else that is clickable, and the header band (closed by the rule
    # under it) is no field holding the title
    assert not [e for e in els if e.role in ("link", "input")], [(e.role, e.box) for e in els]


def test_a_card_cut_by_the_screens_bottom_keeps_its_coloured_header() -> None:
    # Given AdminLTE's forms page scrolled so that a card's blue header shows, its body running off the
    # bottom of the screen (its outline makes no box of its own: it joins the screen's edge)
    c = Canvas(width=1000, height=400, background=(244, 246, 249))
    c.rect("first", Box(40, 20, 600, 260), fill=(255, 255, 255), outline=(222, 226, 230))
    c.text(60, 40, "Email address", size=16, bold=True)
    c.text(60, 80, "Some words in the first card of the page.", size=16)
    c.rect("body", Box(40, 300, 600, 100), fill=(255, 255, 255), outline=(222, 226, 230))
    header = c.rect("header", Box(40, 300, 600, 44), fill=(0, 123, 255))
    c.text(60, 312, "Different Styles", size=17, colour=(255, 255, 255))
    c.text(60, 360, "Bottom border only", size=16)
    els = detect_elements(c.rgb(), c.lines)

    # Then the header band is drawn as a card, not only as its title's background
    assert [e for e in els if e.role == "card" and e.box.iou(header) >= 0.9], [(e.role, e.box) for e in els]
