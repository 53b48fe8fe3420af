"""Departments that fix causes: subscriptions, same-day alerts, weekly reports and findings
(issue 19 §2–3)."""
