"""The demo set: Russian dialogs we write, synthesize and load so `make run` has real calls."""
