"""Tags learned from people's labels: the tag side of the generic learner (calls/learning/).

labels.py    — which (call, tag, yes/no) people gave: annotations first, manual tags second;
keyphrases.py — phrases that would find more of a tag's annotated calls (for the monthly review);
training.py  — fit, cross-validate and store a model per tag; turn proposals on and off;
tagging.py   — the analyser that applies the models turned on;
display.py, views.py — the call page's panel and the admin page. See docs/tag-learning.md.
"""
