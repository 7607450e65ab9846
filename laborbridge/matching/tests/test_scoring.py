"""The scorer alone: plain data in, ranked matches with reasons out (no database)."""

import dataclasses
import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from laborbridge.matching.scoring import (
    VacancyFacts,
    Weights,
    WorkerFacts,
    hard_limit,
    place_class,
    rank_vacancies,
    rank_workers,
    score,
)
from laborbridge.matching.text import words

TODAY = datetime.date(2024, 6, 1)
JINXIU, DIANBAI, MAONAN = "451324", "440904", "440902"
COOK, LINE, DOMESTIC, TEA = "中式烹调(粤菜)", "普工/流水线", "家政服务", "茶叶加工"


def worker(**fields) -> WorkerFacts:
    fields.setdefault("id", 1)
    fields.setdefault("age", 35)
    fields.setdefault("county_code", JINXIU)
    fields.setdefault("partner_codes", (DIANBAI, MAONAN))
    return WorkerFacts(**fields)


def vacancy(**fields) -> VacancyFacts:
    fields.setdefault("id", 1)
    fields.setdefault("title", "普工")
    fields.setdefault("occupation", LINE)
    fields.setdefault("place_code", DIANBAI)
    fields.setdefault("province_name", "广东省")
    fields.setdefault("pay_min", 4000)
    fields.setdefault("pay_max", 5000)
    return VacancyFacts(**fields)


RESTAURANT = vacancy(id=10, title="粤菜厨师", occupation=COOK, skills="会做粤菜", lodging=True, meals=True)
FACTORY = vacancy(id=11, title="流水线普工", occupation=LINE, pay_min=4500, pay_max=6000)
COUNTY_TEA = vacancy(
    id=12, title="茶厂工人", occupation=TEA, place_code="451324101", province_name="广西壮族自治区"
)


def test_the_worker_who_wants_to_cook_and_took_the_chef_class_gets_the_cantonese_restaurant_first():
    cook = worker(wanted_occupations=frozenset({COOK}), trained=(("粤菜师傅", frozenset({COOK})),))
    ranked = rank_vacancies(cook, [FACTORY, COUNTY_TEA, RESTAURANT], as_of=TODAY)
    assert ranked[0].vacancy_id == RESTAURANT.id
    assert "期望从事中式烹调" in ranked[0].reasons
    assert "参加过粤菜师傅培训" in ranked[0].reasons
    assert "包吃住" in ranked[0].reasons


def test_skills_text_alone_points_a_cook_to_the_kitchen():
    cook = worker(skills="在饭店做过厨师，会炒粤菜")
    ranked = rank_vacancies(cook, [FACTORY, RESTAURANT], as_of=TODAY)
    assert ranked[0].vacancy_id == RESTAURANT.id
    assert any(reason.startswith("技能特长") for reason in ranked[0].reasons)


def test_a_worker_who_must_stay_near_home_never_gets_a_guangdong_job_above_a_county_one():
    home = worker(place_classes=frozenset({"in_county"}), wanted_occupations=frozenset({COOK}))
    ranked = rank_vacancies(home, [RESTAURANT, COUNTY_TEA], as_of=TODAY)
    assert [m.vacancy_id for m in ranked] == [COUNTY_TEA.id, RESTAURANT.id]
    assert "期望县内就业" in ranked[0].reasons
    assert "不在期望的务工地域" in ranked[1].concerns


def test_a_worker_who_wants_guangdong_is_told_so():
    going = worker(place_classes=frozenset({"partner_province"}))
    match = score(going, FACTORY, as_of=TODAY)
    assert "期望广东就业" in match.reasons


def test_a_wanted_region_is_named_in_the_reasons():
    going = worker(regions=(("4409", "茂名市"),))
    assert "期望茂名就业" in score(going, FACTORY, as_of=TODAY).reasons


def test_a_vacancy_with_no_headcount_left_never_appears():
    full = dataclasses.replace(RESTAURANT, headcount_left=0)
    cook = worker(wanted_occupations=frozenset({COOK}))
    assert rank_vacancies(cook, [full, FACTORY], as_of=TODAY)[0].vacancy_id == FACTORY.id
    assert all(m.vacancy_id != full.id for m in rank_vacancies(cook, [full, FACTORY], as_of=TODAY))


