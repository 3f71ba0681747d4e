"""The hub's three PDFs: the seed's table comes back as text, only our embedded IPAex fonts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from demo.hub import seed_hub
from tests.conftest import Cast
from tests.hubs.conftest import Hub

pytestmark = [
    pytest.mark.usefixtures("poppler"),
]

# The seed's sentences for ①相談 (自立支援協議会での取り組み and 今後の市の取り組み).
CONSULTATION = [
    (
        "○「相談」機能は体制部会と連動して検討することとなっていたが、相談体制部"
        "会において地域生活支援拠点の「相談」機能についての確認や協議は未実施。"
    ),
    "しかし以下の動きが進んでいることを自立支援協議会の中で確認している。",
    (
        "・平成 28 年に基幹相談支援センターを設置し、困難ケースの対応や地域移"
        "行支援、地域定着支援のバックアップ、相談支援事業所の後方支援を行っている。"
    ),
    (
        "・市内の相談体制として、基幹センター、委託相談、計画相談があり、国や県の"
        "示す重層的な相談支援体制整備に準じ、長岡市バージョンの 3 層構造を展開"
        "することが出来ている。"
    ),
    (
        "・平成 31 年度に委託相談支援の地区担当制を導入し、福祉サービスの利用"
        "に至っていない人の相談窓口を明確化している。"
    ),
    (
        "・自立支援協議会の中に相談体制部会を設置し、長岡市の相談体制全般について"
        "協議する場を設けている。"
    ),
    (
        "・「委託相談支援事業所との連絡会議」や「相談支援ミーティング」を 2 か"
        "月に 1 回実施し、現状把握や課題抽出、必要な協議検討を行う機会を設けて"
        "いる。"
    ),
    "・24h コールセンターを 2 法人が実施しており、事業内容の確認を行った。",
    "これを踏まえて 3 層の相談支援体制との役割を整理していく必要があるのではないかと。",
    "【多機能拠点型】・既存のながおかホームで機能させていく。",
    (
        "・既に相談体制の整備を進めており、委託相談の地区担当制を導入して窓口の明"
        "確化を図っていることや、24 時間の相談体制をとっているところがある等、"
        "障害の特性に起因して生じた緊急の事態等に、必要なサービスのコーディネート"
        "や相談を行う体制が整備されつつあるため、実施内容や実施方法を定める。"
    ),
    "その後、関係者へ説明と協力を依頼していく。",
]


def squeeze(text: str) -> str:
    """pdftotext breaks lines inside cells: compare without any whitespace."""
    return "".join(text.split())


def pdf_text_and_fonts(tmp_path: Path, content: bytes) -> tuple[str, list[str]]:
    assert content.startswith(b"%PDF-")
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return text, fonts.stdout.splitlines()[2:]


def assert_only_embedded_ipaex(fonts: list[str]) -> None:
    assert fonts
    for line in fonts:
        assert "IPAex" in line, line
        assert line.split()[-5] == "yes", line  # the "emb" column


def test_the_hub_pdf_prints_the_seeds_table(cast: Cast, tmp_path: Path) -> None:
    seed_hub(cast.council)
    response = cast.client("city").get(reverse("hubs:hub-pdf", args=[2020]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, fonts = pdf_text_and_fonts(tmp_path, response.content)
    flat = squeeze(text)
    for heading in ["機能", "自立支援協議会での取り組み", "今後の市の取り組み", "整備目標"]:
        assert heading in text
    assert "令和4年1月" in flat
    assert "令和4年4月以降" in flat
    assert "優先順位：高" in flat
    assert "◇地域生活支援拠点の理念" in flat
    for sentence in CONSULTATION:
        assert squeeze(sentence) in flat, sentence
    # ②'s shared line is printed once, above the two types, as in the seed.
    assert flat.count(squeeze("・長岡市における「緊急時の定義」を決定する。")) == 1
    assert_only_embedded_ipaex(fonts)


def test_the_provider_register_pdf(cast: Cast, hub: Hub, tmp_path: Path) -> None:
    response = cast.client("auditor").get(reverse("hubs:provider-list-pdf"))
    assert response.status_code == 200
    text, fonts = pdf_text_and_fonts(tmp_path, response.content)
    flat = squeeze(text)
    assert "登録事業所名簿" in flat
    assert cast.org.name in flat
    assert "①②" in flat  # the functions carried
    assert "山田（" in flat
    assert "令和3年4月1日" in flat
    assert "別市の事業所" not in flat
    assert_only_embedded_ipaex(fonts)


def test_the_review_pdf(cast: Cast, hub: Hub, tmp_path: Path) -> None:
    response = cast.client("member_b").get(reverse("hubs:review-pdf", args=[2020]))
    assert response.status_code == 200
    assert "%E4%B8%8B%E6%9B%B8%E3%81%8D" in response["Content-Disposition"]  # （下書き）
    text, fonts = pdf_text_and_fonts(tmp_path, response.content)
    flat = squeeze(text)
    assert "運用状況の検証及び検討" in flat
    assert "受け入れ先が不足" in flat
    assert "就労部会第1回（令和2年8月1日）" in flat
    assert_only_embedded_ipaex(fonts)
