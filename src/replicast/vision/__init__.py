"""Vision engines: OCR and UI-element detection adapters, and fakes for tests."""
