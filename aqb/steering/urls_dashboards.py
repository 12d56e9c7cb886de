"""/steuerung/: the goal-assessment dashboards, report, exports and settings."""

urlpatterns: list = []
