"""People correct what the recognizer wrote in a segment (docs/corrections.md).

`services` corrects and restores a segment and carries corrections over a new transcription,
`words` keeps a corrected segment's word timings consistent with its text, `vocabulary` learns
from the corrections which words the recognizer mishears on a line, and `accuracy` measures the
recognizer against the corrected segments.
"""
