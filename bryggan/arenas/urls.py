from django.urls import path

from bryggan.arenas import views

app_name = "arenas"
urlpatterns = [
    path("arenor/", views.upcoming, name="upcoming"),
    path("arenor/tidigare/", views.past, name="past"),
    path("arenor/manad/", views.month, name="month"),
    path("arenor/manad/<int:year>/<int:month>/", views.month, name="month_of"),
    path("arenor/mina/", views.mine, name="mine"),
    path("arenor/mina/kalenderlank/", views.calendar_token, name="calendar_token"),
    path("arenor/mina-grupper/", views.my_groups, name="my_groups"),
    path("arenor/kalender.ics", views.public_feed, name="public_feed"),
    path("arenor/kalender/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("arenor/ny/", views.event_create, name="event_create"),
    path("arenor/<int:pk>/", views.event_detail, name="event"),
    path("arenor/<int:pk>/kalender.ics", views.event_feed, name="event_feed"),
    path("arenor/<int:pk>/andra/", views.event_edit, name="event_edit"),
    path("arenor/<int:pk>/stall-in/", views.event_cancel, name="event_cancel"),
    path("arenor/<int:pk>/anmalan/", views.register, name="register"),
    path("arenor/<int:pk>/avanmalan/", views.unregister, name="unregister"),
    path("arenor/<int:pk>/narvaro/", views.attendance, name="attendance"),
    path("arenor/<int:pk>/protokoll/", views.minutes, name="minutes"),
    path("arenor/<int:pk>/lardomar/", views.takeaway_add, name="takeaway_add"),
    path("arenor/<int:pk>/atgarder/", views.action_add, name="action_add"),
    path("arenor/<int:pk>/material/", views.material_add, name="material_add"),
    path("arenor/atgarder/<int:pk>/", views.action_update, name="action_update"),
    path("arenor/grupper/", views.series_list, name="series_list"),
    path("arenor/grupper/ny/", views.series_create, name="series_create"),
    path("arenor/grupper/<slug:slug>/", views.series_detail, name="series"),
    path("arenor/grupper/<slug:slug>/kalender.ics", views.series_feed, name="series_feed"),
    path("arenor/grupper/<slug:slug>/andra/", views.series_edit, name="series_edit"),
    path(
        "arenor/grupper/<slug:slug>/tillfallen/", views.sessions_generate, name="sessions_generate"
    ),
    path("arenor/grupper/<slug:slug>/medlemmar/", views.membership_add, name="membership_add"),
    path(
        "arenor/grupper/<slug:slug>/medlemmar/<slug:person>/ta-bort/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("arenor/grupper/<slug:slug>/lasning/", views.reading_add, name="reading_add"),
    path("arenor/grupper/<slug:slug>/fall/", views.case_add, name="case_add"),
]
