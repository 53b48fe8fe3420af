"""Labels learned from people: a generic few-shot learner over calls.

It takes human labels — (call id, label key, yes or no) from any source: annotation campaigns'
tags, manual tags, and later coaching's skill answers — and proposes labels for unseen calls,
each with a calibrated confidence and the moments that weighed most. It knows nothing of tags
or skills: a label is a string key, its seeds (description, phrases) are plain texts, and the
caller stores the fitted model (a JSON dict) wherever it likes. calls/taxonomy/learning/ uses it
for tags. See docs/tag-learning.md.
"""
