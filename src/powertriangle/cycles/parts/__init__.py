"""The read model of a cycle, one part per module: what a screen shows, as typed dataclasses
built by one function each from selectors (never from a request).

- `stage`: the header, the track, the stage's purpose and the dimension hints;
- `factors`: the visible factors, the dimension panels and their items;
- `links`, `actions` (actions, reviews, dots left): their items;
- `voices`: who said it, one label for every screen;
- `figure`: the triangle's geometry, as the SVG template draws it;
- `metrics` (with `words`): the §4 figures as rows of plain sentences;
- `page`: the cycle page and its htmx fragments, a composition of the parts above.

The workshop's presenter and phones, the API and the coming reports compose the same parts."""
