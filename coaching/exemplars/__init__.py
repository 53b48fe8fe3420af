"""The exemplar library: moments of skills done well, kept by trainers, playable."""
