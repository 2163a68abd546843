"""Pure pipeline stages: segment → parse → behaviour → assemble. `run.py` wires them."""
