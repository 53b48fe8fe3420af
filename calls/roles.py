"""What each role may do with the calls app's models, and who sees which calls."""

from __future__ import annotations

from project.roles import AnyUser, Role, has_role

# An annotator's own answers in the campaigns they are assigned to (which ones: the views check the
# assignment, calls/taxonomy/annotation/access.py); trainers and admins may be annotators too.
_ANNOTATING = {"calls.view_annotation", "calls.add_annotation", "calls.change_annotation"}

# The word cue lists (calls/voice/words/): edited by the people who listen for quality, without a
# deploy, as the scripts library; the lists themselves (one per kind) are fixed.
_CUE_EDITING = {"calls.view_cuelist", "calls.view_cue", "calls.add_cue", "calls.change_cue",
                "calls.delete_cue"}

# What a department is sent (calls/departments/): read by its members and by managers, who oversee
# the departments; the records of what was sent are never edited by hand.
_DEPARTMENT_READING = {"calls.view_department", "calls.view_departmentalert",
                       "calls.view_departmentreport"}

# Model permissions by role, as "app_label.codename"; registered in CallsConfig.ready().
PERMISSIONS: dict[Role, set[str]] = {
    Role.ANNOTATOR: set(_ANNOTATING),
    Role.OPERATOR: {"calls.view_call", "calls.view_segment"},
    # A department member opens the calls sent to the department (visible_to narrows them to
    # exactly those) and reads its alerts and reports; nothing else.
    Role.DEPARTMENT: {"calls.view_call", "calls.view_segment"} | _DEPARTMENT_READING,
    Role.TRAINER: {
        "calls.view_call",
        "calls.view_segment",
        "calls.view_operator",
        # Manual tags on the calls they listen to; only admins edit the taxonomy itself (every
        # role reads it: the taxonomy API checks roles for reads, like the calls API).
        "calls.add_calltag",
        "calls.delete_calltag",
        # Correcting what the recognizer wrote in a segment (calls/corrections/), by the same
        # people and for the same reason as manual tags: they listen for quality.
        "calls.change_segment",
    } | _CUE_EDITING | _ANNOTATING,
    Role.MANAGER: {
        "calls.view_call",
        "calls.view_segment",
        "calls.view_operator",
        "calls.view_team",
        "calls.add_call",
        "calls.change_call",
        # No manual tags: tags are the shared vocabulary every report counts, labelled by the
        # people who listen for quality (trainers) — the page and the API alike.
        # The word cues are read, to know what «раздражён» is made of (calls/voice/words/).
        "calls.view_cuelist", "calls.view_cue",
    } | _DEPARTMENT_READING,
    Role.ADMIN: {
        f"calls.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in (
            "call", "segment", "operator", "team", "line", "lineterm", "callstatuschange",
            "tagcategory", "tag", "keyphrase", "calltag", "tagevidence", "reanalysisrun",
            "learnedtagmodel", "cuelist", "cue",
        )
    } | {
        # The cues each call fired are the voice_words analyser's output: read, never edited.
        "calls.view_cuehit",
    } | {
        # The monthly taxonomy review (calls/taxonomy/review/): decided on its pages, read here.
        "calls.view_taxonomyreview",
        "calls.view_reviewsuggestion",
    } | {
        # The corrections log is a record of what people did: read, never rewritten.
        "calls.view_segmentcorrection",
        # Annotation campaigns are created and closed on their pages (sampling, blindness);
        # the admin site only reads the answers and the ties' decisions.
        "calls.view_annotationcampaign", "calls.add_annotationcampaign",
        "calls.change_annotationcampaign", "calls.delete_annotationcampaign",
        "calls.view_campaigncall", "calls.view_tieresolution",
    } | {
        # Findings move on their pages (calls/departments/findings/), each step an event; the
        # admin site reads them.
        "calls.view_finding", "calls.view_findingevent", "calls.view_findingcallback",
        "calls.view_findingreminder",
    } | {
        # Departments and the fixed alert thresholds are set by admins; what was sent (alerts,
        # reports, shared calls, e-mails) is a record, read here (resent from the department page).
        f"calls.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("department", "tagalertthreshold")
    } | {"calls.view_departmentalert", "calls.view_departmentreport", "calls.view_callshare",
         "calls.view_outgoingemail"} | _ANNOTATING,
}


def may_annotate(user: AnyUser) -> bool:
    """Who may be assigned to an annotation campaign: annotators, trainers and admins."""
    return has_role(user, Role.ANNOTATOR, Role.TRAINER, Role.ADMIN)


def sees_all_calls(user: AnyUser) -> bool:
    """Admins and trainers listen across the whole center; managers see their teams."""
    return has_role(user, Role.ADMIN, Role.TRAINER)
