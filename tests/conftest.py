"""The fixed cast every test uses.

One council, 令和2年度 current. 部会A (就労部会) and 部会B (相談支援部会), each with one member who
has a login; the secretariat, a city officer and an auditor; the site operator (a superuser, who
works in the cast's council). Tests of the hub ask for `hub` (部会A plays the body that owns it,
as the 地域づくり部会 does in 長岡市) and `proposals`.
A second council exists so that "another council's data" is always there to leak, and never
does.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import shutil
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pikepdf
import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from council.current import SESSION_KEY
from council.models import (
    Body,
    BodyYear,
    Council,
    CouncilRole,
    DocumentStatus,
    FiscalYear,
    HubFunction,
    Meeting,
    MeetingAttachment,
    MeetingItem,
    Membership,
    Organization,
    Person,
    PublishedPDF,
)
from documents.models import DocumentPart, WrittenDocument, WrittenKind, WrittenStatus
from hubs.models import (
    HubCoordinator,
    HubFigure,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
    HubType,
)
from networks.models import (
    NetworkComposition,
    NetworkProfile,
    NetworkPurpose,
    StudyVisit,
    StudyVisitFinding,
)
from plans.models import PlannedMeeting, PlannedTopic, PlanRow, YearPlan
from proposals.models import Proposal, ProposalSection, ProposalStatus
from referrals.models import (
    AgeBand,
    Case,
    Consent,
    DisabilityType,
    IntakeSource,
    OperatingForm,
    SocialResource,
)
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

PASSWORD = "correct-horse-battery"
ROLES = [
    "anonymous",
    "secretariat",
    "member_a",
    "member_b",
    "city",
    "auditor",
    "member_ab",  # sits in both 部会A and 部会B this year: the usual case on a real council
    "past_member",  # whose only seat was 部会A in 平成27年度
    "operator",  # the site operator (a superuser): creates councils, runs every one
    "case_worker",  # 相談支援専門員: sees the cases assigned to them
    "hub_provider",  # staff of 相談支援センターふかさわ, a hub provider: the cases referred to it
]


@dataclass
class Cast:
    council: Council
    other_council: Council
    year: FiscalYear
    plenary: Body
    body_a: Body
    body_b: Body
    org: Organization
    person_a: Person
    person_b: Person
    membership_a: Membership
    meeting_a: Meeting
    closed_meeting_a: Meeting
    meeting_b: Meeting
    attachment_a: MeetingAttachment
    other_meeting: Meeting
    users: dict[str, User | None]
    policy_a: ActivityPolicy
    report_a: StatusReport
    review_a: ReviewSheet
    plan_a: ActionPlan
    issue_a: RegionalIssue
    published_a: PublishedPDF

    def client(self, role: str) -> Client:
        client = Client()
        user = self.users.get(role)
        if user is not None:
            client.force_login(user)
        if role == "operator":
            # Working in the cast's council, as if chosen on the dashboard (it sees them all).
            session = client.session
            session[SESSION_KEY] = self.council.pk
            session.save()
        return client


def named_urls(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """Every named URL of the project, namespaced ("council:meeting-detail")."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def make_user(username: str, council: Council | None, role: str | None) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    if council and role:
        CouncilRole.objects.create(user=user, council=council, role=role)
    return user


def one_page_pdf() -> bytes:
    """A real (blank, A4) PDF: the cast's frozen copy, which the annual report binds in."""
    output = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(595, 842))
        pdf.save(output, deterministic_id=True)
    return output.getvalue()


