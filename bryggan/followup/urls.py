from django.urls import path

from bryggan.followup import views

app_name = "followup"
V = "uppfoljning/instrument/<slug:slug>/v/<str:label>"
P = "uppfoljning/<slug:slug>"
urlpatterns = [
    path("uppfoljning/", views.index, name="index"),
    path("uppfoljning/logg/", views.audit_log, name="audit"),
    path("uppfoljning/instrument/", views.instrument_list, name="instruments"),
    path("uppfoljning/instrument/nytt/", views.instrument_create, name="instrument_create"),
    path("uppfoljning/instrument/<slug:slug>/", views.instrument_detail, name="instrument"),
    path(
        "uppfoljning/instrument/<slug:slug>/andra/", views.instrument_edit, name="instrument_edit"
    ),
    path(
        "uppfoljning/instrument/<slug:slug>/ny-version/",
        views.version_create,
        name="version_create",
    ),
    path(f"{V}/", views.version_detail, name="version"),
    path(f"{V}/datadictionary.csv", views.version_dictionary, name="version_dictionary"),
    path(f"{V}/importera/", views.version_import, name="version_import"),
    path(f"{V}/fragor/ny/", views.item_edit, name="item_create"),
    path(f"{V}/fragor/<int:pk>/", views.item_edit, name="item_edit"),
    path(f"{V}/fragor/<int:pk>/ta-bort/", views.item_delete, name="item_delete"),
    path(f"{V}/delskalor/ny/", views.subscale_edit, name="subscale_create"),
    path(f"{V}/delskalor/<int:pk>/", views.subscale_edit, name="subscale_edit"),
    path("uppfoljning/planer/ny/", views.plan_create, name="plan_create"),
    path(f"{P}/", views.plan_detail, name="plan"),
    path(f"{P}/andra/", views.plan_edit, name="plan_edit"),
    path(f"{P}/enheter/", views.unit_add, name="unit_add"),
    path(f"{P}/enheter/<str:code>/ta-bort/", views.unit_remove, name="unit_remove"),
    path(f"{P}/tillfallen/ny/", views.occasion_edit, name="occasion_create"),
    path(f"{P}/tillfallen/<slug:key>/", views.occasion_edit, name="occasion_edit"),
    path(f"{P}/behorighet/", views.grant_add, name="grant_add"),
    path(f"{P}/behorighet/<int:pk>/ta-bort/", views.grant_remove, name="grant_remove"),
    path(f"{P}/enhet/<str:code>/", views.unit_detail, name="unit"),
    path(f"{P}/enhet/<str:code>/koder/", views.subjects_create, name="subjects_create"),
    path(f"{P}/enhet/<str:code>/import/", views.import_upload, name="import_upload"),
    path(f"{P}/deltagare/<str:code>/", views.subject_detail, name="subject"),
    path(
        f"{P}/deltagare/<str:code>/<slug:key>/<int:version_pk>/",
        views.measurement_entry,
        name="entry",
    ),
    path(
        f"{P}/deltagare/<str:code>/<slug:key>/<int:version_pk>/ta-bort/",
        views.measurement_delete,
        name="entry_delete",
    ),
    path(f"{P}/import/<int:pk>/", views.import_detail, name="import"),
    path(f"{P}/import/<int:pk>/starta/", views.import_start, name="import_start"),
    path(f"{P}/import/<int:pk>/avbryt/", views.import_discard, name="import_discard"),
    path(
        f"{P}/mall/<slug:key>/<int:version_pk>.csv", views.import_template, name="import_template"
    ),
    path(f"{P}/rapport/", views.report, name="report"),
    path(f"{P}/jamforelse/", views.comparison, name="comparison"),
    path(f"{P}/export/", views.export, name="export"),
    path(f"{P}/export/<int:pk>/", views.export_detail, name="export_detail"),
    path(f"{P}/export/<int:pk>/fil/", views.export_download, name="export_download"),
    path(f"{P}/logg/", views.audit_log, name="plan_audit"),
]
