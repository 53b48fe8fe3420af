"""The demo of coaching at «Домашний маркет»: skills, scorecard, evaluations and a cycle."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_SKILLS = DEMO_DIR / "skills.yaml"
# Dmitry's calls before and after the demo training (coaching/demo/coaching.py).
DEMO_CYCLE_CALLS = DEMO_DIR / "cycle_calls.json"
# Anna's and Igor's calls in the weeks before their training on summarising: the baseline their
# overdue cycles compare the control with.
DEMO_SUMMARY_CALLS = DEMO_DIR / "summary_calls.json"
