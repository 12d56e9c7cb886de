from django.urls import path

from . import views, views_settling, views_worklists

urlpatterns = [
    path("", views.application_index, name="index"),
    path("arbeitsliste/", views_worklists.authority_worklist, name="worklist"),
    path("arbeitsliste/export/<slug:section>.<str:fmt>", views_worklists.authority_worklist_export,
         name="worklist_export"),
    path("<str:ags>/aufgaben/", views_worklists.region_tasks, name="region_tasks"),
    path("<str:ags>/aufgaben/export/<slug:section>.<str:fmt>",
         views_worklists.region_tasks_export, name="region_tasks_export"),
    path("<str:ags>/neu/", views.application_create, name="create"),
    path("antraege/<int:pk>/", views.application_detail, name="detail"),
    path("antraege/<int:pk>/bearbeiten/", views.application_edit, name="edit"),
    path("antraege/<int:pk>/einreichen/", views.application_submit, name="submit"),
    path("antraege/<int:pk>/zurueckziehen/", views.application_withdraw, name="withdraw"),
    path("antraege/<int:pk>/antworten/", views.query_answer, name="answer"),
    path("antraege/<int:pk>/anlagen/neu/", views.attachment_add, name="attach"),
    path("anlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("antraege/<int:pk>/pruefen/", views.application_review, name="review"),
    path("antraege/<int:pk>/inhaltlich/", views.sign_content, name="sign_content"),
    path("antraege/<int:pk>/rechnerisch/", views.sign_arithmetic, name="sign_arithmetic"),
    path("antraege/<int:pk>/nachforderung/", views.application_query, name="query"),
    path("antraege/<int:pk>/bewilligungsreif/", views.application_ready, name="ready"),
    path("antraege/<int:pk>/ablehnen/", views.application_reject, name="reject"),
    # settlement and refund (issue 9, item 6)
    path("bescheide/<int:pk>/abrechnung/", views_settling.settle, name="settle"),
    path("abrechnungen/<int:pk>/", views_settling.settlement_detail, name="settlement"),
    path("erstattungen/", views_settling.refund_index, name="refunds"),
    path("erstattungen/<int:pk>/", views_settling.refund_detail, name="refund"),
    path("erstattungen/<int:pk>/zahlung/", views_settling.refund_payment,
         name="refund_payment"),
    path("erstattungen/<int:pk>/stundung/", views_settling.refund_defer, name="refund_defer"),
    path("basiszinssaetze/", views_settling.base_rates, name="base_rates"),
]

# proof of use (Zwischen- und Verwendungsnachweis; docs/funding.md)
from . import views_proofs  # noqa: E402

urlpatterns += [
    path("bescheide/<int:pk>/nachweise/", views_proofs.proof_index, name="proof_list"),
    path("bescheide/<int:pk>/nachweise/neu/", views_proofs.proof_create, name="proof_create"),
    path("nachweise/<int:pk>/", views_proofs.proof_detail, name="proof_detail"),
    path("nachweise/<int:pk>/korrigieren/", views_proofs.proof_edit, name="proof_edit"),
    path("nachweise/<int:pk>/rueckfrage/", views_proofs.proof_query, name="proof_query"),
    path("nachweise/<int:pk>/ohne-beanstandung/", views_proofs.proof_accept,
         name="proof_accept"),
    path("nachweise/<int:pk>/rueckforderung/", views_proofs.proof_refund, name="proof_refund"),
]

# Payment requests (Mittelabruf) and the ledger (Haushaltsüberwachung): views_payments.py
from . import views_payments  # noqa: E402

urlpatterns += [
    path("bescheide/<int:pk>/mittelabrufe/", views_payments.notice_payments, name="payments"),
    path("mittelabrufe/<int:pk>/", views_payments.payment_detail, name="payment"),
    path("mittelabrufe/<int:pk>/zurueckziehen/", views_payments.payment_withdraw,
         name="payment_withdraw"),
    path("mittelabrufe/<int:pk>/anweisen/", views_payments.payment_release,
         name="payment_release"),
    path("mittelabrufe/<int:pk>/ablehnen/", views_payments.payment_refuse,
         name="payment_refuse"),
    path("mittelabrufe/<int:pk>/auszahlen/", views_payments.payment_pay, name="payment_pay"),
    path("haushalt/<int:year>/", views_payments.ledger_state, name="ledger"),
    path("haushalt/<int:year>/<str:ags>/", views_payments.ledger_region, name="ledger_region"),
]

# Passing money on to providers (Weiterleitung) and their expense reports.
from . import views_passon  # noqa: E402

urlpatterns += [
    path("weiterleitung/", views_passon.passon_index, name="passon_index"),
    path("bescheide/<int:pk>/weiterleitungen/", views_passon.notice_passons, name="passons"),
    path("bescheide/<int:pk>/weiterleitungen/neu/", views_passon.passon_create,
         name="passon_create"),
    path("weiterleitungen/<int:pk>/", views_passon.passon_detail, name="passon"),
    path("ausgabenberichte/<int:pk>/", views_passon.report_detail, name="report"),
    path("ausgabenberichte/<int:pk>/entfernen/", views_passon.report_line_remove,
         name="report_remove"),
    path("ausgabenberichte/<int:pk>/einreichen/", views_passon.report_submit,
         name="report_submit"),
    path("ausgabenberichte/<int:pk>/hochladen/", views_passon.report_upload,
         name="report_upload"),
    path("ausgabenberichte/<int:pk>/pruefen/", views_passon.report_review,
         name="report_review"),
]

# the grant notice (views_notice.py)
from . import views_notice  # noqa: E402

urlpatterns += [
    path("antraege/<int:pk>/bescheid/", views_notice.notice_issue, name="notice_issue"),
    path("bescheide/<int:pk>/", views_notice.notice_detail, name="notice_detail"),
    path("bescheide/<int:pk>/aendern/", views_notice.notice_amend, name="notice_amend"),
    path("bescheide/<int:pk>/bestandskraft/", views_notice.notice_legal_force,
         name="notice_legal_force"),
    path("bescheide/<int:pk>/verzicht/", views_notice.notice_waive, name="notice_waive"),
    path("bescheide/<int:pk>/fassung-<int:version>.<str:fmt>", views_notice.notice_document,
         name="notice_document"),
    path("bescheide/<int:pk>/erstattungsbescheid.<str:fmt>", views_notice.refund_document,
         name="refund_document"),
]
