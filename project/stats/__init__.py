"""The product's statistics, in one place: intervals, tests, agreement coefficients, effect sizes.

Every app imports its statistics from here (the library's metrics, coaching's cycles and
calibration, the taxonomy's agreement, co-occurrence and trends), and each function is checked in
`tests/project/stats/` against a reference library on the same data.
"""
