"""The demo skills and scorecard of «Домашний маркет»."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_SKILLS = DEMO_DIR / "skills.yaml"
