"""detect_elements on synthetic screens drawn with PIL (exact text boxes stand in for OCR)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from replicast.vision.base import Box, TextLine
from replicast.vision.detect import DetectedElement, detect_elements
from tests.vision.render import Canvas, font, form_screen


def _only(els: list[DetectedElement], role: str) -> DetectedElement:
    found = [e for e in els if e.role == role]
    assert len(found) == 1, f"expected one {role}, got {found}"
    return found[0]


@pytest.fixture(scope="module")
def form() -> tuple[Canvas, list[DetectedElement]]:
    c = form_screen()
    return c, detect_elements(c.rgb(), c.lines)


def test_button_is_the_filled_box_and_carries_its_label(form: tuple[Canvas, list[DetectedElement]]) -> None:
    c, els = form
    button = _only(els, "button")
    assert button.box.iou(c.boxes["button"]) >= 0.9
    assert button.text == "Sign In"


def test_input_is_the_bordered_box_with_its_placeholder(form: tuple[Canvas, list[DetectedElement]]) -> None:
    c, els = form
    field = _only(els, "input")
    assert field.box.iou(c.boxes["input"]) >= 0.9
    assert field.text == "Email address"
    assert field.placeholder == "Email address"
    assert field.value is None


def test_checkbox_beside_its_label_is_unchecked(form: tuple[Canvas, list[DetectedElement]]) -> None:
    c, els = form
    box = _only(els, "checkbox")
    assert box.box.iou(c.boxes["checkbox"]) >= 0.8
    assert box.checked is False
    assert any(e.role == "text" and e.text == "Remember me" for e in els)


def test_blue_text_is_a_link(form: tuple[Canvas, list[DetectedElement]]) -> None:
    c, els = form
    link = _only(els, "link")
    assert link.text == "Forgot your password?"
    assert link.box.iou(c.boxes["link"]) >= 0.6


def test_large_bold_text_is_a_heading(form: tuple[Canvas, list[DetectedElement]]) -> None:
    _, els = form
    heading = _only(els, "heading")
    assert heading.text == "Sign in"
    assert heading.level == 1
    assert heading.style.font_weight == "bold"


def test_every_word_is_carried_once(form: tuple[Canvas, list[DetectedElement]]) -> None:
    c, els = form
    carried = sorted(w for e in els for w in (e.text or "").split())
    drawn = sorted(w for t in c.lines for w in t.text.split())
    assert carried == drawn


def test_checked_checkbox_is_filled() -> None:
    c = Canvas()
    c.rect("box", Box(40, 40, 16, 16), fill=(0, 123, 255), outline=(0, 123, 255))
    c.draw.line([(43, 48), (47, 52), (53, 43)], fill=(255, 255, 255), width=2)
    c.text(66, 39, "Keep me signed in")
    els = detect_elements(c.rgb(), c.lines)
    box = _only(els, "checkbox")
    assert box.checked is True


def test_select_has_a_chevron_at_its_right() -> None:
    c = Canvas()
    c.rect("select", Box(40, 40, 200, 36), fill=(255, 255, 255), outline=(170, 170, 170), radius=3)
    c.text(52, 50, "Choose a country", size=14)
    c.draw.polygon([(214, 54), (226, 54), (220, 61)], fill=(80, 80, 80))
    els = detect_elements(c.rgb(), c.lines)
    sel = _only(els, "select")
    assert sel.box.iou(c.boxes["select"]) >= 0.9
    assert sel.text == "Choose a country"


def test_a_narrow_select_with_up_and_down_triangles_is_a_select() -> None:
    # Given bootstrap's custom-select of a page length: "10", then at its right edge an up triangle over
    # a down one, in a field hardly wider than twice its height
    c = Canvas()
    c.text(40, 47, "Show", size=16)
    c.rect("select", Box(90, 40, 62, 31), fill=(255, 255, 255), outline=(209, 211, 226), radius=3)
    c.text(100, 50, "10", size=16, colour=(110, 112, 126))
    c.draw.polygon([(131, 53), (139, 53), (135, 50)], fill=(52, 58, 64))
    c.draw.polygon([(131, 56), (139, 56), (135, 59)], fill=(52, 58, 64))
    c.text(160, 47, "entries", size=16)
    els = detect_elements(c.rgb(), c.lines)

    sel = _only(els, "select")
    assert sel.box.iou(c.boxes["select"]) >= 0.9
    assert sel.text == "10"


def test_a_coloured_menu_bar_with_a_chevron_is_a_link_not_a_select() -> None:
    # Given a sidebar's opened group: a blue bar, its white label at the left, a chevron at the right
    c = Canvas(background=(52, 58, 64))
    c.rect("bar", Box(8, 40, 234, 40), fill=(0, 123, 255), radius=4)
    c.text(50, 50, "Forms", size=16, colour=(255, 255, 255))
    c.draw.polygon([(216, 57), (226, 57), (221, 63)], fill=(255, 255, 255))
    els = detect_elements(c.rgb(), c.lines)

    # Then it is the nav's block link, its label at the left where it was
    link = _only(els, "link")
    assert link.box.iou(c.boxes["bar"]) >= 0.9 and link.text == "Forms"
    assert link.style.text_indent is not None and abs(link.box.x + link.style.text_indent - 50) <= 2
    assert not [e for e in els if e.role == "select"]


def test_a_menu_button_whose_caret_follows_its_label_is_no_select() -> None:
    c = Canvas()
    c.rect("button", Box(40, 40, 110, 36), fill=(255, 255, 255), outline=(170, 170, 170), radius=3)
    end = c.text(56, 50, "Actions", size=16).x2
    c.draw.polygon([(end + 5, 55), (end + 15, 55), (end + 10, 61)], fill=(60, 60, 60))
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role == "select"]


def test_a_select_showing_a_symbol_takes_the_body_font_size() -> None:
    # Given a select showing "=" (an operator picker), beside body text of 16 px
    c = Canvas()
    c.text(40, 10, "Filter the rows where the column matches", size=16)
    c.rect("select", Box(40, 40, 80, 36), fill=(255, 255, 255), outline=(170, 170, 170), radius=3)
    c.text(52, 50, "=", size=16)
    c.draw.polygon([(94, 54), (106, 54), (100, 61)], fill=(80, 80, 80))
    els = detect_elements(c.rgb(), c.lines)

    # Then its font size is the body's, not the "=" ink's quarter em times four thirds
    sel = _only(els, "select")
    assert sel.text == "="
    assert sel.style is not None and sel.style.font_size == pytest.approx(16, rel=0.2)


def test_empty_bordered_field_is_an_input() -> None:
    c = Canvas()
    c.text(40, 20, "Name", size=16)
    c.rect("input", Box(40, 44, 300, 38), fill=(255, 255, 255), outline=(200, 200, 200))
    els = detect_elements(c.rgb(), c.lines)
    field = _only(els, "input")
    assert field.box.iou(c.boxes["input"]) >= 0.9
    assert field.text is None


def test_a_narrow_field_with_its_placeholder_at_the_left_is_an_input_not_a_button() -> None:
    # Given bootstrap's .col-3 field: 100 px wide, its placeholder padded 12 px from the left only
    c = Canvas()
    c.rect("input", Box(40, 40, 100, 38), fill=(255, 255, 255), outline=(206, 212, 218), radius=4)
    c.text(53, 51, ".col-3", size=16, colour=(134, 142, 150))
    els = detect_elements(c.rgb(), c.lines)

    field = _only(els, "input")
    assert field.box.iou(c.boxes["input"]) >= 0.9
    assert not [e for e in els if e.role == "button"]


def test_a_coloured_card_header_with_white_text_is_no_field() -> None:
    # Given a card's green header bar (a light border round it), its title in white at the left
    c = Canvas()
    c.rect("header", Box(40, 40, 480, 45), fill=(40, 167, 69), outline=(220, 220, 220))
    c.text(60, 52, "Different Height", size=18, colour=(255, 255, 255))
    c.text(60, 110, "Some body text under the card's header.", size=16)
    els = detect_elements(c.rgb(), c.lines)

    assert not [e for e in els if e.role in ("input", "select", "textarea")], [(e.role, e.text) for e in els]


def test_rows_of_a_bordered_list_are_no_fields() -> None:
    # Given bootstrap's list group: rows of dark text, each bordered, each border shared with the next
    c = Canvas()
    for k, item in enumerate(["Cras justo odio", "Dapibus ac facilisis in", "Morbi leo risus"]):
        c.rect(f"row{k}", Box(40, 40 + 48 * k, 400, 49), fill=(255, 255, 255), outline=(223, 223, 223))
        c.text(60, 54 + 48 * k, item, size=16, colour=(33, 37, 41))
    els = detect_elements(c.rgb(), c.lines)

    assert not [e for e in els if e.role in ("input", "select", "textarea")], [(e.role, e.text) for e in els]


def test_a_field_drawn_as_a_bottom_border_only_is_an_input() -> None:
    # Given a placeholder in grey over a 1 px line (bootstrap's .form-control-border), under a label
    c = Canvas()
    c.text(40, 20, "Bottom Border only", size=16, colour=(33, 37, 41), bold=True)
    c.text(52, 58, "Your city", size=16, colour=(134, 142, 150))
    c.draw.line([(40, 83), (440, 83)], fill=(206, 212, 218))
    els = detect_elements(c.rgb(), c.lines)

    field = _only(els, "input")
    assert field.placeholder == "Your city"
    assert abs(field.box.x - 40) <= 1 and abs(field.box.x2 - 441) <= 1 and abs(field.box.y2 - 84) <= 1


def test_a_title_over_a_rule_is_no_field() -> None:
    # Given a section's dark title with a rule under it
    c = Canvas()
    c.text(40, 30, "Account settings", size=20, colour=(33, 37, 41))
    c.draw.line([(40, 60), (600, 60)], fill=(206, 212, 218))
    c.text(40, 80, "Change what others see of you and how we reach you.", size=16, colour=(33, 37, 41))
    els = detect_elements(c.rgb(), c.lines)

    assert not [e for e in els if e.role in ("input", "select", "textarea")], [(e.role, e.text) for e in els]


def test_grey_column_names_over_a_rule_parted_at_each_cell_are_no_fields() -> None:
    # Given a table's header: grey names, each cell's bottom border a line of its own, 2 px apart
    c = Canvas()
    for x, name in ((40, "author_id"), (200, "genre"), (360, "rating")):
        c.text(x + 4, 60, name, size=16, colour=(120, 120, 130))
        c.draw.line([(x, 84), (x + 157, 84)], fill=(170, 171, 174))
    c.text(44, 100, "Some text under the header, darker than it.", size=16, colour=(26, 28, 42))
    els = detect_elements(c.rgb(), c.lines)

    assert not [e for e in els if e.role in ("input", "select", "textarea")], [(e.role, e.text) for e in els]


def test_a_tall_bordered_box_with_a_placeholder_at_its_top_left_is_a_textarea() -> None:
    c = Canvas()
    c.text(40, 16, "Textarea", size=16, colour=(33, 37, 41), bold=True)
    c.rect("area", Box(40, 44, 215, 86), fill=(255, 255, 255), outline=(206, 212, 218), radius=4)
    c.text(52, 54, "Enter ...", size=16, colour=(134, 142, 150))
    els = detect_elements(c.rgb(), c.lines)

    area = _only(els, "textarea")
    assert area.box.iou(c.boxes["area"]) >= 0.9 and area.placeholder == "Enter ..."


def test_an_invalid_field_whose_mark_is_read_as_a_circled_digit_is_an_input() -> None:
    # Given a field in the invalid style: a red border, its placeholder, and at its right the "!" in a
    # circle that the recogniser reads as "①" (a digit to str.isdigit)
    c = Canvas()
    c.text(40, 12, "Email address", size=16, colour=(33, 37, 41))
    c.rect("input", Box(40, 40, 480, 38), fill=(255, 255, 255), outline=(220, 53, 69), radius=4)
    c.text(54, 51, "Enter email", size=16, colour=(134, 142, 150))
    c.draw.ellipse([492, 51, 507, 66], outline=(220, 53, 69), width=2)
    c.draw.line([(499, 54), (499, 60)], fill=(220, 53, 69), width=2)
    c.lines.append(TextLine("①", Box(491, 50, 17, 17), 0.9))
    els = detect_elements(c.rgb(), c.lines)

    field = _only(els, "input")
    assert field.box.iou(c.boxes["input"]) >= 0.9 and field.placeholder == "Enter email"


def test_round_icon_button() -> None:
    c = Canvas()
    c.text(40, 20, "Follow us on the networks below", size=16)
    c.draw.ellipse([40, 60, 95, 115], fill=(73, 80, 87))
    c.draw.rectangle([60, 78, 75, 97], fill=(255, 255, 255))
    els = detect_elements(c.rgb(), c.lines)
    button = _only(els, "button")
    assert button.box.iou(Box(40, 60, 56, 56)) >= 0.8
    assert button.text is None


def test_a_photo_in_a_circle_is_an_avatar_not_an_icon_button() -> None:
    # Given a round avatar on a dark card: a head and shoulders (soft shading) on a light photo ground
    photo = Image.new("RGB", (56, 56), (236, 236, 236))
    d = ImageDraw.Draw(photo)
    d.ellipse([17, 10, 39, 38], fill=(178, 160, 150))  # face
    d.ellipse([16, 6, 40, 20], fill=(70, 62, 58))  # hair
    d.ellipse([20, 30, 36, 42], fill=(120, 104, 96))  # beard
    d.rectangle([12, 44, 44, 56], fill=(210, 210, 212))  # shirt
    mask = Image.new("L", (56, 56), 0)
    ImageDraw.Draw(mask).ellipse([0, 0, 55, 55], fill=255)
    c = Canvas(width=400, height=200, background=(52, 58, 64))
    c.text(40, 20, "Latest members of the team", size=16, colour=(230, 230, 230))
    c.img.paste(photo.filter(ImageFilter.GaussianBlur(1.6)), (40, 60), mask)

    els = detect_elements(c.rgb(), c.lines)

    # Then it is no button: a glyph is two colours and their blends, a photo many shades between
    assert not [e for e in els if e.role == "button"], [(e.role, e.box) for e in els]


@pytest.mark.parametrize(
    ("lead", "linked", "read"),
    [
        ("Created by", "someone", "someone"),
        # the recogniser reads the underline under the space as an underscore: no underscore is drawn
        ("Written by", "Addy Osmani", "Addy_Osmani"),
    ],
)
def test_underlined_words_in_a_sentence_are_a_link_of_their_own(lead: str, linked: str, read: str) -> None:
    c = Canvas()
    line = c.text(40, 40, f"{lead} {linked}", size=16, colour=(90, 90, 90))
    word = c.draw.textbbox((0, 0), linked, font=font(16))
    # underline the last words only; the OCR box then reaches down to the underline
    c.draw.line([(line.x2 - word[2], line.y2 + 2), (line.x2 - 1, line.y2 + 2)], fill=(90, 90, 90), width=1)
    c.lines[-1] = TextLine(f"{lead} {read}", Box(line.x, line.y, line.w, line.h + 3), 0.99)
    els = detect_elements(c.rgb(), c.lines)
    link = _only(els, "link")
    assert link.text == linked
    # the link keeps its underline (the generated app draws it); the words before it have none
    assert link.style is not None and link.style.underline
    before = [e for e in els if e.role == "text" and e.text == lead]
    assert [e.style.underline if e.style else None for e in before] == [None]


def test_each_run_of_a_mixed_line_has_its_own_colour_and_the_lines_height() -> None:
    # Given "This data as json, CSV (advanced)": body text, then links in a link colour
    c = Canvas()
    body, blue = (25, 26, 35), (37, 99, 235)
    c.text(40, 100, "Some plain text to set the body colour of the page", size=16, colour=body)
    c.runs(40, 40, [("This data as", body), ("json,", blue), ("CSV", blue), ("(advanced)", blue)])
    els = [e for e in detect_elements(c.rgb(), c.lines) if e.box.y < 80]

    # Then the plain run keeps the body colour and the links theirs (the line's commoner colour is
    # the links'), and every run sits on the line's box, whatever letters it holds
    runs = {e.text: e for e in els}
    assert runs["This data as"].role == "text" and runs["This data as"].style is not None
    assert runs["This data as"].style.color == "#191a23"
    links = [bytes.fromhex((e.style.color or "")[1:]) for e in els if e.role == "link" and e.style]
    assert len(links) == 3 and all(max(abs(a - b) for a, b in zip(k, blue, strict=True)) <= 16 for k in links)
    assert len({(e.box.y, e.box.h) for e in els}) == 1


@pytest.mark.parametrize(("drawn", "read"), [("Addy Osmani", "Addy Osmani"), ("rain_mm", "rain_mm")])
def test_an_underscore_read_in_an_underlined_link_stays_only_where_drawn(drawn: str, read: str) -> None:
    c = Canvas()
    line = c.text(40, 40, drawn, size=16, colour=(37, 99, 235))
    c.draw.line([(line.x, line.y2 + 2), (line.x2 - 1, line.y2 + 2)], fill=(37, 99, 235), width=1)
    c.lines[-1] = TextLine(drawn.replace(" ", "_"), Box(line.x, line.y, line.w, line.h + 3), 0.99)
    assert _only(detect_elements(c.rgb(), c.lines), "link").text == read


def test_a_row_of_short_items_is_a_menu() -> None:
    c = Canvas()
    c.text(40, 20, "All", size=14, colour=(119, 119, 119))
    c.text(80, 20, "Active", size=14, colour=(119, 119, 119))
    c.text(145, 20, "Completed", size=14, colour=(119, 119, 119))
    c.text(40, 120, "Some plain sentence that is not a menu at all.", size=14)
    els = detect_elements(c.rgb(), c.lines)
    assert sorted(e.text or "" for e in els if e.role == "link") == ["Active", "All", "Completed"]


def test_nothing_on_a_blank_screen() -> None:
    c = Canvas()
    assert detect_elements(c.rgb(), []) == []


def test_round_box_beside_a_label_is_a_radio() -> None:
    c = Canvas()
    c.draw.ellipse([40, 40, 55, 55], fill=(255, 255, 255), outline=(120, 120, 120))
    c.draw.ellipse([44, 44, 51, 51], fill=(0, 123, 255))
    c.text(64, 39, "Monthly billing", size=16)
    els = detect_elements(c.rgb(), c.lines)
    radio = _only(els, "radio")
    assert radio.checked is True
    assert radio.box.iou(Box(40, 40, 16, 16)) >= 0.7


def test_photo_is_an_image_and_a_small_glyph_an_icon() -> None:
    c = Canvas()
    c.text(40, 20, "Our team at work, pictured below.", size=16)
    rng = np.random.default_rng(7)
    c.img.paste(Image.fromarray(rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)), (40, 60))
    c.draw.polygon([(300, 100), (312, 88), (324, 100), (312, 112)], fill=(60, 60, 60))
    els = detect_elements(c.rgb(), c.lines)
    image = _only(els, "image")
    assert image.box.iou(Box(40, 60, 160, 120)) >= 0.9
    icon = _only(els, "icon")
    assert icon.box.iou(Box(300, 88, 25, 25)) >= 0.6


def test_text_elements_carry_the_ocr_score() -> None:
    c = Canvas()
    c.text(40, 40, "Plain words here", size=16)
    (el,) = detect_elements(c.rgb(), [TextLine("Plain words here", c.lines[0].box, 0.87)])
    assert el.score == 0.87


@pytest.mark.parametrize("on", [True, False])
def test_switch_state_is_the_knob_side(on: bool) -> None:
    c = Canvas()
    c.rect("track", Box(40, 40, 40, 20), fill=(0, 123, 255) if on else (200, 200, 200), radius=10)
    knob_x = 62 if on else 42
    c.draw.ellipse([knob_x, 42, knob_x + 15, 57], fill=(255, 255, 255))
    c.text(92, 41, "Email notifications", size=16)
    els = detect_elements(c.rgb(), c.lines)
    switch = _only(els, "switch")
    assert switch.checked is on
    assert switch.box.iou(c.boxes["track"]) >= 0.8
    assert not [e for e in els if e.role in ("radio", "checkbox", "button")]


def test_empty_field_on_a_dark_page() -> None:
    c = Canvas(background=(33, 37, 41))
    c.text(40, 20, "Search the catalogue", size=16, colour=(230, 230, 230))
    c.rect("input", Box(40, 48, 300, 38), fill=(33, 37, 41), outline=(110, 115, 120))
    els = detect_elements(c.rgb(), c.lines)
    assert _only(els, "input").box.iou(c.boxes["input"]) >= 0.9


def test_initials_in_a_square_are_a_badge_not_a_button() -> None:
    c = Canvas()
    tile = c.rect("avatar", Box(40, 40, 40, 40), fill=(219, 234, 254), radius=8)
    c.text_centred(tile, "AL", size=16, colour=(30, 64, 175))
    c.text(92, 50, "Ada Lovelace", size=16)
    els = detect_elements(c.rgb(), c.lines)
    assert _only(els, "badge").text == "AL"
    assert not [e for e in els if e.role == "button"]


def _search_bar(
    text: str, colour: tuple[int, int, int], bold: bool = False, body: tuple[int, int, int] = (33, 37, 41)
) -> tuple[Canvas, Box]:
    """A white top bar over a grey page, holding a box filled 7 levels off white with `text` in it and
    a blue button at its end; a heading and a line of body text (in `body`'s colour) below."""
    c = Canvas(width=800, height=200, background=(248, 249, 252))
    c.rect("bar", Box(0, 0, 800, 70), fill=(255, 255, 255))
    field = c.rect("field", Box(32, 16, 360, 38), fill=(248, 249, 252))
    c.rect("go", Box(392, 16, 40, 38), fill=(78, 115, 223))
    c.text(44, 25, text, size=14, colour=colour, bold=bold)
    c.text(32, 100, "Dashboard", size=28, colour=body)
    c.text(32, 150, "Earnings this month are up on last month.", size=14, colour=body)
    return c, field


def test_a_faint_box_with_a_greyed_text_is_a_field() -> None:
    c, field = _search_bar("Search for...", (133, 135, 150))
    els = detect_elements(c.rgb(), c.lines)
    box = _only(els, "input")
    assert box.box.iou(field) >= 0.9 and box.text == "Search for..."


def test_a_faint_box_ending_at_its_button_is_a_field_though_its_placeholder_is_the_page_grey() -> None:
    # sb-admin: the placeholder is #858796, the body text's grey; the box ends at its search button
    c, field = _search_bar("Search for...", (133, 135, 150), body=(133, 135, 150))
    els = detect_elements(c.rgb(), c.lines)
    box = _only(els, "input")
    assert box.box.iou(field) >= 0.9 and box.text == "Search for..."


@pytest.mark.parametrize(
    ("text", "colour", "bold"),
    [("Quarterly figures", (33, 37, 41), False), ("Revenue Sources", (78, 115, 223), True)],
)
def test_a_faint_box_with_dark_or_coloured_text_is_no_field(
    text: str, colour: tuple[int, int, int], bold: bool
) -> None:
    # a row of a list filled a shade off the page, or a card's header band with its title in the brand's
    # colour: neither text is greyed like a placeholder
    c, _ = _search_bar(text, colour, bold)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role == "input"], els


