"""Synthetic councils at scale, for load and query-plan work: the builders behind `seed_scale`.

Each council is drawn from its own `random.Random(f"{seed}:{index}")`, so council 7 is the same
whether it was built in a run of 10 or of 100, and a later run can add councils 11–100 to it.
What has happened by `as_of` (attendance, minutes, issue steps) is drawn from a second stream,
so the names, dates, members and texts depend on the seed alone (auto_now timestamps, such as a
comment's updated_at, are the time of the run).

Rows go in with `bulk_create`, which skips save() and its signals, so django-simple-history writes
no history for them: fine for synthetic data, and it keeps the history tables from doubling the
size of the load. Many-to-many links go in through their through model for the same reason.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from council import wareki
from council.models import (
    DEFAULT_FUNCTIONS,
    Attendance,
    Body,
    BodyYear,
    Council,
    DocumentStatus,
    FiscalYear,
    HubFunction,
    Meeting,
    MeetingItem,
    Membership,
    Organization,
    Person,
    search_text,
)
from hubs.models import HubPlan, HubSetup, HubType
from subcommittees.models import (
    ActionPlan,
    ActionPlanRow,
    ActivityPolicy,
    IssueEvent,
    IssueStatus,
    RegionalIssue,
    ReviewComment,
    ReviewSheet,
    StatusReport,
)

# Rows per INSERT. Django lowers it further where the backend needs to (SQLite's limit on query
# parameters, see DatabaseOperations.bulk_batch_size), so one value serves both databases.
BATCH_SIZE = 2000

ORGANIZATIONS = 300
PERSONS = 800
MEETINGS_PER_YEAR = 8
MEMBER_TURNOVER = 0.2  # share of a body's members replaced from one year to the next

SLUG_FORMAT = "scale-{:03d}"

# --- word lists ---------------------------------------------------------------------------------

SURNAMES = [
    ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"),
    ("伊藤", "いとう"), ("渡辺", "わたなべ"), ("山本", "やまもと"), ("中村", "なかむら"),
    ("小林", "こばやし"), ("加藤", "かとう"), ("吉田", "よしだ"), ("山田", "やまだ"),
    ("佐々木", "ささき"), ("山口", "やまぐち"), ("松本", "まつもと"), ("井上", "いのうえ"),
    ("木村", "きむら"), ("林", "はやし"), ("斎藤", "さいとう"), ("清水", "しみず"),
    ("山崎", "やまざき"), ("森", "もり"), ("池田", "いけだ"), ("橋本", "はしもと"),
    ("阿部", "あべ"), ("石川", "いしかわ"), ("山下", "やました"), ("中島", "なかじま"),
    ("石井", "いしい"), ("小川", "おがわ"), ("前田", "まえだ"), ("岡田", "おかだ"),
    ("長谷川", "はせがわ"), ("藤田", "ふじた"), ("後藤", "ごとう"), ("近藤", "こんどう"),
    ("村上", "むらかみ"), ("遠藤", "えんどう"), ("青木", "あおき"), ("坂本", "さかもと"),
    ("今井", "いまい"), ("五十嵐", "いがらし"), ("星野", "ほしの"), ("小野", "おの"),
    ("丸山", "まるやま"), ("布川", "ぬのかわ"), ("西巻", "にしまき"), ("稲川", "いながわ"),
]  # fmt: skip
GIVEN_NAMES = [
    ("健一", "けんいち"), ("誠", "まこと"), ("大輔", "だいすけ"), ("直樹", "なおき"),
    ("浩", "ひろし"), ("翔太", "しょうた"), ("拓也", "たくや"), ("和也", "かずや"),
    ("修", "おさむ"), ("隆", "たかし"), ("哲也", "てつや"), ("剛", "つよし"),
    ("亮", "りょう"), ("悠斗", "ゆうと"), ("茂", "しげる"), ("学", "まなぶ"),
    ("実", "みのる"), ("聡", "さとし"), ("明美", "あけみ"), ("恵子", "けいこ"),
    ("裕子", "ゆうこ"), ("真由美", "まゆみ"), ("陽子", "ようこ"), ("智子", "ともこ"),
    ("美穂", "みほ"), ("由美", "ゆみ"), ("直美", "なおみ"), ("久美子", "くみこ"),
    ("綾", "あや"), ("愛", "あい"), ("麻衣", "まい"), ("千尋", "ちひろ"),
    ("香織", "かおり"), ("幸子", "さちこ"), ("理恵", "りえ"), ("舞", "まい"),
]  # fmt: skip
PLACE_HEADS = "北南東西新大高長本若白青松桜川山石緑朝富"
PLACE_TAILS = "川野田浜崎原沢岡里島森宮丘瀬津谷江尾見平"
ORG_PARTS = [
    "あさひ", "みどり", "さくら", "ひかり", "こもれび", "つばさ", "ふかさわ", "かしわ", "やまびこ",
    "なごみ", "すみれ", "あおば", "ゆうき", "ひまわり", "はばたき", "かがやき", "そよかぜ",
    "ほほえみ", "のぞみ", "たんぽぽ", "いずみ", "わかば", "こすもす", "せせらぎ", "おおぞら",
    "北町", "中央", "駅前", "東山", "西浜",
]  # fmt: skip
C = Organization.Category
# (name template, category, possible consultation layers)
ORG_KINDS: list[tuple[str, str, str]] = [
    ("相談支援センター{}", C.CONSULTATION, "12"),
    ("相談支援事業所{}", C.CONSULTATION, "12"),
    ("就労継続支援B型事業所{}", C.SERVICE, ""),
    ("就労継続支援A型事業所{}", C.SERVICE, ""),
    ("就労移行支援事業所{}", C.SERVICE, ""),
    ("生活介護事業所{}", C.SERVICE, ""),
    ("グループホーム{}", C.SERVICE, ""),
    ("短期入所事業所{}", C.SERVICE, ""),
    ("居宅介護事業所{}", C.SERVICE, ""),
    ("放課後等デイサービス{}", C.SERVICE, ""),
    ("児童発達支援センター{}", C.SERVICE, ""),
    ("地域活動支援センター{}", C.SERVICE, ""),
    ("{}クリニック", C.HEALTH, ""),
    ("{}病院", C.HEALTH, ""),
    ("訪問看護ステーション{}", C.HEALTH, ""),
    ("{}学園", C.EDUCATION, ""),
    ("障がい者就業・生活支援センター{}", C.EMPLOYMENT, ""),
    ("成年後見センター{}", C.ADVOCACY, ""),
    ("{}家族会", C.SELF_ADVOCACY, ""),
    ("当事者の会{}", C.SELF_ADVOCACY, ""),
    ("{}地区民生委員児童委員協議会", C.OTHER, ""),
    ("{}地域包括支援センター", C.OTHER, ""),
]
# Every council has these; their staff form the secretariat. "{}" is the municipality.
FIXED_ORGS: list[tuple[str, str, str]] = [
    ("{}福祉課", C.GOVERNMENT, ""),
    ("{}障害福祉課", C.GOVERNMENT, ""),
    ("{}障害者基幹相談支援センター", C.CONSULTATION, "3"),
]
OTHER_FIXED_ORGS: list[tuple[str, str, str]] = [
    ("{}子ども家庭課", C.GOVERNMENT, ""),
    ("{}商工労働課", C.GOVERNMENT, ""),
    ("{}健康づくり課", C.GOVERNMENT, ""),
    ("{}社会福祉協議会", C.OTHER, ""),
    ("{}公共職業安定所", C.EMPLOYMENT, ""),
    ("{}保健所", C.HEALTH, ""),
]
POSTS = [
    "管理者", "相談支援専門員", "サービス管理責任者", "施設長", "所長", "係長", "主任", "主査",
    "課長補佐", "生活支援員", "就労支援員", "看護師", "精神保健福祉士", "社会福祉士", "教諭",
    "代表",
]  # fmt: skip

K = Body.Kind
SUBCOMMITTEES: list[tuple[str, str, str]] = [  # (name, short name, theme)
    ("相談支援部会", "", "相談支援体制の充実"),
    ("地域づくり部会", "", "地域生活支援拠点等の整備"),
    ("就労部会", "", "就労支援と職場定着"),
    ("こども部会", "", "障害児支援と切れ目のない支援"),
    ("地域移行部会", "", "入所施設・病院からの地域移行"),
    ("権利擁護部会", "", "虐待防止と意思決定支援"),
    ("精神保健福祉部会", "精神部会", "精神障害のある人の地域生活"),
    ("住まい部会", "", "グループホーム等の住まいの確保"),
    ("医療的ケア部会", "医ケア部会", "医療的ケア児者の支援"),
    ("当事者部会", "", "当事者の声を施策に届ける"),
    ("人材育成部会", "", "支援人材の確保と育成"),
    ("防災部会", "", "災害時の要配慮者支援"),
    ("移動支援部会", "", "移動と外出の支援"),
    ("余暇活動部会", "", "余暇とスポーツ・文化活動"),
    ("発達支援部会", "", "発達障害のある人への支援"),
    ("高齢障害者部会", "", "65歳到達時の介護保険との連携"),
    ("教育連携部会", "", "教育と福祉の連携"),
    ("日中活動部会", "", "日中活動の場の充実"),
    ("情報保障部会", "", "情報保障とコミュニケーション支援"),
    ("どこでだれと暮らしたいか部会", "どこだれ部会", "本人が望む暮らしの実現"),
]
SUBCOMMITTEE_COUNT = 14  # the first two above always, twelve of the others
HUB_OWNER = "地域づくり部会"
WORKING_GROUPS = [
    ("研修企画ワーキング", "研修の企画と運営"),
    ("ガイドブック作成ワーキング", "支援者向けガイドブックの作成"),
    ("緊急時対応ワーキング", "緊急時の受け入れ体制"),
    ("事例検討ワーキング", "困難事例の検討"),
    ("防災マニュアルワーキング", "福祉避難所と個別避難計画"),
    ("ピアサポートワーキング", "ピアサポーターの養成"),
]
WORKING_GROUP_COUNT = 3
FORUM = ("精神障害にも対応した地域包括ケアシステム協議の場", "協議の場", "精神障害者の地域生活")

CHAIR_ROLE = {
    K.PLENARY: Membership.Role.CHAIR,
    K.STEERING: Membership.Role.CHAIR,
    K.SUBCOMMITTEE: Membership.Role.SUBCOMMITTEE_CHAIR,
    K.WORKING: Membership.Role.LEADER,
    K.FORUM: Membership.Role.CHAIR,
}

FIRST_ITEMS = ["今年度の活動方針（案）について", "委員の自己紹介と所属機関の近況報告"]
LAST_ITEMS = ["振り返り・評価シートの作成について", "次年度の活動方針について"]
ITEMS = [
    "{theme}に関する現状と課題の共有",
    "地域課題の整理と優先順位づけ",
    "アクションプランの進捗確認",
    "関係機関へのアンケート結果の報告",
    "研修会の企画について",
    "先進地の取組の紹介",
    "運営会議からの伝達事項",
    "当事者・家族からの意見聴取",
    "社会資源マップの更新について",
    "障害福祉計画の進捗状況の報告",
    "検討状況報告書の作成について",
    "{theme}についての意見交換",
]
CLOSED_ITEM = "事例検討（個人情報を含むため非公開）"
COUNCIL_ITEMS = [
    "各部会からの活動報告",
    "障害福祉計画・障害児福祉計画の進捗状況",
    "地域生活支援拠点等の運用状況の検証",
    "地域課題の共有と部会への付託",
    "提言（案）について",
]
PLACES = [
    "市役所本庁舎 大会議室",
    "市役所 第2会議室",
    "福祉センター 研修室",
    "総合支援センター 会議室",
]
START_TIMES = [datetime.time(10, 0), datetime.time(13, 30), datetime.time(14, 0),
               datetime.time(15, 0), datetime.time(18, 30)]  # fmt: skip
COMMENTS = [
    "現場の生の声が聞けて、課題が具体的に見えてきた。",
    "他機関の取組を知ることができ、連携のきっかけになった。",
    "検討に時間がかかり、具体的な成果までは届かなかった。",
    "当事者の参加があり、議論の方向が明確になった。",
    "アクションプランに落とし込めたのがよかった。",
    "オンライン参加ができて出席しやすくなった。",
    "次年度は行政との協議をもっと進めたい。",
    "事例検討を通じて地域の社会資源の不足を実感した。",
    "研修会の参加者が多く、関心の高さを感じた。",
    "部会員の入れ替わりがあり、引き継ぎに課題が残った。",
    "課題の整理はできたが、提言にまとめるには準備が必要。",
    "事業所間の顔の見える関係が広がった。",
]
ISSUE_TITLES = [
    "精神障害のある人が地域で暮らし続けるための支援が不足している",
    "医療的ケア児の短期入所先が少ない",
    "緊急時に受け入れる場が確保されていない",
    "グループホームの空きが少なく待機者が多い",
    "一般就労後の定着支援が途切れやすい",
    "相談支援専門員が不足し負担が偏っている",
    "65歳到達時の介護保険への移行が円滑でない",
    "災害時の個別避難計画の作成が進まない",
    "移動手段がなく日中活動の場に通えない",
    "発達障害の診断までの待機期間が長い",
    "ひきこもり状態にある人への支援機関の連携が不足している",
    "障害のある人の余暇活動の場が少ない",
    "入所施設からの地域移行が進まない",
    "強度行動障害のある人を支える事業所が少ない",
    "学齢期から成人期への移行期に支援が途切れる",
    "親亡き後の暮らしへの不安が大きい",
    "意思決定支援の考え方が事業所に浸透していない",
    "虐待の早期発見と通報の仕組みが周知されていない",
    "手話通訳・要約筆記の担い手が不足している",
    "障害者雇用を進める企業への支援が不足している",
    "地域住民の障害理解が進んでいない",
    "入院時のコミュニケーション支援がない",
]
ISSUE_ORIGINS = [
    "個別支援会議から",
    "相談支援事業所の報告から",
    "当事者アンケートから",
    "事業所連絡会から",
]
ISSUE_NOTES = {
    IssueStatus.RAISED: "{origin}抽出された。",
    IssueStatus.STUDYING: "現状把握と要因の分析を行った。",
    IssueStatus.ACTING: "アクションプランを作成し、取組を始めた。",
    IssueStatus.PROPOSED: "市へ提言として提出した。",
    IssueStatus.CLOSED: "市の施策に反映されたため、取扱いを終了した。",
}
NEXT_STATUS = {
    IssueStatus.RAISED: [IssueStatus.STUDYING],
    IssueStatus.STUDYING: [IssueStatus.ACTING],
    IssueStatus.ACTING: [IssueStatus.PROPOSED, IssueStatus.CLOSED],
    IssueStatus.PROPOSED: [IssueStatus.CLOSED],
}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PLAN_TARGETS = ["事業所", "当事者・家族", "市", "地域住民", "学校・企業"]
PLAN_ACTIONS = [
    "部会が研修会を開く",
    "基幹相談支援センターが相談窓口の一覧を作り配布する",
    "部会長が市へ現状を報告し協議する",
    "部会員が事例を集めて共有する",
]
PAST_PROGRESS = ["done", "done", "in_progress"]
CURRENT_PROGRESS = ["not_started", "in_progress"]
HUB_STATUSES = list(HubPlan.Status.values)  # not_started → studying → developing → done


def stream(*key: object) -> random.Random:
    """A seeded generator of its own: synthetic data must be reproducible, not unpredictable."""
    return random.Random(":".join(map(str, key)))  # noqa: S311  # nosec B311


def municipality(seed: int, index: int) -> str:
    """A made-up 〇〇市, distinct for the first 380 councils of a seed."""
    names = [f"{h}{t}市" for h in PLACE_HEADS for t in PLACE_TAILS if h != t]
    stream(seed).shuffle(names)
    name = names[(index - 1) % len(names)]
    rounds = (index - 1) // len(names)
    return f"{name}（{rounds + 1}）" if rounds else name


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def workflow(status: str, at: datetime.datetime) -> dict[str, object]:
    """A document's status fields; a draft has never been moved."""
    return {"status": status, "status_changed_at": None if status == DocumentStatus.DRAFT else at}


