"""The weekly case review: five cases from the week's calls for the team's five-minute meeting."""
