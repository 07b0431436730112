"""Penalty handbook browsing (no Flask): the catalogue page's topic groups, pages and topic index."""
