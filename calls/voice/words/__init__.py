"""Word cues of the customer's mood (issue 18 §2): a sentiment lexicon and the cue lists trainers
edit (profanity, escalation, confusion, satisfaction), matched by the phrase engine with its
negation rules; exclamations and repeated questions. See docs/voice-words.md."""