def make_meeting(body: Body, year: FiscalYear, number: int, **fields: Any) -> Meeting:
    fields.setdefault("date", datetime.date(2020, 8, number))
    meeting = Meeting.objects.create(body=body, fiscal_year=year, number=number, **fields)
    MeetingItem.objects.create(meeting=meeting, order=1, text=f"{body.name}の検討内容")
    return meeting


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # The cast logs in a handful of users per test; PBKDF2 would make that the slowest part.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: Any, settings: Any, tmp_path: Any) -> Cast:
    settings.MEDIA_ROOT = tmp_path / "media"
    council = Council.objects.create(
        name="長岡市障害者自立支援協議会", municipality="長岡市", slug="nagaoka"
    )
    other = Council.objects.create(name="別市協議会", municipality="別市", slug="other")
    year = FiscalYear.objects.create(council=council, year=2020, is_current=True)
    other_year = FiscalYear.objects.create(council=other, year=2020, is_current=True)
    plenary = Body.objects.create(council=council, name="全体会", kind=Body.Kind.PLENARY, order=1)
    body_a = Body.objects.create(
        council=council, name="就労部会", kind=Body.Kind.SUBCOMMITTEE, parent=plenary, order=10
    )
    body_b = Body.objects.create(
        council=council, name="相談支援部会", kind=Body.Kind.SUBCOMMITTEE, parent=plenary, order=11
    )
    other_body = Body.objects.create(council=other, name="別市部会", kind=Body.Kind.SUBCOMMITTEE)
    for body in (plenary, body_a, body_b):
        BodyYear.objects.create(body=body, fiscal_year=year)
    org = Organization.objects.create(
        council=council,
        name="相談支援センターふかさわ",
        category=Organization.Category.CONSULTATION,
    )
    users = {
        "anonymous": None,
        "secretariat": make_user("secretariat", council, CouncilRole.Role.SECRETARIAT),
        "member_a": make_user("member_a", council, CouncilRole.Role.MEMBER),
        "member_b": make_user("member_b", council, CouncilRole.Role.MEMBER),
        "city": make_user("city", council, CouncilRole.Role.CITY),
        "auditor": make_user("auditor", council, CouncilRole.Role.AUDITOR),
        "member_ab": make_user("member_ab", council, CouncilRole.Role.MEMBER),
        "past_member": make_user("past_member", council, CouncilRole.Role.MEMBER),
        "operator": User.objects.create_superuser("operator", password=PASSWORD),
        "case_worker": make_user("case_worker", council, CouncilRole.Role.CASE_WORKER),
        "hub_provider": make_user("hub_provider", None, None),
    }
    CouncilRole.objects.create(
        user=users["hub_provider"],
        council=council,
        role=CouncilRole.Role.HUB_PROVIDER,
        organization=org,
    )
    person_a = Person.objects.create(
        council=council,
        name="佐々木",
        organization=org,
        user=users["member_a"],
        email="a@example.jp",
    )
    person_b = Person.objects.create(
        council=council, name="鈴木", organization=org, user=users["member_b"]
    )
    membership_a = Membership.objects.create(person=person_a, body=body_a, fiscal_year=year)
    Membership.objects.create(person=person_b, body=body_b, fiscal_year=year)
    person_ab = Person.objects.create(
        council=council, name="渡辺", organization=org, user=users["member_ab"]
    )
    for body in (body_a, body_b):
        Membership.objects.create(person=person_ab, body=body, fiscal_year=year)
    past_year = FiscalYear.objects.create(council=council, year=2015)
    person_past = Person.objects.create(
        council=council, name="田中", organization=org, user=users["past_member"]
    )
    Membership.objects.create(person=person_past, body=body_a, fiscal_year=past_year)
    meeting_a = make_meeting(body_a, year, 1)
    closed_a = make_meeting(body_a, year, 2, is_public=False)
    meeting_b = make_meeting(body_b, year, 1)
    attachment = MeetingAttachment.objects.create(
        meeting=meeting_a,
        label="資料第1号",
        title="就労パスポート",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"),
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
    )
    other_meeting = make_meeting(other_body, other_year, 1)
    body_year_a = BodyYear.objects.get(body=body_a, fiscal_year=year)
    policy = ActivityPolicy.objects.create(
        body_year=body_year_a, policy="就労定着支援をテーマとする", status=DocumentStatus.PUBLISHED
    )
    report = StatusReport.objects.create(body_year=body_year_a, approach="就労系サービスの現状把握")
    review = ReviewSheet.objects.create(body_year=body_year_a, results="就労パスポートの周知")
    ReviewComment.objects.create(sheet=review, person=person_a, text="現場の生の声が聞けた。")
    issue = RegionalIssue.objects.create(
        council=council, title="精神障害者が地域で暮らしにくい", owner=body_a
    )
    IssueEvent.objects.create(issue=issue, fiscal_year=year, status=IssueStatus.ACTING)
    plan = ActionPlan.objects.create(body_year=body_year_a, issue=issue, goal="相談先が明確な体制")
    ActionPlanRow.objects.create(plan=plan, problem="地域の理解がない", due="今年度中に")
    frozen = one_page_pdf()
    published = PublishedPDF.objects.create(
        council=council,
        content_type=ContentType.objects.get_for_model(policy),
        object_id=policy.pk,
        title="令和2年度 就労部会 活動方針",
        file=SimpleUploadedFile("policy.pdf", frozen),
        sha256=hashlib.sha256(frozen).hexdigest(),
        size=len(frozen),
    )
    return Cast(
        council=council,
        other_council=other,
        year=year,
        plenary=plenary,
        body_a=body_a,
        body_b=body_b,
        org=org,
        person_a=person_a,
        person_b=person_b,
        membership_a=membership_a,
        meeting_a=meeting_a,
        closed_meeting_a=closed_a,
        meeting_b=meeting_b,
        attachment_a=attachment,
        other_meeting=other_meeting,
        users=users,
        policy_a=policy,
        report_a=report,
        review_a=review,
        plan_a=plan,
        issue_a=issue,
        published_a=published,
    )


