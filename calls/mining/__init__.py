"""Mining recurring phrasings from calls: lemma n-grams of what people said, where and how often.

Generic: it reads segments of the given calls and speaker and knows nothing of tags or
objections. The taxonomy's monthly review (calls/taxonomy/review/) and the library's
(scripts_library/review/) share it. How n-grams are ranked: docs/taxonomy-review.md.
"""