def test_a_closed_vacancy_an_age_outside_the_range_and_a_worker_at_work_are_ruled_out():
    assert hard_limit(worker(), vacancy(is_open=False), as_of=TODAY) == "岗位已招满或未在招聘"
    assert hard_limit(worker(age=17), vacancy(age_min=18), as_of=TODAY) == "年龄低于岗位要求"
    assert hard_limit(worker(age=50), vacancy(age_max=45), as_of=TODAY) == "年龄超过岗位要求"
    assert hard_limit(worker(at_work=True), vacancy(), as_of=TODAY) == "目前在岗"
    later = worker(available_from=TODAY + datetime.timedelta(days=90))
    assert hard_limit(later, vacancy(), as_of=TODAY) == "尚未到可到岗日期"
    soon = worker(available_from=TODAY + datetime.timedelta(days=10))
    assert hard_limit(soon, vacancy(), as_of=TODAY) is None


def test_pay_below_the_expectation_is_a_concern_and_above_it_a_reason():
    wants = worker(pay_min=5000)
    assert "月薪4000–5000元，低于期望5000元" not in score(wants, vacancy(), as_of=TODAY).concerns
    assert "月薪4000–5000元，可达期望" in score(wants, vacancy(), as_of=TODAY).reasons
    assert (
        "月薪3000–4000元，低于期望5000元"
        in score(wants, vacancy(pay_min=3000, pay_max=4000), as_of=TODAY).concerns
    )
    assert (
        "月薪5000–6000元，达到期望" in score(wants, vacancy(pay_min=5000, pay_max=6000), as_of=TODAY).reasons
    )


def test_lodging_wanted_and_missing_is_a_concern():
    needs = worker(needs_lodging=True)
    assert "不包住" in score(needs, vacancy(), as_of=TODAY).concerns
    assert score(needs, vacancy(lodging=True), as_of=TODAY).score > score(needs, vacancy(), as_of=TODAY).score


def test_formerly_poor_and_monitored_workers_come_first_among_equals_and_the_weight_is_configurable():
    poor = worker(id=2, poverty_status="alleviated")
    monitored = worker(id=3, poverty_status="monitored")
    ordinary = worker(id=1)
    ranked = rank_workers(FACTORY, [ordinary, poor, monitored], as_of=TODAY)
    assert [m.worker_id for m in ranked] == [2, 3, 1]
    assert "脱贫劳动力优先" in ranked[0].reasons
    assert "防止返贫监测对象优先" in ranked[1].reasons
    flat = rank_workers(FACTORY, [ordinary, poor], weights=Weights(priority=0), as_of=TODAY)
    assert flat[0].score == flat[1].score


def test_a_related_trade_counts_a_little():
    cook = worker(wanted_occupations=frozenset({COOK}))
    pastry = vacancy(occupation="中式面点", title="面点师")
    assert score(cook, pastry, as_of=TODAY).score > score(cook, FACTORY, as_of=TODAY).score - 1


def test_jieba_finds_the_words_of_a_skills_text():
    assert {"粤菜", "厨师"} <= words("做过粤菜厨师")
    assert words("") == frozenset()


# --- invariants ------------------------------------------------------------------------------------------

OCCUPATIONS = [COOK, LINE, DOMESTIC, TEA, "中式面点", "保安"]
PLACES = [JINXIU, "451324101", "450100", DIANBAI, "440902", "330100"]
PLACE_CLASSES = ["in_county", "in_province", "partner_province", "other_province"]

workers = st.builds(
    worker,
    id=st.integers(1, 1000),
    age=st.integers(16, 70),
    poverty_status=st.sampled_from(["ordinary", "alleviated", "monitored"]),
    wanted_occupations=st.frozensets(st.sampled_from(OCCUPATIONS), max_size=2),
    past_occupations=st.frozensets(st.sampled_from(OCCUPATIONS), max_size=2),
    place_classes=st.frozensets(st.sampled_from(PLACE_CLASSES), max_size=2),
    pay_min=st.none() | st.integers(2000, 9000),
    needs_lodging=st.booleans(),
    at_work=st.booleans(),
    available_from=st.none() | st.dates(datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)),
)