@dataclass
class Wards:
    """A city of wards in the cast's council: 市連絡会 (liaison) → 北区ネットワーク (with its
    own くらし部会) and 南区ネットワーク, each with a public meeting, a draft status report, and
    for 南区 a closed meeting and a published policy. `cast.users["ward_secretariat"]` runs
    北区 only."""

    liaison: Body
    north: Body
    north_group: Body  # under 北区
    south: Body
    north_meeting: Meeting
    north_group_meeting: Meeting
    south_meeting: Meeting
    south_closed: Meeting
    north_report: StatusReport
    south_report: StatusReport
    south_policy: ActivityPolicy


@pytest.fixture
def wards(cast: Cast) -> Wards:
    council, year = cast.council, cast.year
    liaison = Body.objects.create(
        council=council, name="市連絡会", kind=Body.Kind.LIAISON, parent=cast.plenary, order=50
    )
    north = Body.objects.create(
        council=council, name="北区ネットワーク", kind=Body.Kind.WARD, parent=liaison, order=51
    )
    north_group = Body.objects.create(
        council=council, name="北区くらし部会", kind=Body.Kind.SUBCOMMITTEE, parent=north, order=52
    )
    south = Body.objects.create(
        council=council, name="南区ネットワーク", kind=Body.Kind.WARD, parent=liaison, order=53
    )
    body_years = {
        body: BodyYear.objects.create(body=body, fiscal_year=year)
        for body in (liaison, north, north_group, south)
    }
    user = make_user("ward_secretariat", council, CouncilRole.Role.SECRETARIAT)
    CouncilRole.objects.get(user=user).bodies.set([north])
    cast.users["ward_secretariat"] = user
    return Wards(
        liaison=liaison,
        north=north,
        north_group=north_group,
        south=south,
        north_meeting=make_meeting(north, year, 1),
        north_group_meeting=make_meeting(north_group, year, 1),
        south_meeting=make_meeting(south, year, 1),
        south_closed=make_meeting(south, year, 2, is_public=False),
        north_report=StatusReport.objects.create(body_year=body_years[north], approach="北区"),
        south_report=StatusReport.objects.create(body_year=body_years[south], approach="南区"),
        south_policy=ActivityPolicy.objects.create(
            body_year=body_years[south], policy="南区の方針", status=DocumentStatus.PUBLISHED
        ),
    )


@dataclass
class Hub:
    setup: HubSetup
    plan: HubPlan  # 令和2年度 ①相談 多機能拠点型
    provider: HubProvider
    other_provider: HubProvider  # another council's
    review: HubReview
    figure: HubFigure


def make_plans(cast: Cast, year: Any, **fields: Any) -> list[HubPlan]:
    fields.setdefault("status", HubPlan.Status.STUDYING)
    fields.setdefault("target", datetime.date(2022, 1, 1))
    return [
        HubPlan.objects.create(
            council=cast.council,
            fiscal_year=year,
            function=function,
            hub_type=hub_type,
            council_work=f"{function}の協議会での取り組み",
            city_plan=f"{function} {hub_type}の市の取り組み",
            **fields,
        )
        for function in HubFunction.values
        for hub_type in HubType.values
    ]