def test_logo_tile_beside_a_title_is_not_a_checkbox() -> None:
    c = Canvas(background=(30, 41, 66))
    c.rect("logo", Box(40, 16, 30, 30), fill=(245, 185, 35), radius=6)
    c.draw.text((49, 18), "T", fill=(30, 41, 66), font=font(20, bold=True))
    c.text(84, 20, "Team tasks", size=20, colour=(255, 255, 255), bold=True)
    els = detect_elements(c.rgb(), c.lines)
    assert not [e for e in els if e.role in ("checkbox", "radio")]


@pytest.mark.parametrize("shape", [(1, 1, 3), (1, 200, 3), (200, 1, 3), (7, 7, 3)])
def test_degenerate_images_give_no_error(shape: tuple[int, int, int]) -> None:
    img = np.full(shape, 255, np.uint8)
    lines = [TextLine("Hello", Box(0, 0, 40, 12), 0.9), TextLine("x", Box(-5, -5, 3, 3), 0.9)]
    assert all(e.text in (None, "Hello", "x") for e in detect_elements(img, lines))


def test_an_icon_button_with_no_text_holds_its_icon() -> None:
    c = Canvas(width=400, height=200)
    c.text(40, 30, "Follow me on", size=16)
    c.draw.ellipse([40, 80, 95, 135], fill=(72, 80, 87))
    # a white glyph inside the dark circle: a bird-ish blob and a dot
    c.draw.polygon([(55, 112), (68, 96), (82, 100), (78, 118), (62, 122)], fill=(255, 255, 255))
    els = detect_elements(c.rgb(), c.lines)
    button = next(e for e in els if e.role in ("button", "link") and e.box.iou(Box(40, 80, 56, 56)) >= 0.8)
    icons = [e for e in els if e.role == "icon" and button.box.intersection(e.box) == e.box.area]
    assert len(icons) == 1
    assert icons[0].box.iou(Box(55, 96, 28, 27)) >= 0.6


