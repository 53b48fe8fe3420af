from django.urls import include, path

from calls import reanalysis_views
from calls.taxonomy import views as views
from calls.taxonomy.agreement import views as agreement
from calls.taxonomy.cooccurrence import views as cooccurrence_views
from calls.taxonomy.learning import views as learning_views
from calls.taxonomy.problems import views as problems_views

app_name = "taxonomy"

urlpatterns = [
    path("", views.taxonomy_index, name="index"),
    path("categories/new/", views.category_form_view, name="category-create"),
    path("categories/<int:pk>/", views.category_form_view, name="category-edit"),
    path("tags/new/", views.tag_form_view, name="tag-create"),
    path("tags/<int:pk>/", views.tag_form_view, name="tag-edit"),
    path("tags/<int:pk>/retire/", views.tag_active_view, {"active": False}, name="tag-retire"),
    path("tags/<int:pk>/activate/", views.tag_active_view, {"active": True},
         name="tag-activate"),
    path("tags/<int:tag_pk>/phrases/new/", views.phrase_form_view, name="phrase-create"),
    path("phrases/<int:pk>/", views.phrase_form_view, name="phrase-edit"),
    path("phrases/<int:pk>/delete/", views.phrase_delete_view, name="phrase-delete"),
    # Manual tags, from the call page (trainers and admins; the API does the same).
    path("calls/<int:call_pk>/tags/", views.call_tag_add_view, name="call-tag-add"),
    path("calls/<int:call_pk>/tags/<slug:code>/remove/", views.call_tag_remove_view,
         name="call-tag-remove"),
    path("try/", views.phrase_try_view, name="try"),
    path("reanalyse/", reanalysis_views.reanalysis_start_view,
         {"target": views.TAGS_REANALYSIS}, name="reanalyse"),
    path("reanalyse/status/", reanalysis_views.reanalysis_status_view,
         {"target": views.TAGS_REANALYSIS}, name="reanalyse-status"),
    # The monthly review (calls/taxonomy/review/).
    path("", include("calls.taxonomy.review.urls")),
    # Agreement of the annotators and of the tag sources (calls/taxonomy/agreement/, issue 17)
    path("agreement/", agreement.agreement_page, name="agreement"),
    path("agreement/calls/", agreement.agreement_calls, name="agreement-calls"),
    # Tags learned from people's labels (calls/taxonomy/learning/).
    path("learning/", learning_views.learned_models_view, name="learning"),
    path("learning/<slug:code>/enable/", learning_views.learned_model_enable_view,
         {"enabled": True}, name="learning-enable"),
    path("learning/<slug:code>/disable/", learning_views.learned_model_enable_view,
         {"enabled": False}, name="learning-disable"),
    # Annotation campaigns (calls/taxonomy/annotation/, docs/annotation.md).
    path("annotation/", include("calls.taxonomy.annotation.urls")),
    # Top problems and co-occurrence (managers, trainers, admins): docs/top-problems.md,
    # docs/cooccurrence.md.
    path("problems/", problems_views.top_problems_page, name="problems"),
    path("problems/moments/", problems_views.problem_moments, name="problem-moments"),
    path("cooccurrence/", cooccurrence_views.cooccurrence_page, name="cooccurrence"),
]
