"""clean_image(): a keyframe without the pointer, keeping the page under it wherever the video shows it."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from replicast.media.synthetic import Click, Script, SyntheticSource, Type, Wait
from replicast.media.synthetic._draw import draw_screen
from replicast.media.synthetic._timeline import compile_script
from replicast.pipeline.basis import Seen
from replicast.pipeline.parse import clean_image, group_spans, kept_under_pointer
from replicast.pipeline.pointer import pointer_pixels, track_pointer
from replicast.pipeline.segment import SegmentConfig, segment
from replicast.vision.base import Box, TextLine
from tests.pipeline.scripts import SIGN_IN

SIZE = (640, 360)


def _typed_under_the_pointer() -> Script:
    """Tick the box, click the field and type text that runs on under the resting pointer (the moves
    show the pointer's look)."""
    return Script(
        (SIGN_IN,),
        (
            Wait(0.8),
            Click("remember", move=0.5),
            Wait(0.8),
            Click("email", move=0.5),
            Wait(0.6),
            Type("ada.lovelace@example.com", 0.05),
            Wait(1.5),
        ),
        cursor=(500, 300),
    )


def test_only_the_pointers_own_pixels_are_painted_over_when_no_other_state_shows_the_page_under_it() -> None:
    script = _typed_under_the_pointer()
    src = SyntheticSource(script)
    timeline = segment(src.frames(), SegmentConfig(), *SIZE)
    track = track_pointer(timeline)
    groups = group_spans(timeline, track)
    # the state after the tick: the pointer rests on the box it ticked, which no other state shows
    group = next(g for k, g in enumerate(groups) if k and track.rest[g[0]] is not None)
    span = timeline.spans[group[-1]]
    box = track.rest[span.index]
    assert box is not None and track.looks

    shape = pointer_pixels(track, span.luma, box)
    assert shape is not None
    assert 0 < int(shape.sum()) < 0.8 * box.area  # the arrow, not its box

    clean = clean_image(timeline, track, group, span).astype(np.int16)
    tl = compile_script(script, SIZE)
    page = np.asarray(draw_screen(script.screens[0], tl.state_at(span.t_key), SIZE), np.int16)
    region = (slice(box.y, box.y2), slice(box.x, box.x2))
    err = np.abs(clean[region] - page[region]).sum()
    # against painting over the pointer's whole box: the ticked box's ink around the arrow is kept
    mask = np.zeros(span.rgb.shape[:2], np.uint8)
    mask[box.y : box.y2, box.x : box.x2] = 1
    whole = np.asarray(cv2.inpaint(span.rgb, mask, 3, cv2.INPAINT_TELEA), np.int16)
    assert err < 0.7 * np.abs(whole[region] - page[region]).sum()


def test_the_pointer_waiting_before_its_first_move_is_taken_out_of_the_first_keyframe() -> None:
    # the pointer shows from the first frame, on the page's blank part, and only later moves off
    script = Script((SIGN_IN,), (Wait(1.0), Click("email", move=0.5), Wait(1.0)), cursor=(520, 260))
    src = SyntheticSource(script)
    timeline = segment(src.frames(), SegmentConfig(), *SIZE)
    track = track_pointer(timeline)
    groups = group_spans(timeline, track)
    assert track.rest[0] is None  # no motion has revealed it yet
    waited = track.at(0)
    assert waited is not None and abs(waited.x - 520) <= 3 and abs(waited.y - 260) <= 3, waited

    span = timeline.spans[groups[0][0]]
    clean = clean_image(timeline, track, groups[0], span).astype(np.int16)
    tl = compile_script(script, SIZE)
    page = np.asarray(draw_screen(script.screens[0], tl.state_at(span.t_key), SIZE), np.int16)
    region = (slice(waited.y, waited.y2), slice(waited.x, waited.x2))
    assert np.abs(span.rgb.astype(np.int16)[region] - page[region]).max() > 100  # the arrow was there
    assert np.abs(clean[region] - page[region]).max() <= 24  # and is gone


def _line_image(text: str, grey: int, pointer: tuple[int, int, int, int] | None = None) -> np.ndarray:
    image = np.full((60, 240), 255, np.uint8)
    cv2.putText(image, text, (20, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, grey, 2, cv2.LINE_AA)
    if pointer is not None:
        x, y, w, h = pointer
        image[y : y + h, x : x + w] = 0
    return image


def test_a_line_the_pointer_hides_part_of_keeps_the_reading_from_before_the_pointer_came() -> None:
    line = Box(18, 16, 130, 32)
    before = Seen.of(np.dstack([_line_image("temp_c", 90)] * 3))
    before = dataclasses.replace(before, lines=(TextLine("temp_c", line, 0.9),))
    pointer = Box(80, 24, 14, 22)
    # hovered: recoloured, and the pointer over the "p" (painted out, misread)
    hovered = _line_image("temp_c", 150, (pointer.x, pointer.y, pointer.w, pointer.h))
    misread = [TextLine("temn_c", line, 0.8), TextLine("far away", Box(150, 0, 80, 12), 0.9)]

    kept = kept_under_pointer(misread, before, Box(200, 40, 12, 18), hovered, pointer)
    assert [t.text for t in kept] == ["far away", "temp_c"]
    # or broken in two where the pointer was
    broken = [TextLine("tem", Box(18, 16, 60, 32), 0.8), TextLine("_c", Box(96, 16, 50, 32), 0.8)]
    assert [t.text for t in kept_under_pointer(broken, before, None, hovered, pointer)] == ["temp_c"]
    # or not read at all, so much of it hid
    lost = [TextLine("far away", Box(150, 0, 80, 12), 0.9)]
    assert [t.text for t in kept_under_pointer(lost, before, None, hovered, pointer)] == [
        "far away",
        "temp_c",
    ]
    # but not beside a line read now that runs over it (read with more around it)
    longer = [TextLine("temp_c in the hills", Box(18, 16, 220, 32), 0.8)]
    assert [t.text for t in kept_under_pointer(longer, before, None, hovered, pointer)] == [
        "temp_c in the hills"
    ]
    # and a line gone from under the pointer is gone
    blank = _line_image("", 150, (pointer.x, pointer.y, pointer.w, pointer.h))
    assert [t.text for t in kept_under_pointer(lost, before, None, blank, pointer)] == ["far away"]
    # the pointer hid the same line before: that reading is no better
    unsure = kept_under_pointer(misread, before, Box(84, 20, 12, 18), hovered, pointer)
    assert [t.text for t in unsure] == ["far away", "temn_c"]
    # other ink beside the pointer: the line changed
    other = _line_image("tomato", 150, (pointer.x, pointer.y, pointer.w, pointer.h))
    changed = [TextLine("tomato", line, 0.8)]
    assert kept_under_pointer(changed, before, None, other, pointer)[0].text == "tomato"


def test_a_line_broken_in_two_by_the_pointer_and_set_bold_keeps_the_reading_from_before() -> None:
    # Given filters read before the click, and after it, with the one clicked set bold, broken in two
    # where the pointer rests on it (other ink: the same words in another weight)
    line = Box(18, 16, 200, 32)
    before = Seen.of(np.dstack([_line_image("All Done", 90)] * 3))
    before = dataclasses.replace(before, lines=(TextLine("All Done", line, 0.9),))
    pointer = Box(150, 24, 14, 22)
    bolder = np.full((60, 240), 255, np.uint8)
    cv2.putText(bolder, "All Done", (20, 40), cv2.FONT_HERSHEY_DUPLEX, 1.0, 90, 3, cv2.LINE_AA)
    bolder[pointer.y : pointer.y2, pointer.x : pointer.x2] = 255
    broken = [TextLine("All Do", Box(18, 16, 128, 32), 0.8), TextLine("e", Box(166, 16, 50, 32), 0.8)]
    # Then the earlier reading stands for the two parts
    assert [t.text for t in kept_under_pointer(broken, before, None, bolder, pointer)] == ["All Done"]
    # and where it read the line as two
    split = (TextLine("All", Box(18, 16, 60, 32), 0.9), TextLine("Done", Box(100, 16, 118, 32), 0.9))
    mended = kept_under_pointer(broken, dataclasses.replace(before, lines=split), None, bolder, pointer)
    assert [t.text for t in mended] == ["All", "Done"]
    # and where the earlier line ran on to the left of the broken word (the clicked filter now set apart)
    run = (TextLine("Some All Done", Box(0, 16, 218, 32), 0.9),)
    parted = [TextLine("Some", Box(0, 16, 14, 32), 0.9), *broken]
    mended = kept_under_pointer(parted, dataclasses.replace(before, lines=run), None, bolder, pointer)
    assert [t.text for t in mended] == ["Some", "All Done"]
    assert mended[1].box == Box(18, 16, 198, 32)  # from the left part to the right one, as tall as before
    # unless the gap holds far more letters or fewer than the earlier words hide there
    wide = [TextLine("Some", Box(0, 16, 14, 32), 0.9), TextLine("All D", Box(18, 16, 60, 32), 0.8), broken[1]]
    assert [
        t.text
        for t in kept_under_pointer(wide, dataclasses.replace(before, lines=run), None, bolder, pointer)
    ] == [
        "Some",
        "All D",
        "e",
    ]
    # but not where what shows beside the pointer reads otherwise (the ink being other too)
    other = [TextLine("All Di", Box(18, 16, 128, 32), 0.8), TextLine("e", Box(166, 16, 50, 32), 0.8)]
    assert [t.text for t in kept_under_pointer(other, before, None, bolder, pointer)] == ["All Di", "e"]
