from django.core.management.base import BaseCommand

from aqb.notifications import services


class Command(BaseCommand):
    help = ("Tägliche Zusammenfassungen per E-Mail verschicken (und sofortige E-Mails, die "
            "zuvor nicht zugestellt werden konnten).")

    def handle(self, *args, **options):
        retried = services.email_send_due()
        sent = services.digest_send()
        self.stdout.write(f"{sent} Zusammenfassung(en) verschickt, {retried} E-Mail(s) "
                          "nachgesendet.")
