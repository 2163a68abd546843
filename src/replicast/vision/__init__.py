"""Vision engines: OCR and UI-element detection for one screen image, and fakes for tests.

    engine = RapidOcrEngine()                      # rapid.py: offline PP-OCR via rapidocr/onnxruntime
    lines = engine.read(rgb)                       # list[TextLine], tight boxes, one line per item
    elements = detect_elements(rgb, lines)         # detect.py: list[DetectedElement] with roles and style

base.py (Box, TextLine, OcrEngine) - fake.py (FakeOcrEngine) - textlines.py (OCR line clean-up) -
typography.py / style.py (metrics and colours from pixels) - shapes.py (closed outlines) - texts.py
(text, headings, links) - controls.py (form controls) - menus.py (nav and menu links) - graphics.py
(icons, images) - containers.py (nav bars, cards, lists, tables) - elements.py (DetectedElement).
"""
