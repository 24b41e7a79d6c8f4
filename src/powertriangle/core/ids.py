"""Random primary keys for what people contribute (factors, links, actions, votes, form keys).

Sequential ids would tell the order in which things were said, and with it who said an
anonymous one (the id next to a named item, or an address in a log that saw the post). Random
ids in [2**40, 2**53) say nothing of order, stay exact as JavaScript numbers, and collide with
a probability of about n² / 2**54 (for a million rows, one in 36 million).
"""

from __future__ import annotations

import secrets

ID_MIN = 2**40
ID_MAX = 2**53


def random_id() -> int:
    return ID_MIN + secrets.randbelow(ID_MAX - ID_MIN)
