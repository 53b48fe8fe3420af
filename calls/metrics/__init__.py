"""The per-call figures that the manager's dashboard (calls/dashboard/) and the before/after
comparison (calls/changes/) both count, defined once so that their numbers agree
(`definitions.py`), and the aggregates over any set of calls (`aggregates.py`)."""
