"""The competency map (issue 9 §3): each skill's score per operator and period, and its API."""
