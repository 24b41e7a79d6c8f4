from django.urls import path

from powertriangle.cycles.views import (
    actions,
    attendance,
    diagram,
    factors,
    links,
    review,
    stage,
    votes,
)

app_name = "cycles"
urlpatterns = [
    path("projects/<int:pk>/cycles/start", stage.cycle_start_view, name="start"),
    path("cycles/<int:pk>/", stage.cycle_detail, name="detail"),
    path("cycles/<int:pk>/advance", stage.cycle_advance_view, name="advance"),
    path("cycles/<int:pk>/attendance", attendance.attendance_view, name="attendance"),
    path("cycles/<int:pk>/factors/add", factors.factor_create_view, name="factor_create"),
    path(
        "cycles/<int:pk>/factors/<int:factor_pk>/hidden",
        factors.factor_hidden_view,
        name="factor_hidden",
    ),
    path("cycles/<int:pk>/links/add", links.link_create_view, name="link_create"),
    path(
        "cycles/<int:pk>/links/<int:link_pk>/hidden",
        links.link_hidden_view,
        name="link_hidden",
    ),
    path("cycles/<int:pk>/votes/cast", votes.vote_cast_view, name="vote_cast"),
    path("cycles/<int:pk>/votes/remove", votes.vote_remove_view, name="vote_remove"),
    path("cycles/<int:pk>/actions/add", actions.action_create_view, name="action_create"),
    path(
        "cycles/<int:pk>/actions/<int:action_pk>/status",
        actions.action_status_view,
        name="action_status",
    ),
    path(
        "cycles/<int:pk>/actions/<int:action_pk>/hidden",
        actions.action_hidden_view,
        name="action_hidden",
    ),
    path(
        "cycles/<int:pk>/reviews/<int:review_pk>",
        review.review_update_view,
        name="review_update",
    ),
    path("cycles/<int:pk>/triangle.svg", diagram.triangle_svg, name="triangle_svg"),
]