def test_a_large_tile_holding_a_glyph_is_an_icon_not_a_button() -> None:
    # Given a dashboard's info box: a 70 x 66 coloured tile with a white glyph, its label and value beside
    # it, and a 40 px square button holding a glyph further down
    c = Canvas(width=600, height=300, background=(244, 246, 249))
    c.rect("tile", Box(40, 40, 70, 66), fill=(23, 162, 184), radius=3)
    c.draw.polygon([(62, 86), (75, 58), (88, 86)], fill=(255, 255, 255))
    c.text(130, 48, "CPU Traffic", size=16)
    c.text(130, 78, "10 %", size=16, bold=True)
    c.rect("small", Box(40, 200, 40, 40), fill=(23, 162, 184), radius=3)
    c.draw.polygon([(52, 230), (60, 210), (68, 230)], fill=(255, 255, 255))
    els = detect_elements(c.rgb(), c.lines)

    # Then the tile is an icon (its glyph on its painted ground) and the small square a button
    assert any(e.role == "icon" and e.box.iou(c.boxes["tile"]) >= 0.9 for e in els)
    assert not [e for e in els if e.role == "button" and e.box.iou(c.boxes["tile"]) >= 0.5]
    assert any(e.role == "button" and e.box.iou(c.boxes["small"]) >= 0.8 for e in els)