@pytest.fixture
def hub(cast: Cast) -> Hub:
    setup = HubSetup.objects.create(
        council=cast.council,
        owner_body=cast.body_a,
        development_type=HubSetup.DevelopmentType.COMBINED,
        philosophy="障害児・者の生活を長岡市全体で支える",
    )
    plans = make_plans(cast, cast.year)
    provider = HubProvider.objects.create(
        organization=cast.org,
        layer=HubProvider.Layer.REGISTERED,
        functions=["consultation", "emergency"],
        registered_on=datetime.date(2021, 4, 1),
    )
    HubCoordinator.objects.create(provider=provider, name="山田", service="緊急時の受け入れ")
    other_org = Organization.objects.create(
        council=cast.other_council, name="別市の事業所", category=Organization.Category.SERVICE
    )
    other_provider = HubProvider.objects.create(
        organization=other_org, layer=HubProvider.Layer.REGISTERED, functions=[]
    )
    review = HubReview.objects.create(
        council=cast.council, fiscal_year=cast.year, meeting=cast.meeting_a, summary="初回の検証"
    )
    figure = HubFigure.objects.create(
        review=review,
        function=HubFunction.CONSULTATION,
        quarter=1,
        advance_registrations=12,
        coordinator_activities=30,
    )
    HubFigure.objects.create(
        review=review, function=HubFunction.EMERGENCY, quarter=2, emergency_acceptances=3
    )
    HubFunctionReview.objects.create(
        review=review, function=HubFunction.EMERGENCY, problems="受け入れ先が不足"
    )
    return Hub(
        setup=setup,
        plan=plans[0],
        provider=provider,
        other_provider=other_provider,
        review=review,
        figure=figure,
    )


@dataclass
class Proposals:
    draft: Proposal  # 部会A's, hidden from other bodies and the city
    submitted: Proposal  # sent to the city: every reader sees it


@pytest.fixture
def proposals(cast: Cast) -> Proposals:
    def make(title: str, status: str) -> Proposal:
        proposal = Proposal.objects.create(
            council=cast.council,
            fiscal_year=cast.year,
            body=cast.body_a,
            title=title,
            status=status,
            date=datetime.date(2021, 3, 1),
        )
        ProposalSection.objects.create(proposal=proposal, order=1, heading="相談", text="体制")
        ProposalSection.objects.create(proposal=proposal, order=2, level=2, text="事前登録")
        return proposal

    return Proposals(
        draft=make("下書きの提言", ProposalStatus.DRAFT),
        submitted=make("提出済みの提言", ProposalStatus.SUBMITTED),
    )


@dataclass
class Writings:
    draft: WrittenDocument  # 部会A's plan, hidden from other bodies and the city
    issued: WrittenDocument  # every reader sees it; it changes no more


@pytest.fixture
def writings(cast: Cast) -> Writings:
    def make(title: str, status: str) -> WrittenDocument:
        document = WrittenDocument.objects.create(
            council=cast.council,
            fiscal_year=cast.year,
            body=cast.body_a,
            kind=WrittenKind.PLAN,
            title=title,
            status=status,
        )
        DocumentPart.objects.create(document=document, order=1, heading="目的")
        DocumentPart.objects.create(document=document, order=2, level=2, heading="視察先")
        return document

    return Writings(
        draft=make("下書きの企画書", WrittenStatus.DRAFT),
        issued=make("発行済みの企画書", WrittenStatus.ISSUED),
    )


@dataclass
class Plans:
    """部会A's year plan of this year: two month rows and a final 随時 row, and a planned
    meeting (<第3回> 令和2年7月～8月) with an item and its sub-item, not held yet."""

    plan: YearPlan
    planned: PlannedMeeting


@pytest.fixture
def plans(cast: Cast) -> Plans:
    plan = YearPlan.objects.create(
        body=cast.body_a,
        fiscal_year=cast.year,
        title="令和2年度 就労部会 年間計画",
        headings="内容\n担当",
    )
    PlanRow.objects.create(
        plan=plan, order=1, month=datetime.date(2020, 7, 1), cells=["研修会\n↓", "事務局"]
    )
    PlanRow.objects.create(plan=plan, order=2, month=datetime.date(2020, 8, 1), cells=["↓", ""])
    PlanRow.objects.create(plan=plan, order=3, label="随時", cells=["事例検討", ""])
    planned = PlannedMeeting.objects.create(
        plan=plan,
        number=3,
        starts=datetime.date(2020, 7, 1),
        ends=datetime.date(2020, 8, 1),
        title="就労定着支援",
    )
    item = PlannedTopic.objects.create(planned=planned, order=1, text="定着支援の現状確認")
    PlannedTopic.objects.create(planned=planned, order=2, text="事業所アンケート", parent=item)
    return Plans(plan=plan, planned=planned)


