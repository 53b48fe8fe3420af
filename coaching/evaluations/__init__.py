"""Evaluations of calls by scorecard and calibration sessions (issue 9, §2)."""
