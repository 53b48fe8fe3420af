import pytest
from nltk.metrics.agreement import AnnotationTask

from coaching.evaluations import services
from coaching.evaluations.agreement import kappa, session_agreement
from coaching.models.evaluations import Answer
from project.roles import Role
from tests.factories import CallFactory, CriterionFactory, ScorecardTemplateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_cohen_kappa_matches_a_hand_computation() -> None:
    # 10 items, A: 6 yes 4 no; B: 6 yes 4 no; agree on 8 (5 yes, 3 no): (0.8-0.52)/0.48.
    a = ["yes"] * 6 + ["no"] * 4
    b = ["yes"] * 5 + ["no"] + ["no"] * 3 + ["yes"]
    triples = [("a", str(i), v) for i, v in enumerate(a)] + [
        ("b", str(i), v) for i, v in enumerate(b)]
    observed = 0.8
    expected = 0.6 * 0.6 + 0.4 * 0.4
    assert kappa(triples, coders=2) == pytest.approx((observed - expected) / (1 - expected))


def test_fleiss_kappa_matches_a_hand_computation() -> None:
    # 3 raters, 4 items, categories yes/no. Items: (3,0) (2,1) (0,3) (1,2).
    rows = [("yes", "yes", "yes"), ("yes", "yes", "no"), ("no", "no", "no"), ("yes", "no", "no")]
    triples = [(str(r), str(i), v) for i, row in enumerate(rows) for r, v in enumerate(row)]
    n = 3
    p_items = [(sum(c * (c - 1) for c in counts)) / (n * (n - 1))
               for counts in ((3, 0), (2, 1), (0, 3), (1, 2))]
    p_bar = sum(p_items) / 4
    p_yes = 6 / 12
    p_e = p_yes**2 + (1 - p_yes) ** 2
    assert kappa(triples, coders=3) == pytest.approx((p_bar - p_e) / (1 - p_e))


def test_session_agreement_per_criterion_with_the_differing_calls() -> None:
    scorecard = ScorecardTemplateFactory()
    CriterionFactory(template=scorecard)
    calls = [CallFactory() for _ in range(4)]
    first, second = UserFactory(role=Role.TRAINER), UserFactory(role=Role.TRAINER)
    session = services.calibration_create(name="Калибровка", scorecard=scorecard, calls=calls,
                                          evaluators=[first, second], created_by=first)
    answers = {first: ["yes", "yes", "no", "no"], second: ["yes", "no", "no", "no"]}
    for user, given in answers.items():
        for call, answer in zip(calls, given, strict=True):
            evaluation = services.evaluation_start(call=call, scorecard=scorecard,
                                                   evaluator=user, calibration=session)
            services.score_set(score=evaluation.scores.get(), answer=Answer(answer), user=user)
            services.evaluation_submit(evaluation=evaluation, user=user)
    [result] = session_agreement(session=session)
    assert result.calls == 4
    assert result.percent == pytest.approx(75.0)
    reference = AnnotationTask(data=[(str(u.pk), str(c.pk), a) for u, given in answers.items()
                                     for c, a in zip(calls, given, strict=True)]).kappa()
    assert result.kappa == pytest.approx(reference)
    assert result.kappa == pytest.approx(0.5)
    assert result.differing == {calls[1].pk: {first.pk: "yes", second.pk: "no"}}


def test_three_evaluators_get_fleiss_kappa_from_nltk() -> None:
    scorecard = ScorecardTemplateFactory()
    CriterionFactory(template=scorecard)
    calls = [CallFactory() for _ in range(4)]
    raters = [UserFactory(role=Role.TRAINER) for _ in range(3)]
    session = services.calibration_create(name="Трое", scorecard=scorecard, calls=calls,
                                          evaluators=raters, created_by=raters[0])
    rows = [("yes", "yes", "yes"), ("yes", "yes", "no"), ("no", "no", "no"), ("yes", "no", "no")]
    for call, row in zip(calls, rows, strict=True):
        for user, answer in zip(raters, row, strict=True):
            evaluation = services.evaluation_start(call=call, scorecard=scorecard,
                                                   evaluator=user, calibration=session)
            services.score_set(score=evaluation.scores.get(), answer=Answer(answer), user=user)
            services.evaluation_submit(evaluation=evaluation, user=user)
    [result] = session_agreement(session=session)
    assert result.kappa_name == "Флейса"
    assert result.percent == pytest.approx(50.0)
    # Hand computation: P̄ = (1 + 1/3 + 1 + 1/3) / 4 = 2/3, Pe = 0.5, κ = (2/3 − 0.5) / 0.5.
    assert result.kappa == pytest.approx(1 / 3)
    assert set(result.differing) == {calls[1].pk, calls[3].pk}
