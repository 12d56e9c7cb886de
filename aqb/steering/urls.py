"""URLs of the steering app."""

urlpatterns: list = []
