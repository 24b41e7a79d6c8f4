"""The power triangle of co-production as plain Python: no Django import here.

Dimensions, polarity, levels, cycle stages and their transitions, the metrics of
DESIGN.md §4 and the catalogue format. Everything in this package works on plain
data so that it can be unit tested in milliseconds and reused by every entry point.
"""
