"""How the customer sounds and what their words say: acoustics, word cues, emotion (issue 18)."""
