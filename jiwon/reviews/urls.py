from django.urls import path

from jiwon.reviews import (
    views_appeals,
    views_assignment,
    views_conflicts,
    views_pool,
    views_scoring,
    views_selection,
)

app_name = "reviews"
urlpatterns = [
    # Evaluators (reviews.score)
    path("my/", views_scoring.my_assignments, name="mine"),
    path("my/<int:pk>/", views_scoring.assignment_detail, name="assignment"),
    path("my/<int:pk>/recuse/", views_conflicts.recuse, name="recuse"),
    # Applicants: challenge (기피) an evaluator of their application's programme
    path("applications/<int:pk>/challenge/", views_conflicts.challenge, name="challenge"),
    # Staff (reviews.manage): pool, committees, rubrics, assignment
    path("staff/", views_pool.staff_index, name="staff_index"),
    path("staff/evaluators/", views_pool.evaluator_list, name="evaluators"),
    path("staff/evaluators/new/", views_pool.evaluator_create, name="evaluator_create"),
    path("staff/evaluators/<int:pk>/", views_pool.evaluator_edit, name="evaluator"),
    path(
        "staff/evaluators/<int:pk>/relationships/",
        views_pool.relationship_add,
        name="relationship_add",
    ),
    path(
        "staff/relationships/<int:pk>/remove/",
        views_pool.relationship_remove,
        name="relationship_remove",
    ),
    path("staff/programs/<int:program_pk>/", views_pool.program_committees, name="program"),
    path(
        "staff/programs/<int:program_pk>/rubrics/<slug:stage>/",
        views_scoring.rubric_edit,
        name="rubric",
    ),
    path("staff/committees/<int:pk>/", views_pool.committee_detail, name="committee"),
    path("staff/committees/<int:pk>/members/", views_pool.member_add, name="member_add"),
    path("staff/members/<int:pk>/remove/", views_pool.member_remove, name="member_remove"),
    path(
        "staff/committees/<int:pk>/feasibility/",
        views_assignment.feasibility,
        name="feasibility",
    ),
    path("staff/committees/<int:pk>/assign/", views_assignment.assign, name="assign"),
    path(
        "staff/committees/<int:pk>/assignments/add/",
        views_assignment.assignment_add,
        name="assignment_add",
    ),
    path(
        "staff/assignments/<int:pk>/remove/",
        views_assignment.assignment_remove,
        name="assignment_remove",
    ),
    path(
        "staff/conflicts/<int:pk>/decide/",
        views_conflicts.conflict_decision,
        name="conflict_decide",
    ),
]

# Selection and appeals: staff (reviews.manage) and applicants (portal.enter)
urlpatterns += [
    path("selection/", views_selection.selection_index, name="selection_index"),
    path(
        "selection/programs/<int:program_pk>/",
        views_selection.program_selection,
        name="selection_program",
    ),
    path(
        "selection/programs/<int:program_pk>/config/",
        views_selection.config_edit,
        name="selection_config",
    ),
    path(
        "selection/programs/<int:program_pk>/bonuses/",
        views_selection.adjustments,
        name="selection_adjustments",
    ),
    path(
        "selection/applications/<int:application_pk>/bonus/",
        views_selection.adjustment_edit,
        name="selection_adjustment",
    ),
    path(
        "selection/programs/<int:program_pk>/appeals/",
        views_appeals.appeals,
        name="selection_appeals",
    ),
    path("selection/appeals/<int:pk>/", views_appeals.appeal_detail, name="selection_appeal"),
    path(
        "selection/committees/<int:committee_pk>/ranking/",
        views_selection.ranking,
        name="selection_ranking",
    ),
    path(
        "selection/committees/<int:committee_pk>/ranking/compute/",
        views_selection.compute,
        name="selection_compute",
    ),
    path(
        "selection/results/<int:result_pk>/tie/",
        views_selection.resolve_tie,
        name="selection_tie",
    ),
    path(
        "selection/runs/<int:run_pk>/confirm/",
        views_selection.confirm,
        name="selection_confirm",
    ),
    path(
        "selection/runs/<int:run_pk>/publish/",
        views_selection.publish,
        name="selection_publish",
    ),
    path("results/", views_selection.my_results, name="results_mine"),
    path("results/<int:application_pk>/", views_selection.result_detail, name="result_detail"),
    path(
        "results/<int:application_pk>/appeals/<int:result_pk>/",
        views_appeals.lodge_appeal,
        name="result_appeal",
    ),
]
