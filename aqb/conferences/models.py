"""Conferences (Tagungen) and good-practice entries (docs/steering.md, "Tagungen")."""
