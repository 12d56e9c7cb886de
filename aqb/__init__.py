"""AQB platform: Ausbildungs- und Qualifizierungsbudget Hessen."""