@dataclass
class Networks:
    """A liaison network (相談支援事業所連絡会) with its profile, and a study visit of 部会A's
    this year, which its members edit and every reader reads."""

    liaison: Body
    profile: NetworkProfile
    visit: StudyVisit


@pytest.fixture
def networks(cast: Cast) -> Networks:
    liaison = Body.objects.create(
        council=cast.council,
        name="相談支援事業所連絡会",
        kind=Body.Kind.LIAISON,
        parent=cast.plenary,
        order=60,
    )
    BodyYear.objects.create(body=liaison, fiscal_year=cast.year)
    profile = NetworkProfile.objects.create(
        body=liaison,
        started_on=datetime.date(2019, 6, 1),
        purpose_citation="長岡市障害者自立支援協議会設置要綱第5条",
        members_role="地域の課題を持ち寄り、協議会へつなぐ。",
    )
    NetworkPurpose.objects.create(profile=profile, order=1, text="相談支援事業所の連携を図る。")
    NetworkComposition.objects.create(
        profile=profile, order=1, organization_type="委託相談支援事業所", count=5
    )
    visit = StudyVisit.objects.create(
        body=cast.body_a,
        fiscal_year=cast.year,
        month=datetime.date(2020, 10, 1),
        destination="上越市",
        title="就労定着支援の視察",
        keywords="就労定着、企業連携",
    )
    StudyVisitFinding.objects.create(visit=visit, order=1, text="企業との定例会が有効だった。")
    return Networks(liaison=liaison, profile=profile, visit=visit)


@dataclass
class Catalogue:
    resource: SocialResource  # the council's: every reader sees it
    other: SocialResource  # another council's


@pytest.fixture
def catalogue(cast: Cast) -> Catalogue:
    resource = SocialResource.objects.create(
        council=cast.council,
        group="必須事業",
        target_field="障害者",
        name="地域活動支援センター",
        description="創作的活動又は生産活動の機会の提供",
        department="障害福祉課",
        operator=cast.org,
        count_label="設置数",
        count_value=7,
    )
    OperatingForm.objects.create(resource=resource, kind=OperatingForm.Kind.DIRECT, sites=3)
    OperatingForm.objects.create(resource=resource, kind=OperatingForm.Kind.COMMISSIONED, sites=1)
    other = SocialResource.objects.create(council=cast.other_council, name="別市の事業")
    return Catalogue(resource=resource, other=other)


# --- a second database beside PostgreSQL's test database (backup and outage tests) ----------


def postgres_url(name: str) -> str:
    """The URL of database `name` on the server that holds the test database."""
    from django.db import connection

    source = connection.settings_dict
    auth = quote(source.get("USER") or "")
    if auth and source.get("PASSWORD"):
        auth += ":" + quote(source["PASSWORD"])
    host = f"{source.get('HOST') or '127.0.0.1'}:{source.get('PORT') or 5432}"
    return f"postgres://{auth + '@' if auth else ''}{host}/{name}"


def postgres_admin() -> Any:
    """An autocommit connection to the server's `postgres` database (CREATE/ALTER DATABASE)."""
    import psycopg2

    admin = psycopg2.connect(postgres_url("postgres"))
    admin.autocommit = True
    return admin


