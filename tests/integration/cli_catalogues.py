"""A catalogue file with three problems, each on a known line (8: a duplicate key, 9: an unknown
dimension, 16: a text without Swedish), for the command tests."""

BROKEN = """\
catalogue: ours
factors:
  - key: res-one
    dimension: resources
    polarity: barrier
    text: {en: "One", sv: "Ett"}
    source: "workshop"
  - key: res-one
    dimension: power
    polarity: barrier
    text: {en: "Two", sv: "Två"}
    source: "workshop"
  - key: ctx-three
    dimension: contexts
    polarity: enabler
    text: {en: "Three"}
    source: "workshop"
"""
