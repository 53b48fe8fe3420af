from django.urls import path

from calls.api import taxonomy_views, views
from calls.corrections import api as corrections
from calls.taxonomy.agreement.api import AgreementApi
from calls.taxonomy.annotation import api as annotation
from calls.taxonomy.cooccurrence.api import CooccurrenceApi
from calls.taxonomy.problems.api import TopProblemsApi

urlpatterns = [
    path("calls/", views.CallListCreateApi.as_view(), name="api-calls"),
    path("calls/<int:pk>/", views.CallDetailApi.as_view(), name="api-call-detail"),
    path("calls/<int:pk>/retry/", views.CallRetryApi.as_view(), name="api-call-retry"),
    # A person's correction of a segment (calls/corrections/, issue 16)
    path("calls/<int:pk>/segments/<int:index>/", corrections.SegmentApi.as_view(),
         name="api-call-segment"),
    path("calls/<int:pk>/segments/<int:index>/correction/",
         corrections.SegmentCorrectionApi.as_view(), name="api-call-segment-correction"),
    # Taxonomy and call tags (issue 3)
    path("tag-categories/", taxonomy_views.TagCategoryListApi.as_view(),
         name="api-tag-categories"),
    path("tag-categories/<int:pk>/", taxonomy_views.TagCategoryDetailApi.as_view(),
         name="api-tag-category-detail"),
    path("tags/", taxonomy_views.TagListApi.as_view(), name="api-tags"),
    path("tags/<slug:code>/", taxonomy_views.TagDetailApi.as_view(), name="api-tag-detail"),
    path("phrases/", taxonomy_views.PhraseListApi.as_view(), name="api-phrases"),
    path("phrases/<int:pk>/", taxonomy_views.PhraseDetailApi.as_view(),
         name="api-phrase-detail"),
    # Agreement of the annotators and of the tag sources (docs/agreement.md, issue 17)
    path("taxonomy/agreement/", AgreementApi.as_view(), name="api-taxonomy-agreement"),
    path("calls/<int:pk>/tags/", taxonomy_views.CallTagsApi.as_view(), name="api-call-tags"),
    path("calls/<int:pk>/tags/<slug:code>/", taxonomy_views.CallTagDeleteApi.as_view(),
         name="api-call-tag-delete"),
    # Annotation campaigns (calls/taxonomy/annotation/, issue 17)
    path("taxonomy/annotation/campaigns/", annotation.CampaignListApi.as_view(),
         name="api-annotation-campaigns"),
    path("taxonomy/annotation/campaigns/<int:pk>/", annotation.CampaignDetailApi.as_view(),
         name="api-annotation-campaign"),
    path("taxonomy/annotation/campaigns/<int:pk>/close/", annotation.CampaignCloseApi.as_view(),
         name="api-annotation-campaign-close"),
    path("taxonomy/annotation/campaigns/<int:pk>/apply/", annotation.CampaignApplyApi.as_view(),
         name="api-annotation-campaign-apply"),
    path("taxonomy/annotation/campaigns/<int:pk>/calls/<int:call_pk>/tie/",
         annotation.CampaignTieApi.as_view(), name="api-annotation-tie"),
    path("taxonomy/annotation/items/", annotation.ItemListApi.as_view(),
         name="api-annotation-items"),
    path("taxonomy/annotation/campaigns/<int:pk>/items/<int:call_pk>/",
         annotation.ItemApi.as_view(), name="api-annotation-item"),
    # Top problems and co-occurrence (issue 17): docs/top-problems.md, docs/cooccurrence.md.
    path("taxonomy/top-problems/", TopProblemsApi.as_view(), name="api-top-problems"),
    path("taxonomy/cooccurrence/", CooccurrenceApi.as_view(), name="api-cooccurrence"),
]
