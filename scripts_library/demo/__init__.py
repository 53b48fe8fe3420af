"""The demo objection library and the demo sales calls where its objections are spoken."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_LIBRARY = DEMO_DIR / "library.yaml"
DEMO_SALES_CALLS = DEMO_DIR / "sales_calls.json"
