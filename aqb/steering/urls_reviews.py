"""/steuerung/besprechungen/: the autumn review meetings (Umsetzungsbesprechung)."""

urlpatterns: list = []