@st.composite
def vacancies(draw, vacancy_id=None):
    low = draw(st.integers(2000, 8000))
    age_min = draw(st.none() | st.integers(16, 40))
    return vacancy(
        id=vacancy_id if vacancy_id is not None else draw(st.integers(1, 1000)),
        occupation=draw(st.sampled_from(OCCUPATIONS)),
        place_code=draw(st.sampled_from(PLACES)),
        pay_min=low,
        pay_max=low + draw(st.integers(0, 3000)),
        lodging=draw(st.booleans()),
        meals=draw(st.booleans()),
        age_min=age_min,
        age_max=draw(st.none() | st.integers(age_min or 16, 70)),
        is_open=draw(st.booleans()),
        headcount_left=draw(st.integers(-2, 5)),
        posted_on=draw(st.none() | st.dates(datetime.date(2023, 6, 1), TODAY)),
    )


@settings(max_examples=150, deadline=None)
@given(w=workers, vs=st.lists(vacancies(), max_size=12, unique_by=lambda v: v.id))
def test_no_ranked_vacancy_ever_breaks_a_hard_limit(w, vs):
    for match in rank_vacancies(w, vs, as_of=TODAY, limit=20):
        chosen = next(v for v in vs if v.id == match.vacancy_id)
        assert chosen.is_open and chosen.headcount_left > 0
        assert chosen.age_min is None or w.age >= chosen.age_min
        assert chosen.age_max is None or w.age <= chosen.age_max
        assert not w.at_work


@settings(max_examples=150, deadline=None)
@given(w=workers, v=vacancies(), raise_by=st.integers(0, 3000))
def test_more_pay_never_scores_lower(w, v, raise_by):
    better = dataclasses.replace(v, pay_min=v.pay_min + raise_by, pay_max=v.pay_max + raise_by)
    before, after = score(w, v, as_of=TODAY), score(w, better, as_of=TODAY)
    if before is not None:
        assert after.score >= before.score


@settings(max_examples=150, deadline=None)
@given(w=workers, v=vacancies())
def test_lodging_and_meals_never_score_lower(w, v):
    base = score(w, v, as_of=TODAY)
    if base is None:
        return
    assert score(w, dataclasses.replace(v, lodging=True), as_of=TODAY).score >= base.score
    assert score(w, dataclasses.replace(v, meals=True), as_of=TODAY).score >= base.score


@settings(max_examples=150, deadline=None)
@given(w=workers, v=vacancies())
def test_wanting_what_the_vacancy_offers_never_scores_lower(w, v):
    base = score(w, v, as_of=TODAY)
    if base is None:
        return
    wants_trade = dataclasses.replace(w, wanted_occupations=w.wanted_occupations | {v.occupation})
    assert score(wants_trade, v, as_of=TODAY).score >= base.score
    wants_place = dataclasses.replace(w, place_classes=w.place_classes | {place_class(w, v)})
    assert score(wants_place, v, as_of=TODAY).score >= base.score
    did_it = dataclasses.replace(w, past_occupations=w.past_occupations | {v.occupation})
    assert score(did_it, v, as_of=TODAY).score >= base.score


@settings(max_examples=150, deadline=None)
@given(w=workers, vs=st.lists(vacancies(), max_size=12, unique_by=lambda v: v.id))
def test_a_worker_who_must_stay_home_never_sees_a_job_elsewhere_above_a_county_one(w, vs):
    from laborbridge.matching.batch import rank_many

    home = dataclasses.replace(w, place_classes=frozenset({"in_county"}), regions=())
    for ranked in (
        rank_vacancies(home, vs, as_of=TODAY, limit=20),
        rank_many([home], vs, as_of=TODAY, limit=20)[home.id],
    ):
        kinds = [place_class(home, next(v for v in vs if v.id == m.vacancy_id)) for m in ranked]
        assert kinds == sorted(kinds, key=lambda kind: kind != "in_county")
