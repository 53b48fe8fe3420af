"""Where a hot call turns (issue 18 §4): the operator's phrase before the customer calmed down
or boiled over, per call (detect.py, analyser.py, panel.py) and over the archive (archive.py)."""
