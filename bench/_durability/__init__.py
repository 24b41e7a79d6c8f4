"""The parts of bench/durability.py: seeding, the server, the writers, the check after a kill
and one run of it all."""
