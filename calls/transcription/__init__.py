"""Offline speech recognition of call recordings with faster-whisper."""
