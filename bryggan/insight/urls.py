from django.urls import path, register_converter

from bryggan.insight import views


class PartConverter:
    """The two kinds of scope in insight URLs: a partnership or an organisation."""

    regex = "samverkan|organisationer"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PartConverter, "part")

app_name = "insight"
urlpatterns = [
    path("insikt/", views.index, name="index"),
    path("insikt/samverkan/<slug:slug>/", views.partnership_dashboard, name="partnership"),
    path("insikt/organisationer/<slug:slug>/", views.organisation_dashboard, name="organisation"),
    path(
        "insikt/<part:part>/<slug:slug>/underlag/<str:key>/", views.figure_records, name="records"
    ),
    path(
        "insikt/<part:part>/<slug:slug>/karta/<str:kind>/<slug:area>/",
        views.gap_cell,
        name="gap_cell",
    ),
    path("insikt/<part:part>/<slug:slug>/tratt/<str:key>/", views.funnel_records, name="funnel"),
    path("insikt/<part:part>/<slug:slug>/kretslopp/", views.chains, name="chains"),
    path("insikt/kretslopp/<str:key>/<int:pk>/", views.timeline, name="timeline"),
    path("verksamhetsberattelser/", views.report_list, name="reports"),
    path("verksamhetsberattelser/ny/", views.report_create, name="report_create"),
    path("verksamhetsberattelser/<slug:slug>/<int:year>/", views.report_detail, name="report"),
    path(
        "verksamhetsberattelser/<slug:slug>/<int:year>/<str:language>.pdf",
        views.report_pdf_view,
        name="report_pdf",
    ),
    path(
        "verksamhetsberattelser/<slug:slug>/<int:year>/siffror.csv",
        views.report_csv,
        name="report_csv",
    ),
    path(
        "verksamhetsberattelser/<slug:slug>/<int:year>/siffror.json",
        views.report_json,
        name="report_json",
    ),
    path(
        "verksamhetsberattelser/<slug:slug>/<int:year>/redigera/",
        views.report_edit,
        name="report_edit",
    ),
    path(
        "verksamhetsberattelser/<slug:slug>/<int:year>/publicera/",
        views.report_publish,
        name="report_publish",
    ),
    path(
        "verksamhetsberattelser/<slug:slug>/<int:year>/hojdpunkter/",
        views.highlight_add,
        name="highlight_add",
    ),
    path(
        "verksamhetsberattelser/<slug:slug>/<int:year>/hojdpunkter/<int:pk>/ta-bort/",
        views.highlight_remove,
        name="highlight_remove",
    ),
    path("verksamhetsplaner/ny/", views.plan_create, name="plan_create"),
    path("verksamhetsplaner/<slug:slug>/<int:year>/", views.plan_detail, name="plan"),
    path("verksamhetsplaner/<slug:slug>/<int:year>/andra/", views.plan_edit, name="plan_edit"),
    path(
        "verksamhetsplaner/<slug:slug>/<int:year>/aktiviteter/<int:pk>/",
        views.planned_item_change,
        name="item_change",
    ),
    path(
        "verksamhetsplaner/<slug:slug>/<int:year>/mal/<int:pk>/",
        views.goal_change,
        name="goal_change",
    ),
    path("oppna-data/", views.open_data, name="open_data"),
    path("oppna-data/siffror.csv", views.open_data_csv, name="open_data_csv"),
    path("oppna-data/siffror.json", views.open_data_json, name="open_data_json"),
    path("oppna-data/datapackage.json", views.datapackage, name="datapackage"),
]
