"""The demo year's documents print like the seed's sheets, with only our fonts embedded.

The expected lines are copied from the seed (../shared/seeds/003_…txt, the council's annual
report): pdftotext of our PDF must contain each of them, spaces and line breaks aside.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from council.models import BodyYear, Council, FiscalYear
from subcommittees import annual, printouts, services
from subcommittees.models import ActionPlan, ActivityPolicy, ReviewSheet, StatusReport

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("poppler"),
]

SHIPPED_FONTS = {"IPAexMincho", "IPAexGothic", "Kyogikai-Checkboxes"}

SHURO_REPORT = [
    "令和2年度 就労部会 検討状況報告書",
    "令和3年1月15日 更新",
    "障がい者就業・生活支援センターこしじ 佐々木様",
    "事越路ハイム地域生活支援センター 今井",
    "事長岡市障害者基幹相談支援センター 近藤、布川",
    "※事は事務局",
    "取組方針",
    "就労系サービスの現状を把握しながら、必要な取り組みについて検討する",
    "【第1回】 令和2年8月6日",
    "・長岡市障害者自立支援協議会について確認",
    "【第2回】 令和2年10月7日",
    "・第6期障害福祉計画について、部会より意見聴取を行った。",
    "【第3回】 令和2年11月30日",
    "・市内の就労定着支援事業所(5事業所中4事業所)に出席いただき、現状と課題について意見交換を実施した。",
    "【第4回】 令和3年1月12日",
    "今後の検討の方向性",
    "・今年度の部会は終了。次年度も就労部会を開催し、引き続き就労定着支援について必要な取り組みを行っていく。",
]
SHURO_REVIEW = [
    "令和2年度 就労部会 振り返り・評価シート",
    "作成：令和3年1月4日",
    "【活動方針】",
    "【メンバーの感想・意見（協議会活動を通じての振り返り）】",
    "・部会の取り組みを通して就労定着支援の内容がつかめた。",
    "・就労パスポートを雇用(就労)促進のツールに活用したい。",
    "開催回数 4回",
    "協議会の機能：",
    "☑ 情報機能",
    "☑ 継続する場合（モニタリングも含む）",
    "活動方針（案） 就労定着率アップにつながるよう、【就労パスポート】の周知と活用促進を行う。",
    "☐ 終了する場合",
]
SOUDAN_REPORT = [
    "令和2年度 相談支援部会 検討状況報告書",
    "令和3年2月19日 更新",
    "相談支援従事者が、個別相談支援から確認した地域課題をあげ、効果的な解決方法を検討し実行する。",
    "【第1回】 令和2年7月9日",
    "【第3回】 令和2年9月10日",
    "【第6回】 令和3年2月18日",
    "・冊子作成の進捗について報告。",
    "・今年度の振り返り評価をおこなった。",
    "運営会議への伝達事項等",
    "・冊子作成については、現時点で2社へ見積書の作成を依頼中。",
]
SOUDAN_REVIEW = [
    "令和2年度 相談支援部会 振り返り・評価シート",
    "開催回数 6回",
    "開催月 7、8、9、11、12、2月",
    "・地域ごとに抱える課題は違うと感じる。その中から1つに絞ることは難しいと感じた。",
    "引き継ぎ事項等",
]
SOUDAN_PLAN = [
    "アクションプラン",
    "目指すべき状態・姿",
    "『支援者や相談先が明確で、安心感を持ってもらえる体制』",
    "誰・どこに対して",
    "誰が・何を・どうする",
    "地域に近い存在である民生委員や保健師に対して、障害の相談窓口の周知を図るため",
    "◇相談支援部会が",
]
SOUDAN_POLICY = [
    "令和2年度 相談支援部会 活動方針",
    "【これまでの経過】",
    "①「重度の身体障害の入浴手段」⇒H30年度ワーキングにて、移動入浴制度改正の成果を確認のうえ取扱い終了。",
    "【今年度の方針】",
]


def squash(text: str) -> str:
    """pdftotext wraps lines and pads cells: compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def pdf_text(tmp_path: Path, content: bytes) -> str:
    """In content-stream order (-raw): a table reads cell by cell, as the reader meant it."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(tmp_path: Path, content: bytes) -> set[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return {line.split()[0].split("+", 1)[-1] for line in listing}


def pages(tmp_path: Path, content: bytes) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def missing(expected: list[str], text: str) -> list[str]:
    flat = squash(text)
    return [line for line in expected if squash(line) not in flat]


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)


def document(model: type, body: str) -> Any:
    return model.objects.get(body_year__body__name=body, body_year__fiscal_year__year=2020)


@pytest.mark.parametrize(
    ("model", "body", "expected"),
    [
        (StatusReport, "就労部会", SHURO_REPORT),
        (ReviewSheet, "就労部会", SHURO_REVIEW),
        (StatusReport, "相談支援部会", SOUDAN_REPORT),
        (ReviewSheet, "相談支援部会", SOUDAN_REVIEW),
        (ActionPlan, "相談支援部会", SOUDAN_PLAN),
        (ActivityPolicy, "相談支援部会", SOUDAN_POLICY),
    ],
    ids=lambda v: getattr(v, "__name__", v) if not isinstance(v, list) else "",
)
def test_the_sheet_reads_like_the_seed(
    demo: None, tmp_path: Path, model: type, body: str, expected: list[str]
) -> None:
    content = services.render_document(document(model, body))
    assert missing(expected, pdf_text(tmp_path, content)) == []
    assert pdf_fonts(tmp_path, content) <= SHIPPED_FONTS
    assert {"IPAexMincho", "IPAexGothic"} <= pdf_fonts(tmp_path, content)


def test_the_functions_and_the_decision_are_ticked_as_stored(demo: None, tmp_path: Path) -> None:
    sheet = document(ReviewSheet, "就労部会")
    sheet.functions, sheet.next_year, sheet.end_reason = ["評価機能"], "end", "目的を達成した"
    text = squash(pdf_text(tmp_path, services.render_document(sheet)))
    assert "☐情報機能" in text and "☑評価機能" in text
    assert "☐継続する場合" in text and "☑終了する場合" in text
    assert "目的を達成した" in text


def test_user_text_is_printed_not_interpreted(demo: None, tmp_path: Path) -> None:
    report = document(StatusReport, "就労部会")
    report.direction = '<b>太字</b><img src="file:///etc/passwd">'
    text = pdf_text(tmp_path, services.render_document(report))
    assert '<b>太字</b><img src="file:///etc/passwd">' in text


def test_the_annual_report_has_a_cover_contents_the_grid_and_every_body(
    demo: None, tmp_path: Path
) -> None:
    from django.contrib.auth import get_user_model

    council = Council.objects.get(slug__isnull=False, bodies__name="就労部会")
    year = FiscalYear.objects.get(council=council, year=2020)
    user = get_user_model().objects.get(username="jimukyoku")
    content = annual.build(council.pk, year.year, user.pk)
    text = pdf_text(tmp_path, content)
    flat = squash(text)
    total = pages(tmp_path, content)
    assert total >= 20
    assert squash(f"{council.name} 年次報告書") in flat and "目次" in text
    assert "全体スケジュール" in text and "(書面会議)" in text and "休止" in text
    assert "協議会の概要" in text and "【その他の会議】" in text and "次年度" in text
    for title in ["令和2年度 就労部会 検討状況報告書", "令和2年度 相談支援部会 アクションプラン"]:
        assert squash(title) in flat
    # The demo's documents are all published: bound in as frozen, each with its footer.
    assert flat.count("文書番号") >= 15
    assert pdf_fonts(tmp_path, content) <= SHIPPED_FONTS


def test_the_issue_list_shows_the_seeds_issues_as_a_timeline(demo: None, tmp_path: Path) -> None:
    council = Council.objects.get(bodies__name="相談支援部会")
    text = squash(pdf_text(tmp_path, printouts.render_issue_list(council)))
    for line in [
        "①重度の身体障害の入浴手段",
        "④行動障害がある児童のサービス利用",
        "精神障害者が地域で暮らしにくい",
    ]:
        assert squash(line) in text
    assert "令和2年度（令和2年7月9日）検討中" in text


def test_the_body_summary_is_one_page_from_what_the_reader_may_see(
    demo: None, tmp_path: Path
) -> None:
    from django.contrib.auth import get_user_model

    body_year = BodyYear.objects.get(body__name="就労部会", fiscal_year__year=2020)
    city = get_user_model().objects.get(username="city")
    content = printouts.render_body_summary(body_year, city)
    assert pages(tmp_path, content) == 1
    text = squash(pdf_text(tmp_path, content))
    assert "＜年4回開催" in text and "第1回令和2年8月6日" in text


def test_the_pdf_views_answer_with_a_pdf(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="city"))
    body_year = BodyYear.objects.select_related("body").get(
        body__name="就労部会", fiscal_year__year=2020
    )
    for url in [
        reverse("subcommittees:issue-list-pdf"),
        reverse("subcommittees:body-summary-pdf", args=[body_year.body.pk, 2020]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")


def test_the_report_page_lists_the_roster_and_the_bullets_as_the_sheet_does(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="city"))
    body_year = BodyYear.objects.get(body__name="就労部会", fiscal_year__year=2020)
    url = reverse("subcommittees:sheet-detail", args=[body_year.body_id, 2020, "report"])
    page = client.get(url).content.decode()
    roster = re.search(r"部会員</th><td>(.*?)<br>", page)
    assert roster is not None
    line = roster.group(1)
    assert "障がい者就業・生活支援センターこしじ 佐々木" in line
    assert "事越路ハイム地域生活支援センター 今井" in line
    assert (
        "事長岡市障害者基幹相談支援センター 近藤、事長岡市障害者基幹相談支援センター 布川" in line
    )
