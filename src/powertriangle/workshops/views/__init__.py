"""Workshop pages: joining, the participant's phone, the coach's controls and the presenter."""