# Tools the suite runs, and the Debian package (system-packages.txt) that brings each.
SYSTEM_TOOLS = {"pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "chromium": "chromium"}


def system_tool(name: str) -> str:
    """The tool's path. A missing tool fails the test: `make test` installs it, CI has it."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed: run `make test`, which installs {SYSTEM_TOOLS[name]}",
            pytrace=False,
        )
    return path


@pytest.fixture
def poppler() -> None:
    system_tool("pdftotext")
    system_tool("pdffonts")


@pytest.fixture(scope="module")
def browser() -> Any:
    """Debian's Chromium driven by Playwright, with no network but this machine's."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=system_tool("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def database_name() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" in db["ENGINE"]:
        return f"PostgreSQL at {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    return "SQLite (the PostgreSQL-only tests skip)"


def pytest_report_header() -> str:
    return f"database: {database_name()}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(f"database: {database_name()}")


@dataclass
class Cases:
    referred: Case  # the case worker's, referred to the hub provider's organisation
    revoked: Case  # the case worker's, its consent revoked
    other: Case  # another council's


IDENTITY = {
    "name": "山本花子",
    "name_kana": "ヤマモトハナコ",
    "birth_date": datetime.date(1985, 4, 1),
    "address": "長岡市大手通9丁目8番7号",
    "phone": "0258-98-7654",
}
# How the identity reads on a page: the strings a reader without case.identity must never get.
IDENTITY_STRINGS = ["山本花子", "ヤマモトハナコ", "1985", "大手通9丁目", "0258-98-7654"]


def open_case(council: Council, by: User, **fields: Any) -> Case:
    from referrals import services

    values: dict[str, Any] = {
        "source": IntakeSource.CONFERENCE,
        "opened_on": datetime.date(2026, 5, 1),
        "age_band": AgeBand.FROM_30,
        "district": "川口地域",
        "disability_type": DisabilityType.MENTAL,
        "consent_scope": Consent.Scope.SHARING,
        "consent_given_on": datetime.date(2026, 5, 1),
        "consent_form": Consent.Form.WRITTEN,
        "consent_taken_by": by,
        **IDENTITY,
    }
    values.update(fields)
    return services.case_open(council=council, by=by, **values)


@pytest.fixture
def cases(cast: Cast) -> Cases:
    from referrals import services

    secretariat, worker = cast.users["secretariat"], cast.users["case_worker"]
    CouncilRole.objects.filter(user=secretariat).update(is_privacy_officer=True)
    referred = open_case(cast.council, worker)
    referred.case_managers.add(secretariat)
    Case.objects.filter(pk=referred.pk).update(
        referred_organization=cast.org, referral_until=datetime.date(2099, 3, 31)
    )
    revoked = open_case(cast.council, worker, name="取消太郎")
    services.consent_revoke(case=revoked, reason="本人の申し出", by=worker)
    other_secretariat = make_user("other_secretariat", cast.other_council, "secretariat")
    other = open_case(cast.other_council, other_secretariat, name="別市次郎")
    for user in (secretariat, worker, other_secretariat):
        user.__dict__.pop("_council_access", None)
    referred.refresh_from_db()
    return Cases(referred=referred, revoked=revoked, other=other)


@dataclass
class Emergency:
    registration: Any  # the case worker's registered case, with the hub provider's organisation
    case: Case  # that case (its secretariat is its case manager)
    unregistered: Case  # the referred case: its emergency consent given, not registered yet


# How the registered person's identity reads on the roster.
EMERGENCY_IDENTITY = {
    "name": "緊急花子",
    "name_kana": "キンキュウハナコ",
    "address": "長岡市緊急町1丁目2番3号",
    "phone": "0258-11-2222",
}


def emergency_consent(case: Case, by: User) -> Consent:
    return Consent.objects.create(
        case=case,
        scope=Consent.Scope.EMERGENCY,
        given_on=datetime.date(2026, 5, 1),
        taken_by=by,
        form=Consent.Form.WRITTEN,
    )


@pytest.fixture
def emergency(cast: Cast, cases: Cases) -> Emergency:
    from referrals.models import EmergencyRegistration

    secretariat, worker = cast.users["secretariat"], cast.users["case_worker"]
    case = open_case(
        cast.council, worker, consent_scope=Consent.Scope.EMERGENCY, **EMERGENCY_IDENTITY
    )
    case.case_managers.add(secretariat)
    registration = EmergencyRegistration.objects.create(
        case=case,
        risk_summary="夜間に不安が強まり自傷のおそれ",
        crisis_response="母に連絡し、短期入所へ",
        emergency_contacts="母 0258-33-4444",
        medical_notes="服薬：朝夕",
        preferred_place="ショートステイふかさわ",
        registered_on=datetime.date(2026, 5, 1),
        review_on=datetime.date(2027, 4, 30),
        by=worker,
    )
    registration.organizations.add(cast.org)
    emergency_consent(cases.referred, worker)
    return Emergency(registration=registration, case=case, unregistered=cases.referred)
