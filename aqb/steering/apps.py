from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "aqb.steering"
    verbose_name = "Steuerung"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from aqb.agreements.notes import notes_register
        from aqb.notifications.registry import (
            Kind,
            calendar_register,
            kind_register,
            reminder_register,
        )

        from . import reviews

        kind_register(Kind(reviews.KIND_INVITATION, "Umsetzungsbesprechung: Einladung",
                           "Einladungen, Terminänderungen, Absagen und Erinnerungen zu "
                           "Umsetzungsbesprechungen."))
        kind_register(Kind(reviews.KIND_MINUTES, "Umsetzungsbesprechung: Protokoll",
                           "Geteilte Protokolle, Anmerkungen und Bestätigungen."))
        kind_register(Kind(reviews.KIND_ACTION, "Maßnahmen aus Umsetzungsbesprechungen",
                           "Erinnerungen vor und nach dem Fälligkeitstag einer Maßnahme."))
        reminder_register(reviews.reminders)
        notes_register(reviews.agreement_notes)
        calendar_register(reviews.calendar)
