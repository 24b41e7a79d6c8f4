from django.urls import path

from powertriangle.workshops.views import coach, join, phone, present

app_name = "workshops"
urlpatterns = [
    # Participants: no account; the cookie is scoped to /w/<id>/.
    path("join", join.join_code, name="join_code"),
    path("w/<int:pk>/", phone.phone, name="phone"),
    path("w/<int:pk>/join", join.join_submit, name="join_submit"),
    path("w/<int:pk>/board", phone.phone_board, name="phone_board"),
    path("w/<int:pk>/factor", phone.factor_add, name="factor_add"),
    path("w/<int:pk>/link", phone.link_add, name="link_add"),
    path("w/<int:pk>/action", phone.action_add, name="action_add"),
    path("w/<int:pk>/vote", phone.vote_add, name="vote_add"),
    path("w/<int:pk>/events", phone.phone_events, name="phone_events"),
    path("w/<str:token>", join.join_token, name="join_token"),
    # The coach.
    path("workshops/new/<int:cycle_pk>", coach.workshop_new, name="new"),
    path("workshops/<int:pk>/", coach.workshop_manage, name="manage"),
    path("workshops/<int:pk>/anonymity", coach.workshop_anonymity, name="anonymity"),
    path("workshops/<int:pk>/open", coach.workshop_open_view, name="open"),
    path("workshops/<int:pk>/close", coach.workshop_close_view, name="close"),
    path("workshops/<int:pk>/timer", coach.workshop_timer_view, name="timer"),
    path("workshops/<int:pk>/advance", coach.workshop_advance_view, name="advance"),
    path(
        "workshops/<int:pk>/factors/<int:factor_pk>/hidden",
        coach.factor_hidden_view,
        name="factor_hidden",
    ),
    path(
        "workshops/<int:pk>/links/<int:link_pk>/hidden",
        coach.link_hidden_view,
        name="link_hidden",
    ),
    path(
        "workshops/<int:pk>/actions/<int:action_pk>/hidden",
        coach.action_hidden_view,
        name="action_hidden",
    ),
    path("workshops/<int:pk>/present", present.present, name="present"),
    path("workshops/<int:pk>/present/events", present.present_events, name="present_events"),
    path("workshops/<int:pk>/present/<slug:part>", present.present_fragment, name="present_part"),
]
