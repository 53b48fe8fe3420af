"""The customer's emotion, hot calls and hidden irritation (issue 18 §3)."""
