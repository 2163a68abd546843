"""Video probing and decoding (PyAV), limits, and synthetic test videos."""