def test_an_icon_inside_a_field_is_found_beside_its_placeholder() -> None:
    c = Canvas(width=480, height=200)
    c.rect("field", Box(40, 60, 320, 38), fill=(255, 255, 255), outline=(206, 212, 218), radius=4)
    c.text(54, 70, "Email", size=16, colour=(150, 150, 150))
    c.rect("envelope", Box(330, 72, 18, 14), fill=(119, 119, 119))  # a filled envelope glyph
    els = detect_elements(c.rgb(), c.lines)
    field = next(e for e in els if e.role == "input")
    icons = [e for e in els if e.role == "icon"]
    assert len(icons) == 1 and icons[0].box.iou(Box(330, 72, 18, 14)) >= 0.5
    assert field.box.intersection(icons[0].box) == icons[0].box.area


def test_a_labelled_buttons_icon_beside_its_label_is_found_inside_it() -> None:
    c = Canvas(width=640, height=200)
    c.text(40, 20, "Create an account with one of these", size=16)
    c.rect("google", Box(40, 80, 520, 44), fill=(234, 67, 53), radius=22)
    c.text(250, 92, "Register with Google", size=14, colour=(255, 255, 255))
    # a white "G"-like ring mark left of the label
    c.draw.ellipse([224, 93, 240, 109], outline=(255, 255, 255), width=3)
    # and a logo the recogniser reads as a letter of its own: an "f" beside "Register with Facebook"
    c.rect("facebook", Box(40, 140, 520, 44), fill=(59, 89, 152), radius=22)
    c.text(250, 152, "Register with Facebook", size=14, colour=(255, 255, 255))
    f = c.text(232, 150, "f", size=18, colour=(255, 255, 255), bold=True)
    els = detect_elements(c.rgb(), c.lines)
    buttons = sorted((e for e in els if e.role == "button"), key=lambda e: e.box.y)
    assert [b.text for b in buttons] == ["Register with Google", "Register with Facebook"]
    icons = sorted((e for e in els if e.role == "icon"), key=lambda e: e.box.y)
    assert len(icons) == 2
    assert icons[0].box.iou(Box(224, 93, 17, 17)) >= 0.5 and icons[1].box.iou(f) >= 0.3
    assert all(b.box.intersection(i.box) == i.box.area for b, i in zip(buttons, icons, strict=True))


