"""A realistic demo city, seeded by `flask demo`."""
