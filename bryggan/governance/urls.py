from django.urls import path

from bryggan.governance import views

app_name = "governance"
urlpatterns = [
    # Partnerships, their parties, priority areas, base funding and agreements.
    path("samverkan/", views.partnership_list, name="partnerships"),
    path("samverkan/<slug:slug>/", views.partnership_detail, name="partnership"),
    path("samverkan/<slug:slug>/parter/ny/", views.party_edit, name="party_add"),
    path("samverkan/<slug:slug>/parter/<int:pk>/", views.party_edit, name="party_edit"),
    path("samverkan/<slug:slug>/omraden/", views.areas_edit, name="areas_edit"),
    path("samverkan/<slug:slug>/basfinansiering/", views.funding, name="funding"),
    path("samverkan/<slug:slug>/avtal/nytt/", views.agreement_edit, name="agreement_create"),
    path("samverkan/<slug:slug>/organ/nytt/", views.body_create, name="body_create"),
    # Governance: agreements, bodies, meetings, decisions and actions.
    path("styrning/", views.governance_index, name="index"),
    path("styrning/beslut/", views.decisions, name="decisions"),
    path("styrning/beslut/<int:pk>/", views.decision_detail, name="decision"),
    path("styrning/beslut/<int:pk>/andra/", views.decision_edit, name="decision_edit"),
    path("styrning/avtal/<int:pk>/", views.agreement_detail, name="agreement"),
    path("styrning/avtal/<int:pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path("styrning/avtal/<int:pk>/dokument/", views.agreement_document, name="agreement_document"),
    path("styrning/organ/<slug:slug>/", views.body_detail, name="body"),
    path("styrning/organ/<slug:slug>/andra/", views.body_edit, name="body_edit"),
    path("styrning/organ/<slug:slug>/ombilda/", views.body_transform, name="body_transform"),
    path("styrning/organ/<slug:slug>/arkiv/", views.body_archive, name="body_archive"),
    path("styrning/organ/<slug:slug>/ta-bort/", views.body_delete, name="body_delete"),
    path("styrning/organ/<slug:slug>/beslut/", views.body_decisions, name="body_decisions"),
    path("styrning/organ/<slug:slug>/kalender.ics", views.body_feed, name="body_feed"),
    path("styrning/organ/<slug:slug>/medlemmar/", views.membership_add, name="membership_add"),
    path(
        "styrning/organ/<slug:slug>/medlemmar/<int:pk>/",
        views.membership_edit,
        name="membership_edit",
    ),
    path("styrning/organ/<slug:slug>/moten/nytt/", views.meeting_create, name="meeting_create"),
    path("styrning/moten/<int:pk>/", views.meeting_detail, name="meeting"),
    path("styrning/moten/<int:pk>/kalender.ics", views.meeting_feed, name="meeting_feed"),
    path("styrning/moten/<int:pk>/andra/", views.meeting_edit, name="meeting_edit"),
    path("styrning/moten/<int:pk>/stall-in/", views.meeting_cancel, name="meeting_cancel"),
    path("styrning/moten/<int:pk>/dagordning/", views.agenda_add, name="agenda_add"),
    path(
        "styrning/moten/<int:pk>/dagordning/<int:item>/ta-bort/",
        views.agenda_remove,
        name="agenda_remove",
    ),
    path("styrning/moten/<int:pk>/protokoll/", views.minutes_edit, name="minutes"),
    path("styrning/moten/<int:pk>/beslut/", views.decision_add, name="decision_add"),
    path("styrning/moten/<int:pk>/atgarder/", views.action_add, name="action_add"),
    path("styrning/moten/<int:pk>/dokument/", views.document_add, name="document_add"),
    path("styrning/atgarder/<int:pk>/", views.action_update, name="action_update"),
    path("styrning/dokument/<int:pk>/", views.document_download, name="document"),
]