@dataclass
class Roster:
    """One body's members in one year, as indexes into the council's persons."""

    members: list[tuple[int, str]]  # (person index, Membership.Role), in display order

    def without_secretariat(self) -> list[int]:
        return [p for p, role in self.members if role != Membership.Role.SECRETARIAT]


class CouncilBuilder:
    """Builds and inserts one council; call it inside a transaction. `counts`: rows per model."""

    fiscal_years: list[FiscalYear]
    bodies: list[Body]
    subcommittees: list[int]  # indexes into bodies
    body_years: dict[tuple[int, int], BodyYear]  # (body index, year index)
    persons: list[Person]
    person_org: list[int]  # each person's index into the organisations
    rosters: dict[tuple[int, int], Roster]
    meetings: dict[tuple[int, int], list[Meeting]]
    issue_years: dict[tuple[int, int], list[RegionalIssue]]  # issues with a step that year

    def __init__(
        self, *, seed: int, index: int, start_year: int, years: int, as_of: datetime.date
    ) -> None:
        self.seed = seed
        self.index = index
        self.years = list(range(start_year, start_year + years))
        self.as_of = as_of
        self.rng = stream(seed, index)
        # Draws that depend on what has happened by `as_of` use their own stream, so that moving
        # `as_of` leaves every other value (names, dates, members, texts) as it was.
        self.past_rng = stream(seed, index, "past")
        self.counts: Counter[str] = Counter()

    def insert(self, model: type[models.Model], objs: Sequence[models.Model]) -> None:
        # Primary keys come back on PostgreSQL and on SQLite ≥ 3.35 (INSERT … RETURNING), and
        # bulk_create copies a saved related object's pk into the FK, so rows built earlier
        # can point at objects that are only now saved.
        model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        self.counts[model._meta.label] += len(objs)

    def happened(self, meeting: Meeting) -> bool:
        return not meeting.cancelled and meeting.date <= self.as_of

    # --- the whole council ----------------------------------------------------------------------

    def build(self) -> Council:
        city = municipality(self.seed, self.index)
        council = Council(
            name=f"{city}障害者自立支援協議会",
            municipality=city,
            slug=SLUG_FORMAT.format(self.index),
            disability_term=self.rng.choice(["障害", "障害", "障がい"]),
        )
        self.insert(Council, [council])
        self.fiscal_years = [
            FiscalYear(council=council, year=y, is_current=y == self.years[-1]) for y in self.years
        ]
        self.insert(FiscalYear, self.fiscal_years)
        self.build_bodies(council)
        self.build_people(council, city)
        self.build_meetings()
        self.build_issues(council)
        self.build_documents()
        self.build_hub(council)
        return council

    # --- bodies ---------------------------------------------------------------------------------

    def build_bodies(self, council: Council) -> None:
        rng = self.rng
        plenary = Body(council=council, name="全体会", kind=K.PLENARY, order=1)
        steering = Body(council=council, name="運営会議", kind=K.STEERING, parent=plenary, order=2)
        picked = rng.sample(SUBCOMMITTEES[2:], SUBCOMMITTEE_COUNT - 2)
        chosen = SUBCOMMITTEES[:2] + [s for s in SUBCOMMITTEES if s in picked]
        subcommittees = [
            Body(
                council=council,
                name=name,
                short_name=short,
                kind=K.SUBCOMMITTEE,
                parent=steering,
                theme=theme,
                description=f"{theme}について協議し、地域課題の解決に取り組む。",
                order=10 + 2 * i,
            )
            for i, (name, short, theme) in enumerate(chosen)
        ]
        name, short, theme = FORUM
        forum = Body(
            council=council,
            name=name,
            short_name=short,
            kind=K.FORUM,
            parent=steering,
            theme=theme,
            order=90,
        )
        working = []
        for name, theme in rng.sample(WORKING_GROUPS, WORKING_GROUP_COUNT):
            parent = rng.choice(subcommittees)
            working.append(
                Body(
                    council=council,
                    name=name,
                    kind=K.WORKING,
                    parent=parent,
                    theme=theme,
                    order=parent.order + 1,  # listed right after its 部会
                )
            )
        # Parents before children: a child's parent_id is taken from its saved parent.
        for tier in ([plenary], [steering], [*subcommittees, forum], working):
            self.insert(Body, tier)
        self.bodies = [plenary, steering, *subcommittees, forum, *working]
        self.subcommittees = [i for i, b in enumerate(self.bodies) if b.kind == K.SUBCOMMITTEE]
        self.body_years = {
            (bi, yi): BodyYear(body=body, fiscal_year=year)
            for bi, body in enumerate(self.bodies)
            for yi, year in enumerate(self.fiscal_years)
        }
        self.insert(BodyYear, list(self.body_years.values()))

    # --- organisations, persons, memberships ----------------------------------------------------

    def build_people(self, council: Council, city: str) -> None:
        rng = self.rng
        orgs = [
            Organization(council=council, name=t.format(city), category=c, consultation_layer=lay)
            for t, c, lay in FIXED_ORGS + OTHER_FIXED_ORGS
        ]
        names = [(t.format(part), c, lay) for t, c, lay in ORG_KINDS for part in ORG_PARTS]
        orgs += [
            Organization(
                council=council,
                name=name,
                category=category,
                consultation_layer=rng.choice(layers) if layers else "",
            )
            for name, category, layers in rng.sample(names, ORGANIZATIONS - len(orgs))
        ]
        self.insert(Organization, orgs)

        # Three staff at each secretariat organisation, then one person per other organisation,
        # then the rest at random (large providers send several people).
        staffed = len(FIXED_ORGS)
        org_of = [i for i in range(staffed) for _ in range(3)]
        org_of += range(staffed, len(orgs))
        org_of += [rng.randrange(staffed, len(orgs)) for _ in range(PERSONS - len(org_of))]
        self.person_org = org_of
        self.persons = []
        for number, org_index in enumerate(org_of, start=1):
            surname, surname_kana = rng.choice(SURNAMES)
            given, given_kana = rng.choice(GIVEN_NAMES)
            self.persons.append(
                Person(
                    council=council,
                    name=f"{surname} {given}",
                    name_kana=f"{surname_kana} {given_kana}",
                    organization=orgs[org_index],
                    post=rng.choice(POSTS),
                    # example.jp is reserved for documentation: no mail can ever reach anyone.
                    email=f"{council.slug}-{number:03d}@example.jp" if rng.random() < 0.5 else "",
                )
            )
        self.build_rosters(secretariat=list(range(3 * staffed)))
        for (bi, _yi), roster in self.rosters.items():
            if self.bodies[bi].kind == K.PLENARY:
                for person_index, _role in roster.members:
                    self.persons[person_index].is_council_member = True
        self.insert(Person, self.persons)

        memberships = []
        for (bi, yi), roster in self.rosters.items():
            year = self.years[yi]
            for order, (person_index, role) in enumerate(roster.members, start=1):
                memberships.append(
                    Membership(
                        person=self.persons[person_index],
                        body=self.bodies[bi],
                        fiscal_year=self.fiscal_years[yi],
                        role=role,
                        appointed_on=datetime.date(year, 4, 1),
                        term_ends_on=datetime.date(year + 1, 3, 31),
                        is_substitute=rng.random() < 0.03,
                        order=order,
                    )
                )
        self.insert(Membership, memberships)

    def build_rosters(self, secretariat: list[int]) -> None:
        """About ten members per body and year; a fifth change each year, the chair stays on."""
        rng = self.rng
        pool = range(len(secretariat), len(self.persons))
        self.rosters = {}
        for bi, body in enumerate(self.bodies):
            size = rng.randint(9, 11)
            members: list[int] = []
            chair = -1
            for yi in range(len(self.years)):
                members = [p for p in members if rng.random() >= MEMBER_TURNOVER]
                while len(members) < size:
                    candidate = rng.choice(pool)
                    if candidate not in members:
                        members.append(candidate)
                if chair not in members:
                    chair = rng.choice(members)
                rest = [p for p in members if p != chair]
                roles = [(chair, CHAIR_ROLE[body.kind])]
                if body.kind == K.PLENARY:
                    roles.append((rest.pop(0), Membership.Role.VICE_CHAIR))
                roles += [(p, Membership.Role.MEMBER) for p in rest]
                roles += [
                    (p, Membership.Role.SECRETARIAT)
                    for p in rng.sample(secretariat, rng.randint(1, 2))
                ]
                self.rosters[bi, yi] = Roster(roles)

    # --- meetings, their bullets and attendance -------------------------------------------------

    def meeting_dates(self, year: int) -> list[datetime.date]:
        """Eight weekdays in eight different months of the fiscal year, in order."""
        dates = []
        for offset in sorted(self.rng.sample(range(12), MEETINGS_PER_YEAR)):
            month = (offset + 3) % 12 + 1
            day = datetime.date(year + (month < 4), month, self.rng.randint(1, 26))
            if day.weekday() >= 5:  # a weekend: the Monday after, still in the same month
                day += datetime.timedelta(days=7 - day.weekday())
            dates.append(day)
        return dates

    def build_meetings(self) -> None:
        self.meetings = {}
        items: list[MeetingItem] = []
        attendances: list[Attendance] = []
        for bi, yi in self.body_years:
            body, year = self.bodies[bi], self.years[yi]
            rows = self.meetings[bi, yi] = []
            for number, day in enumerate(self.meeting_dates(year), start=1):
                meeting = self.meeting(body, self.fiscal_years[yi], number, day)
                rows.append(meeting)
                agenda = self.agenda(body, number)
                items += [
                    MeetingItem(meeting=meeting, order=order, text=text, is_closed=closed)
                    for order, (text, closed) in enumerate(agenda, start=1)
                ]
                # Bulk inserts send no signals: the search text is written here.
                meeting.search_text = search_text(
                    meeting.title, meeting.place, [text for text, closed in agenda if not closed]
                )
                if self.happened(meeting):
                    attendances += self.attend(meeting, self.rosters[bi, yi])
        self.insert(Meeting, [m for rows in self.meetings.values() for m in rows])
        self.insert(MeetingItem, items)
        self.insert(Attendance, attendances)

    def meeting(
        self, body: Body, fiscal_year: FiscalYear, number: int, day: datetime.date
    ) -> Meeting:
        rng = self.rng
        mode = rng.choices(Meeting.Mode.values, weights=[70, 12, 12, 6])[0]
        start = end = None
        if mode != Meeting.Mode.WRITTEN:
            start = rng.choice(START_TIMES)
            minutes = start.hour * 60 + start.minute + rng.choice([90, 120])
            end = datetime.time(minutes // 60, minutes % 60)
        place = {
            Meeting.Mode.VENUE: rng.choice(PLACES),
            Meeting.Mode.HYBRID: f"{rng.choice(PLACES)}（オンライン併用）",
            Meeting.Mode.ONLINE: "オンライン（Zoom）",
        }.get(mode, "")
        meeting = Meeting(
            body=body,
            fiscal_year=fiscal_year,
            number=number,
            title=f"{fiscal_year.label} 第{number}回{body.name}",
            date=day,
            start_time=start,
            end_time=end,
            mode=mode,
            place=place,
            cancelled=rng.random() < 0.02,
            is_public=body.kind == K.PLENARY or rng.random() < 0.9,
        )
        if self.happened(meeting):
            meeting.minutes = f"{body.name}第{number}回の議事要旨。"
            meeting.minutes_status = (
                Meeting.MinutesStatus.PUBLISHED
                if fiscal_year.year < self.years[-1]
                else Meeting.MinutesStatus.CONFIRMED
            )
            limit = 5 if body.kind == K.PLENARY else 2
            meeting.observers = self.past_rng.randint(0, limit) if meeting.is_public else 0
        return meeting

    def agenda(self, body: Body, number: int) -> list[tuple[str, bool]]:
        """2–4 bullets of 取組・検討内容: the year's opening or closing business, then topics."""
        rng = self.rng
        texts = []
        if number == 1:
            texts.append(FIRST_ITEMS[0])
        elif number == MEETINGS_PER_YEAR:
            texts.append(rng.choice(LAST_ITEMS))
        pool = COUNCIL_ITEMS if body.kind in (K.PLENARY, K.STEERING) else ITEMS
        texts += rng.sample(pool, rng.randint(2, 4) - len(texts))
        bullets = [(text.format(theme=body.theme or "障害福祉"), False) for text in texts]
        if body.kind == K.SUBCOMMITTEE and rng.random() < 0.1:
            bullets[-1] = (CLOSED_ITEM, True)
        return bullets

    def attend(self, meeting: Meeting, roster: Roster) -> list[Attendance]:
        """Every member gets a row; the secretariat is always there, others five times in six."""
        rows = []
        orgs: set[int] = set()
        for person_index, role in roster.members:
            present = role == Membership.Role.SECRETARIAT or self.past_rng.random() < 0.85
            rows.append(
                Attendance(meeting=meeting, person=self.persons[person_index], present=present)
            )
            if present:
                orgs.add(self.person_org[person_index])
        meeting.person_count = sum(row.present for row in rows)
        meeting.organization_count = len(orgs)
        return rows

    # --- regional issues ------------------------------------------------------------------------

    def issue_steps(self, raised: int) -> list[tuple[int, str]]:
        """(year index, status): raised, then one step a year until closed or the last year."""
        rng = self.rng
        steps = [(raised, IssueStatus.RAISED)]
        if rng.random() < 0.6:
            steps.append((raised, IssueStatus.STUDYING))
        for yi in range(raised + 1, len(self.years)):
            status = steps[-1][1]
            if status == IssueStatus.CLOSED:
                break
            if status == IssueStatus.RAISED or rng.random() < 0.6:
                status = rng.choice(NEXT_STATUS[status])
            steps.append((yi, status))
        return steps

    def build_issues(self, council: Council) -> None:
        """12–20 issues, each raised before the last year so that its history spans years."""
        rng = self.rng
        owners = [*self.subcommittees, 1]  # the 部会 and, now and then, 運営会議
        last_raise = max(1, len(self.years) - 1)
        issues: list[RegionalIssue] = []
        events: list[IssueEvent] = []
        discussed: list[list[Meeting]] = []  # per issue, the meetings that dated its steps
        self.issue_years = {}
        for title in rng.sample(ISSUE_TITLES, rng.randint(12, 20)):
            owner = rng.choice(owners)
            origin = rng.choice(ISSUE_ORIGINS)
            issue = RegionalIssue(
                council=council,
                title=title,
                background=f"{origin}、「{title}」との声が繰り返し挙がっている。",
                origin=rng.choice(RegionalIssue.Origin.values),
                origin_detail=origin,
                owner=self.bodies[owner],
                tags=sorted(
                    rng.sample(RegionalIssue.Tag.values, rng.randint(1, 2)),
                    key=RegionalIssue.Tag.values.index,
                ),
            )
            steps = self.issue_steps(rng.randrange(last_raise))
            # Each step is dated by a held meeting of its owner; a year without one (the rest
            # of the current year after `as_of`) ends the history there.
            issue_events: list[IssueEvent] = []
            meetings: list[Meeting] = []
            for yi in sorted({yi for yi, _ in steps}):
                statuses = [status for y, status in steps if y == yi]
                held = [m for m in self.meetings[owner, yi] if self.happened(m)]
                if len(held) < len(statuses):
                    break
                dated = sorted(self.past_rng.sample(held, len(statuses)), key=lambda m: m.date)
                for meeting, status in zip(dated, statuses, strict=True):
                    repeated = bool(issue_events) and issue_events[-1].status == status
                    note = "引き続き検討した。" if repeated else ISSUE_NOTES[status]
                    issue_events.append(
                        IssueEvent(
                            issue=issue,
                            fiscal_year=self.fiscal_years[yi],
                            date=meeting.date,
                            status=status,
                            note=note.format(origin=origin),
                        )
                    )
                    meetings.append(meeting)
                self.issue_years.setdefault((owner, yi), []).append(issue)
            if not issue_events:
                continue
            if issue_events[-1].status == IssueStatus.CLOSED:
                issue.outcome = "市の施策に反映された。"
            issue.label = CIRCLED[len(issues)] if len(issues) < len(CIRCLED) else ""
            issues.append(issue)
            events += issue_events
            discussed.append(meetings)
        self.insert(RegionalIssue, issues)
        self.insert(IssueEvent, events)
        through = RegionalIssue.meetings.through
        links = {(i.pk, m.pk) for i, ms in zip(issues, discussed, strict=True) for m in ms}
        self.insert(through, [through(regionalissue_id=i, meeting_id=m) for i, m in sorted(links)])

    # --- the subcommittee year's documents ------------------------------------------------------

    def build_documents(self) -> None:
        rng = self.rng
        policies: list[ActivityPolicy] = []
        reports: list[StatusReport] = []
        sheets: list[ReviewSheet] = []
        comments: list[ReviewComment] = []
        plans: list[ActionPlan] = []
        rows: list[ActionPlanRow] = []
        published = DocumentStatus.PUBLISHED
        for bi in self.subcommittees:
            theme = self.bodies[bi].theme
            for yi, year in enumerate(self.years):
                body_year = self.body_years[bi, yi]
                past = year < self.years[-1]  # the current year's documents are still open
                closed_at = aware(datetime.date(year + 1, 3, rng.randint(20, 28)))
                policies.append(
                    ActivityPolicy(
                        body_year=body_year,
                        history_text=f"{theme}について継続して協議してきた。",
                        policy=f"{theme}に向けて、関係機関の連携を深める。",
                        activities="現状把握のアンケート、事例検討、研修会の開催",
                        **workflow(published, aware(datetime.date(year, 5, rng.randint(1, 28)))),
                    )
                )
                reports.append(
                    StatusReport(
                        body_year=body_year,
                        updated_on=datetime.date(year, rng.randint(10, 12), rng.randint(1, 28)),
                        approach=f"{theme}の現状を把握し、課題を整理する。",
                        concrete_actions="事業所アンケートの実施と結果の分析",
                        direction="課題解決に向けたアクションプランを作成する。",
                        notes_to_steering=rng.choice(["", "研修会の共催について相談したい。"]),
                        **workflow(published if past else DocumentStatus.SUBMITTED, closed_at),
                    )
                )
                sheet = ReviewSheet(
                    body_year=body_year,
                    created_on=datetime.date(year + 1, 2, rng.randint(1, 28)),
                    policy=f"{theme}に向けて、関係機関の連携を深める。",
                    results="アンケート結果をもとに課題を整理し、研修会を開催した。",
                    functions=sorted(
                        rng.sample(DEFAULT_FUNCTIONS, rng.randint(2, 4)),
                        key=DEFAULT_FUNCTIONS.index,
                    ),
                    next_year=ReviewSheet.NextYear.CONTINUE if past else "",
                    next_policy=f"引き続き{theme}に取り組む。" if past else "",
                    next_activities="アクションプランの実行と評価" if past else "",
                    handover="部会員の交代に備え、経過を記録に残す。" if past else "",
                    **workflow(published if past else DocumentStatus.DRAFT, closed_at),
                )
                sheets.append(sheet)
                comments += [
                    ReviewComment(sheet=sheet, person=self.persons[p], text=rng.choice(COMMENTS))
                    for p in self.rosters[bi, yi].without_secretariat()[:10]
                ]
                active = self.issue_years.get((bi, yi))
                plan = ActionPlan(
                    body_year=body_year,
                    issue=self.past_rng.choice(active) if active else None,
                    goal=f"{theme}が進み、誰もが相談先に迷わない地域",
                    **workflow(published if past else DocumentStatus.DRAFT, closed_at),
                )
                plans.append(plan)
                era = wareki.format_fiscal_year(year)
                rows += [
                    ActionPlanRow(
                        plan=plan,
                        order=order,
                        problem=rng.choice(ISSUE_TITLES),
                        target=rng.choice(PLAN_TARGETS),
                        action=rng.choice(PLAN_ACTIONS),
                        due=rng.choice([f"{era}中", f"{era}上半期", "次年度"]),
                        progress=rng.choice(PAST_PROGRESS if past else CURRENT_PROGRESS),
                    )
                    for order in range(1, rng.randint(3, 5) + 1)
                ]
        self.insert(ActivityPolicy, policies)
        self.insert(StatusReport, reports)
        self.insert(ReviewSheet, sheets)
        self.insert(ReviewComment, comments)
        self.insert(ActionPlan, plans)
        self.insert(ActionPlanRow, rows)

    # --- the hub (地域生活支援拠点等) -------------------------------------------------------------

    def build_hub(self, council: Council) -> None:
        rng = self.rng
        setup = HubSetup(
            council=council,
            owner_body=next(b for b in self.bodies if b.name == HUB_OWNER),
            development_type=rng.choice(HubSetup.DevelopmentType.values),
            philosophy=f"障害のある人の地域での暮らしを{council.municipality}全体で支える",
            reason="既存の社会資源を生かし、地域全体で機能を担うため。",
            roles="市：全体調整／基幹相談支援センター：コーディネート／事業所：機能の提供",
        )
        self.insert(HubSetup, [setup])
        plans = []
        for function, function_label in HubFunction.choices:
            for hub_type, type_label in HubType.choices:
                stage = rng.randrange(2)  # each function × type only ever moves forward
                for yi, fiscal_year in enumerate(self.fiscal_years):
                    if yi and stage < len(HUB_STATUSES) - 1 and rng.random() < 0.35:
                        stage += 1
                    done = HUB_STATUSES[stage] == HubPlan.Status.DONE
                    target = datetime.date(
                        fiscal_year.year + 1 + rng.randrange(2), rng.randint(1, 12), 1
                    )
                    plans.append(
                        HubPlan(
                            council=council,
                            fiscal_year=fiscal_year,
                            function=function,
                            hub_type=hub_type,
                            council_work=f"{function_label}（{type_label}）を部会で協議する。",
                            city_plan=f"{function_label}の体制を{type_label}で整える。",
                            target=None if done else target,
                            target_note="" if done else rng.choice(["", "以降"]),
                            priority=rng.choice(HubPlan.Priority.values),
                            status=HUB_STATUSES[stage],
                            evidence="事業所の登録と運用の実績あり" if done else "",
                        )
                    )
        self.insert(HubPlan, plans)
