"""Surveys (Umfragen) of the ministry to the regions (docs/steering.md, "Umfragen")."""
