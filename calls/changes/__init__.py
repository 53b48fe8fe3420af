"""Did a change help: before and after, with effect sizes and tests (issue 19 §4)."""
