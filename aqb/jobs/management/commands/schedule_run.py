"""`aqb schedule_run`: enqueue the due periodic tasks once (for a systemd timer or cron
instead of the worker's own minute tick; both together are safe)."""

from django.core.management.base import BaseCommand

from aqb.jobs.services import schedule_tick


class Command(BaseCommand):
    help = "Fällige geplante Aufgaben (AQB_SCHEDULE) einmal einreihen."

    def handle(self, *args, **options):
        for path in schedule_tick():
            self.stdout.write(f"eingereiht: {path}")
