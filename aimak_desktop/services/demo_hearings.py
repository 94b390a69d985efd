"""Demo hearings, feedback and surveys: two years, proportions as in DOMAIN.md.

Two hearings a year (execution report in January-March, draft budget in June-August) with named
and tallied participants (women ~35-42%, youth ~20-30%), speakers and proposals with responses;
~150 feedback entries (most resolved, median ~8 days, a few overdue); water and waste surveys.
Dates are relative to today so the demo always looks current; the rest follows `ctx.rng`.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from sqlalchemy import select

from aimak_desktop.models.feedback import (
    FeedbackChannel,
    FeedbackEntry,
    FeedbackKind,
    FeedbackStatus,
    FeedbackUpdate,
    QuestionKind,
    Questionnaire,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from aimak_desktop.models.hearings import (
    AgeGroup,
    BudgetLine,
    Hearing,
    HearingKind,
    HearingStatus,
    Participant,
    ParticipantRole,
    Proposal,
    ProposalStatus,
    ProposalUpdate,
    Speaker,
    Tally,
)
from aimak_desktop.models.register import Gender
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.demo import DemoContext, person_name
from aimak_desktop.services.write_path import write

_REVENUE = (
    ("Теңдештирүүчү грант", 0.42),
    ("Жергиликтүү кирешелер (салыктар)", 0.33),
    ("Атайын эсеп", 0.15),
    ("Жайыт үчүн төлөм", 0.10),
)
_EXPENSE = (
    ("Ичүүчү суу менен камсыздоо", "water", 0.24),
    ("Таштанды чыгаруу", "waste", 0.12),
    ("Маданият үйү жана спорт", None, 0.14),
    ("Көчө жарыгы", None, 0.10),
    ("Аппараттын кармалышы", None, 0.28),
    ("Сугат жана жайыт", "irrigation", 0.12),
)
_PROPOSALS = (
    ("Бузулган суу түтүктөрүн алмаштыруу", "water"),
    ("Таштанды чыгаруу графигин жумасына эки жолу кылуу", "waste"),
    ("Мектептин жанына көчө жарыгын орнотуу", None),
    ("Балдар аянтчасын куруу", None),
    ("Жайыт жолун оңдоо", "irrigation"),
    ("Үйлөргө суу эсептегичтерди коюу", "water"),
    ("Жаштар үчүн спорт секцияларын ачуу", None),
    ("Маданият үйүнүн чатырын оңдоо", None),
    ("Таштанды контейнерлерин көбөйтүү", "waste"),
    ("Көпүрөнү бекемдөө", None),
)
_SPEAKERS = (
    ("Айыл өкмөтүнүн башчысы", "Бюджеттин долбоору жана былтыркы аткарылышы тууралуу баяндама."),
    ("Финансы-экономика бөлүмү", "Кирешелер жана чыгашалар боюнча түшүндүрмө."),
    ("Тургун", "Суу түтүктөрү эскирди, жайында суу жетишпейт."),
    ("Аялдар кеңеши", "Балдар бакчасына жана мектепке көңүл буруу керек."),
    ("Жаштар уюму", "Спорт аянтчасы жана жарык маселеси."),
)
_FEEDBACK_TEXT = {
    FeedbackKind.COMPLAINT: (
        "Суу үч күндөн бери жок",
        "Таштанды бир жумадан бери алынган жок",
        "Кранда суунун басымы начар",
        "Эсеп туура эмес чыгарылды",
    ),
    FeedbackKind.SUGGESTION: (
        "Суу графигин алдын ала жарыялап туруңуздар",
        "Көчөгө контейнер коюу керек",
        "Төлөмдү телефон аркылуу кабыл алыңыздар",
    ),
    FeedbackKind.GRATITUDE: ("Түтүк тез оңдолду, рахмат", "Таштанды өз убагында алынды"),
    FeedbackKind.QUESTION: ("Тариф качан өзгөрөт?", "Эсептегичти кантип коюуга болот?"),
}
_SURVEY = (
    ("Кызматтын сапаты кандай?", QuestionKind.SCORE),
    ("Кызмат үзгүлтүксүз көрсөтүлөбү?", QuestionKind.SCORE),
    ("Даттанууга тез жооп беришеби?", QuestionKind.SCORE),
    ("Тариф адилеттүүбү?", QuestionKind.SCORE),
    ("Төлөмдү өз убагында төлөйсүзбү?", QuestionKind.YES_NO),
)


def _service_ids(ctx: DemoContext) -> dict[str, uuid.UUID]:
    from aimak_desktop.models import catalog

    service = getattr(catalog, "Service", None)
    if service is None:
        return {}
    return dict(ctx.session.execute(select(service.code, service.id)).all())


def _day(rng: random.Random, year: int, months: tuple[int, int]) -> dt.date:
    month = rng.randint(*months)
    return dt.date(year, month, rng.randint(3, 26))


def demo_step(ctx: DemoContext) -> None:
    """Add two years of hearings, feedback and surveys."""
    rng = ctx.rng
    services = _service_ids(ctx)
    today = dt.date.today()
    villages = [v["id"] for v in ctx.villages if "id" in v]
    dates: list[tuple[str, dt.date]] = []
    for year in (today.year - 2, today.year - 1):
        dates.append((HearingKind.EXECUTION_REPORT.value, _day(rng, year, (1, 3))))
        dates.append((HearingKind.DRAFT_BUDGET.value, _day(rng, year, (6, 8))))
    for kind, day in dates:
        _hearing(ctx, rng, kind, day, villages, services, held=True)
    upcoming = today + dt.timedelta(days=rng.randint(20, 40))
    _hearing(ctx, rng, HearingKind.DRAFT_BUDGET.value, upcoming, villages, services, held=False)
    _feedback(ctx, rng, today, villages, services)
    for code in ("water", "waste"):
        _survey(ctx, rng, today, villages, services.get(code), code)


def _hearing(
    ctx: DemoContext,
    rng: random.Random,
    kind: str,
    day: dt.date,
    villages: list[uuid.UUID],
    services: dict[str, uuid.UUID],
    *,
    held: bool,
) -> None:
    year = day.year + 1 if kind == HearingKind.DRAFT_BUDGET else day.year - 1
    title = (
        f"{year}-жылдын жергиликтүү бюджетинин долбоору"
        if kind == HearingKind.DRAFT_BUDGET
        else f"{year}-жылдын бюджетинин аткарылышы тууралуу отчет"
    )
    hearing = Hearing(
        kind=kind,
        year=year,
        held_on=day,
        start_time=rng.choice(("10:00", "11:00", "14:00")),
        place="Маданият үйү, чоң зал",
        village_ids=",".join(str(v) for v in villages),
        organiser="Айыл өкмөтү жана айылдык кеңештин бюджеттик комиссиясы",
        calling_act=f"Айыл өкмөтүнүн башчысынын {rng.randint(10, 60)}-буйругу, "
        f"{(day - dt.timedelta(days=21)).strftime('%d.%m.%Y')}",
        draft_title=title,
        status=(
            rng.choice((HearingStatus.MINUTES_SIGNED, HearingStatus.RESPONSES_PUBLISHED)).value
            if held
            else HearingStatus.PLANNED.value
        ),
        chair_name="Осмонов Бакыт Асанович",
        secretary_name="Сыдыкова Нургүл",
        recommendations=(
            "Элдин сунуштарын бюджеттин долбооруна киргизүү; суу түтүктөрүн оңдоого каражат "
            "кароо; кийинки угууга жаштарды жана аялдарды көбүрөөк тартуу."
            if held
            else ""
        ),
        decisions=(
            "Бюджеттин долбоору жактырылсын жана айылдык кеңешке сунушталсын. "
            "Сунуштарга жооптор 30 күндүн ичинде жарыялансын."
            if held
            else ""
        ),
    )
    with write(ctx.session, SYSTEM, "demo.hearing", title) as unit:
        ctx.session.add(hearing)
        ctx.session.flush()
        total = rng.randint(9_000_000_00, 16_000_000_00)
        lines = [
            {
                "hearing_id": hearing.id,
                "direction": "revenue",
                "name": name,
                "service_id": None,
                "planned": round(total * share / 100) * 100,
                "position": i,
                "archived_at": None,
            }
            for i, (name, share) in enumerate(_REVENUE, start=1)
        ] + [
            {
                "hearing_id": hearing.id,
                "direction": "expense",
                "name": name,
                "service_id": services.get(code) if code else None,
                "planned": round(total * share / 100) * 100,
                "position": 10 + i,
                "archived_at": None,
            }
            for i, (name, code, share) in enumerate(_EXPENSE, start=1)
        ]
        unit.insert_rows(BudgetLine, lines)
        if not held:
            return
        women_share = rng.uniform(0.36, 0.41)
        youth_share = rng.uniform(0.20, 0.27)
        people = []
        named = rng.randint(45, 90)
        # Exact shares (then shuffled), so every hearing lands in the realistic range.
        genders = [Gender.FEMALE] * round(named * women_share)
        genders += [Gender.MALE] * (named - len(genders))
        ages = [AgeGroup.YOUTH] * round(named * youth_share)
        ages += [AgeGroup.SENIOR] * round(named * 0.2)
        ages += [AgeGroup.ADULT] * (named - len(ages))
        rng.shuffle(genders)
        rng.shuffle(ages)
        for gender, age in zip(genders, ages, strict=True):
            role = rng.choices(list(ParticipantRole), weights=(80, 6, 8, 6))[0]
            flags = rng.choice(("", "", "", "", "", "pensioner", "low_income", "disability"))
            if flags == "pensioner" and age != AgeGroup.SENIOR:
                flags = ""
            people.append(
                {
                    "hearing_id": hearing.id,
                    "full_name": person_name(rng, gender),
                    "gender": gender.value,
                    "age_group": age.value,
                    "village_id": rng.choice(villages) if villages else None,
                    "role": role.value,
                    "flags": flags,
                }
            )
        unit.insert_rows(Participant, people)
        counted = rng.randint(40, 110)
        counts = {f"{prefix}_{age.value}": 0 for prefix in ("women", "men") for age in AgeGroup}
        women = round(counted * women_share)
        for prefix, n in (("women", women), ("men", counted - women)):
            youth, senior = round(n * youth_share), round(n * 0.2)
            counts[f"{prefix}_youth"], counts[f"{prefix}_senior"] = youth, senior
            counts[f"{prefix}_adult"] = n - youth - senior
        unit.insert_rows(
            Tally,
            [
                {
                    "hearing_id": hearing.id,
                    "village_id": villages[-1] if villages else None,
                    "note": "Залдын арткы бөлүгү (саналды)",
                    "archived_at": None,
                    **counts,
                }
            ],
        )
        speakers = rng.sample(_SPEAKERS, k=rng.randint(3, 5))
        unit.insert_rows(
            Speaker,
            [
                {
                    "hearing_id": hearing.id,
                    "position": i,
                    "full_name": person_name(rng, rng.choice(list(Gender))),
                    "affiliation": who,
                    "summary": text,
                    "archived_at": None,
                }
                for i, (who, text) in enumerate(speakers, start=1)
            ],
        )
        attended = len(people) + counted
        chosen = rng.sample(_PROPOSALS, k=rng.randint(4, 7))
        rows: list[dict[str, Any]] = []
        for number, (text, code) in enumerate(chosen, start=1):
            rows.append(
                {
                    "hearing_id": hearing.id,
                    "number": number,
                    "text": text,
                    "author": person_name(rng, rng.choice(list(Gender)))
                    if rng.random() < 0.7
                    else "",
                    "service_id": services.get(code) if code else None,
                    "budget_line_id": None,
                }
            )
        unit.insert_rows(Proposal, rows)
        updates = []
        for rank, row in enumerate(rows, start=1):
            votes_for = rng.randint(attended // 3, attended * 2 // 3)
            against = rng.randint(0, (attended - votes_for) // 3)
            abstain = rng.randint(0, (attended - votes_for - against) // 3)
            status = rng.choices(
                [
                    ProposalStatus.INCLUDED,
                    ProposalStatus.ACCEPTED,
                    ProposalStatus.REJECTED,
                    ProposalStatus.IMPLEMENTED,
                ],
                weights=(40, 25, 15, 20),
            )[0]
            progress = (
                100
                if status == ProposalStatus.IMPLEMENTED
                else (rng.choice((0, 30, 60)) if status == ProposalStatus.INCLUDED else 0)
            )
            response = {
                ProposalStatus.INCLUDED: "Бюджетке киргизилди.",
                ProposalStatus.ACCEPTED: "Кабыл алынды, каржылоо булагы изделүүдө.",
                ProposalStatus.REJECTED: "Бул жылы каражат жетишсиз.",
                ProposalStatus.IMPLEMENTED: "Аткарылды.",
            }[status]
            updates.append(
                {
                    "proposal_id": row["id"],
                    "votes_for": votes_for,
                    "votes_against": against,
                    "votes_abstain": abstain,
                    "priority": rank,
                    "status": status.value,
                    "progress": progress,
                    "response": response,
                    "response_date": min(
                        day + dt.timedelta(days=rng.randint(20, 45)), dt.date.today()
                    ),
                }
            )
        unit.insert_rows(ProposalUpdate, updates)


def _feedback(
    ctx: DemoContext,
    rng: random.Random,
    today: dt.date,
    villages: list[uuid.UUID],
    services: dict[str, uuid.UUID],
) -> None:
    entries: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    service_codes = [c for c in ("water", "waste", "irrigation") if c in services]
    for _ in range(rng.randint(140, 160)):
        received = today - dt.timedelta(days=rng.randint(0, 729))
        kind = rng.choices(list(FeedbackKind), weights=(50, 22, 13, 15))[0]
        gender = rng.choice((Gender.FEMALE, Gender.FEMALE, Gender.MALE, Gender.MALE, None))
        anonymous = rng.random() < 0.15
        entry: dict[str, Any] = {
            "kind": kind.value,
            "channel": rng.choices(list(FeedbackChannel), weights=(35, 25, 10, 15, 10, 5))[0].value,
            "service_id": services[rng.choice(service_codes)]
            if service_codes and rng.random() < 0.85
            else None,
            "village_id": rng.choice(villages) if villages else None,
            "citizen_name": "" if anonymous else person_name(rng, gender or Gender.MALE),
            "citizen_contact": "",
            "gender": None if anonymous else (gender.value if gender else None),
            "text": rng.choice(_FEEDBACK_TEXT[kind]),
            "received_on": received,
            "due_on": received + dt.timedelta(days=14),
            "created_at": dt.datetime.combine(received, dt.time(4, 0)),
        }
        entries.append(entry)
    with write(ctx.session, SYSTEM, "demo.feedback", f"{len(entries)} entries") as unit:
        unit.insert_rows(FeedbackEntry, entries)
        for entry in entries:
            received = entry["received_on"]
            # Rows carry the time each step happened, so past months read like real history.
            at = dt.datetime.combine(received, dt.time(4, 0))
            updates.append(
                {
                    "entry_id": entry["id"],
                    "status": "new",
                    "response": "",
                    "response_date": None,
                    "created_at": at,
                }
            )
            age = (today - received).days
            days = min(max(1, round(rng.lognormvariate(2.05, 0.55))), 40)
            roll = rng.random()
            if roll < 0.06 or days > age:
                status = rng.choice((FeedbackStatus.NEW, FeedbackStatus.IN_PROGRESS))
                if status == FeedbackStatus.IN_PROGRESS:
                    updates.append(
                        {
                            "entry_id": entry["id"],
                            "status": status.value,
                            "response": "Текшерилүүдө",
                            "response_date": None,
                            "created_at": at + dt.timedelta(days=min(1, age)),
                        }
                    )
                continue
            status = FeedbackStatus.REJECTED if roll > 0.93 else FeedbackStatus.RESOLVED
            updates.append(
                {
                    "entry_id": entry["id"],
                    "status": status.value,
                    "response": "Маселе чечилди."
                    if status == FeedbackStatus.RESOLVED
                    else "Айыл өкмөтүнүн ыйгарым укугуна кирбейт.",
                    "response_date": received + dt.timedelta(days=days),
                    "created_at": at + dt.timedelta(days=days),
                }
            )
        unit.insert_rows(FeedbackUpdate, updates)


def _survey(
    ctx: DemoContext,
    rng: random.Random,
    today: dt.date,
    villages: list[uuid.UUID],
    service_id: uuid.UUID | None,
    code: str,
) -> None:
    title = {"water": "Ичүүчү суу кызматына канааттануу", "waste": "Таштанды чыгаруу кызматы"}
    bias = {"water": 0.0, "waste": 0.4}[code]
    with write(ctx.session, SYSTEM, "demo.survey", title[code]) as unit:
        form = {"service_id": service_id, "title": title[code], "archived_at": None}
        unit.insert_rows(Questionnaire, [form])
        questions = [
            {
                "questionnaire_id": form["id"],
                "position": i,
                "text": text,
                "kind": kind.value,
                "archived_at": None,
            }
            for i, (text, kind) in enumerate(_SURVEY, start=1)
        ]
        unit.insert_rows(SurveyQuestion, questions)
        village_mood = {v: rng.uniform(-0.8, 0.6) for v in villages}
        responses: list[dict[str, Any]] = []
        answers: list[dict[str, Any]] = []
        for _ in range(rng.randint(70, 110)):
            village = rng.choice(villages) if villages else None
            response = {
                "questionnaire_id": form["id"],
                "village_id": village,
                "gender": rng.choice(("f", "m", "f", "m", None)),
                "answered_on": today - dt.timedelta(days=rng.randint(30, 400)),
            }
            responses.append(response)
            mood = village_mood.get(village, 0.0) + bias if village else bias
            for q in questions:
                if rng.random() < 0.05:
                    continue  # left blank on paper
                if q["kind"] == QuestionKind.YES_NO:
                    value = int(rng.random() < 0.7)
                else:
                    value = max(1, min(5, round(rng.gauss(3.3 + mood, 1.0))))
                answers.append({"response": response, "question_id": q["id"], "value": value})
        unit.insert_rows(SurveyResponse, responses)
        unit.insert_rows(
            SurveyAnswer,
            [
                {
                    "response_id": a["response"]["id"],
                    "question_id": a["question_id"],
                    "value": a["value"],
                }
                for a in answers
            ],
        )
