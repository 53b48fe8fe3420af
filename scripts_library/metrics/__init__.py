"""The library's metrics: objections, themes and blocks measured on the calls (issue 8 §4)."""
