"""The demo of coaching at «Домашний маркет»: skills, scorecard, evaluations and a cycle."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_SKILLS = DEMO_DIR / "skills.yaml"
# Dmitry's calls before and after the demo training (coaching/demo/coaching.py).
DEMO_CYCLE_CALLS = DEMO_DIR / "cycle_calls.json"