def test_a_small_filled_chip_with_a_count_is_a_badge_and_a_button_stays_a_button() -> None:
    c = Canvas(width=640, height=240)
    c.text(40, 42, "Inbox", size=16)
    chip = c.rect("badge", Box(96, 40, 22, 20), fill=(220, 53, 69), radius=6)
    c.text_centred(chip, "4", size=12)
    button = c.rect("button", Box(40, 100, 96, 38), fill=(13, 110, 253), radius=6)
    c.text_centred(button, "Save", size=16)
    small = c.rect("small", Box(160, 104, 64, 31), fill=(108, 117, 125), radius=4)
    c.text_centred(small, "Edit", size=14)
    for k in range(3):
        c.text(40, 170 + 20 * k, "Messages arrive here as soon as they are sent to you.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    badge = _only(els, "badge")
    assert badge.box.iou(chip) >= 0.8 and badge.text == "4"
    assert sorted(e.text or "" for e in els if e.role == "button") == ["Edit", "Save"]


def test_heading_levels_follow_their_size_over_the_body_text() -> None:
    c = Canvas(width=700, height=400)
    c.text(40, 20, "Annual report", size=34, bold=True)
    c.text(40, 80, "Revenue by region", size=27, bold=True)
    c.text(40, 130, "Northern offices", size=22, bold=True)
    for k in range(4):
        c.text(40, 180 + 24 * k, "Sales grew in every quarter after the spring launch.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    levels = {e.text: e.level for e in els if e.role == "heading"}
    assert levels == {"Annual report": 1, "Revenue by region": 2, "Northern offices": 3}


def test_a_small_light_button_in_small_type_stays_a_button() -> None:
    c = Canvas(width=640, height=240, background=(238, 238, 238))
    small = c.rect("small", Box(40, 40, 100, 26), fill=(255, 255, 255), outline=(190, 190, 190), radius=3)
    c.text_centred(small, "Format SQL", size=15, colour=(54, 113, 173))
    for k in range(3):
        c.text(40, 100 + 20 * k, "Queries run against the database as you type them here.", size=16)
    els = detect_elements(c.rgb(), c.lines)
    assert [(e.role, e.text) for e in els if e.role in ("button", "badge")] == [("button", "Format SQL")]


def test_underlined_words_read_with_a_space_between_them_are_one_link_in_their_line() -> None:
    # Given "Written by Addy Osmani", the name underlined (one rule under both words), read as one line
    c = Canvas(width=400, height=100, background=(236, 236, 236))
    grey = (170, 170, 170)
    c.text(20, 40, "Written by", size=14, colour=grey)
    name = c.text(20 + round(c.draw.textlength("Written by ", font=font(14))), 40, "Addy Osmani", 14, grey)
    c.draw.line([(name.x, name.y2 + 2), (name.x2, name.y2 + 2)], fill=grey, width=1)
    c.join(2)
    c.lines[-1] = TextLine(c.lines[-1].text, c.lines[-1].box.union(Box(name.x, name.y2 + 2, name.w, 1)), 0.99)
    els = detect_elements(c.rgb(), c.lines)
    # Then the underlined words are a link, the words before them text
    assert [(e.role, e.text) for e in els] == [("text", "Written by"), ("link", "Addy Osmani")]


def test_an_underlined_number_starting_a_line_is_no_icon() -> None:
    # Given "2 rows from books", "2 rows" an underlined link, the OCR box taking in the underline
    c = Canvas(width=400, height=100, background=(247, 248, 251))
    blue = (39, 104, 144)
    link = c.text(16, 40, "2 rows", size=16, colour=blue)
    c.draw.line([(link.x, link.y2 + 2), (link.x2, link.y2 + 2)], fill=blue, width=1)
    c.text(16 + round(c.draw.textlength("2 rows ", font=font(16))), 40, "from books", 16, (17, 26, 53))
    c.join(2)
    c.lines[-1] = TextLine(c.lines[-1].text, c.lines[-1].box.union(Box(link.x, link.y2 + 2, link.w, 1)), 0.99)
    els = detect_elements(c.rgb(), c.lines)
    # Then the "2", as tall as the capitals but for the underline under it, is still read
    assert " ".join(e.text or "" for e in els) == "2 rows from books"


def test_an_icon_fonts_glyph_read_as_a_lone_ideograph_is_an_icon_unless_the_page_writes_them() -> None:
    # Given a nav bar's grid-of-squares icon (Font Awesome's "th-large"), which OCR reads as "田", on an
    # English page
    def page(words: str) -> tuple[Canvas, Box]:
        c = Canvas(width=700, height=240)
        for dx, dy in [(0, 0), (9, 0), (0, 8), (9, 8)]:
            c.rect(f"sq{dx}{dy}", Box(620 + dx, 20 + dy, 7, 6), fill=(90, 90, 90))
        icon = Box(620, 20, 16, 14)
        c.lines.append(TextLine("田", icon, 0.82))
        c.text(40, 100, words, size=16)
        return c, icon

    c, icon = page("Latest members of the team and their roles")
    els = detect_elements(c.rgb(), c.lines)

    # Then it is an icon, and "田" is no text of the page
    assert not [e for e in els if e.text and "田" in e.text]
    assert any(e.role == "icon" and e.box.iou(icon) >= 0.5 for e in els)
    # while on a page written in Chinese a lone character is a word
    c, _ = page("田中さんの最新メンバー")
    assert any(e.text == "田" for e in detect_elements(c.rgb(), c.lines))


def test_an_icon_fonts_glyph_read_as_an_ideograph_before_words_is_dropped_from_them() -> None:
    # Given a menu item whose grid icon OCR reads as "田" in one line with its label, and a lone icon
    # read as "日" elsewhere, on an English page
    c = Canvas(width=700, height=240)
    for dx, dy in [(0, 0), (9, 0), (0, 8), (9, 8)]:
        c.rect(f"sq{dx}{dy}", Box(40 + dx, 42 + dy, 7, 6), fill=(90, 90, 90))
    label = c.text(72, 40, "Tables", size=16)
    c.lines.append(TextLine("田 Tables", Box(40, 40, label.x2 - 40, label.h), 0.9))
    c.lines.remove(next(t for t in c.lines if t.text == "Tables"))
    c.rect("cal", Box(620, 42, 14, 14), outline=(90, 90, 90), width=2)
    c.lines.append(TextLine("日", Box(620, 42, 14, 14), 0.8))
    c.text(40, 120, "Latest members of the team and their roles", size=16)

    els = detect_elements(c.rgb(), c.lines)

    # Then the label reads "Tables" over its words only, and neither glyph is text of the page
    assert any(e.text == "Tables" and e.box.x >= 60 for e in els), els
    assert not [e for e in els if e.text and ("田" in e.text or "日" in e.text)]


def test_a_link_in_a_grey_line_on_a_dark_page_is_cut_out_of_it() -> None:
    # Given a dark page's footer: muted grey words around a blue link, the body set in near-white
    c = Canvas(width=900, height=300, background=(52, 58, 64))
    for k in range(3):
        c.text(
            40,
            40 + 26 * k,
            "Monthly recap of the sales of the shop and its visitors",
            size=16,
            colour=(250, 250, 250),
        )
    grey, blue = (134, 144, 153), (0, 123, 255)
    c.runs(40, 200, [("Copyright © 2014-2021", grey), ("AdminLTE.io.", blue), ("All rights reserved.", grey)])
    els = detect_elements(c.rgb(), c.lines)

    # Then the link is the blue words alone
    assert [e.text for e in els if e.role == "link"] == ["AdminLTE.io."]


def test_a_small_label_in_bold_blue_capitals_is_text_and_a_blue_word_a_link() -> None:
    # Given sb-admin's stat cards: a caption in small bold capitals of the brand's blue over the figure
    c = Canvas(width=900, height=300)
    for k in range(3):
        c.text(40, 180 + 26 * k, "The quarter closed above the forecast in every region", size=16)
    blue = (78, 115, 223)
    c.text(40, 40, "EARNINGS (MONTHLY)", size=12, colour=blue, bold=True)
    c.text(40, 60, "$40,000", size=20, bold=True)
    c.text(400, 40, "Open the report", size=16, colour=blue)
    els = detect_elements(c.rgb(), c.lines)

    # Then the caption is text, and the blue words of body size a link
    assert [e.role for e in els if e.text == "EARNINGS (MONTHLY)"] == ["text"], els
    assert [e.text for e in els if e.role == "link"] == ["Open the report"]


def test_a_chart_legend_is_swatches_and_texts_not_radios_or_a_menu() -> None:
    # Given a doughnut chart's legend: a disc of each series' colour before its name, in a row
    c = Canvas(width=900, height=300)
    for k in range(3):
        c.text(40, 180 + 26 * k, "The quarter closed above the forecast in every region", size=16)
    x = 300
    for name, colour in (
        ("Direct", (78, 115, 223)),
        ("Social", (28, 200, 138)),
        ("Referral", (54, 185, 204)),
    ):
        c.draw.ellipse([(x, 62), (x + 13, 75)], fill=colour)
        x = c.text(x + 18, 60, name, size=14, colour=(133, 135, 150)).x2 + 12
    els = detect_elements(c.rgb(), c.lines)

    # Then no disc is a radio and no name a link
    assert not [e for e in els if e.role in ("radio", "checkbox")], els
    assert [e.role for e in els if e.text in ("Direct", "Social", "Referral")] == ["text"] * 3
