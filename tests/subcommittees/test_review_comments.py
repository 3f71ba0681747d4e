"""What the review sheet's page shows of the members' comments: each comment escaped with its
author, an edit link only where the reader may edit it, and who has not written yet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council.models import Membership, Person
from subcommittees import services
from subcommittees.models import ReviewComment
from tests.conftest import Cast


def review_page(cast: Cast, role: str) -> str:
    url = reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, "review"])
    response = cast.client(role).get(url)
    assert response.status_code == 200
    return response.content.decode()


def edit_url(cast: Cast, person: Person) -> str:
    return reverse("subcommittees:comment-edit", args=[cast.body_a.pk, 2020, person.pk])


def hostile_comment(cast: Cast) -> Person:
    person = Person.objects.create(council=cast.council, name='<b>"斎藤"</b>')
    Membership.objects.create(person=person, body=cast.body_a, fiscal_year=cast.year)
    ReviewComment.objects.create(
        sheet=cast.review_a, person=person, text="<script>x()</script> & 次年度\n二行目"
    )
    return person


def test_comments_are_escaped_with_their_line_breaks(cast: Cast) -> None:
    hostile_comment(cast)
    page = review_page(cast, "member_a")
    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt; &amp; 次年度<br>二行目" in page
    assert "（&lt;b&gt;&quot;斎藤&quot;&lt;/b&gt;）" in page
    assert '<b>"斎藤"</b>' not in page
    assert '現場の生の声が聞けた。 <span class="small">（佐々木）</span>' in page


def test_a_member_may_edit_only_their_own_comment(cast: Cast) -> None:
    other = hostile_comment(cast)
    page = review_page(cast, "member_a")
    assert f'href="{edit_url(cast, cast.person_a)}">編集' in page
    assert edit_url(cast, other) not in page


def test_the_secretariat_may_edit_every_comment(cast: Cast) -> None:
    other = hostile_comment(cast)
    page = review_page(cast, "secretariat")
    for person in (cast.person_a, other):
        assert f'href="{edit_url(cast, person)}">編集' in page
    assert '<span class="visually-hidden"> &lt;b&gt;&quot;斎藤&quot;&lt;/b&gt;</span>' in page


def test_a_reader_who_may_not_write_sees_the_comments_without_links(cast: Cast) -> None:
    page = review_page(cast, "auditor")
    assert "現場の生の声が聞けた。" in page
    assert "/documents/review/comments/" not in page


def test_members_who_have_not_written_are_named(cast: Cast) -> None:
    page = review_page(cast, "member_ab")
    not_written = page.split("未記入：", 1)[1].split("</p>", 1)[0]
    ab = Person.objects.get(name="渡辺")
    assert f'href="{edit_url(cast, ab)}">渡辺</a>' in not_written  # their own: a link
    assert "佐々木" not in not_written  # has written


def test_a_sheet_without_comments_says_so(cast: Cast) -> None:
    ReviewComment.objects.filter(sheet=cast.review_a).delete()
    page = review_page(cast, "member_a")
    assert "<li>感想・意見はまだありません。</li>" in page


# --- two first comments at one moment ---------------------------------------------------------


def test_two_first_comments_at_one_moment_keep_the_first_and_refuse_the_second(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The secretariat's first comment for 渡辺 is stored while 渡辺's own save runs: that save
    read "no comment yet" (simulated), and its insert meets the secretariat's row."""
    author = Person.objects.get(name="渡辺")
    ReviewComment.objects.create(
        sheet=cast.review_a, person=author, text="事務局の代筆", revision=1
    )
    monkeypatch.setattr(services, "own_comment", lambda **_: None)  # read before it was stored
    response = cast.client("member_ab").post(
        edit_url(cast, author), {"text": "本人が書いた感想", "revision": 0}
    )
    assert response.status_code == 400  # the form again, as every refused form, not a 500
    page = response.content.decode()
    assert "ほかの方がこの記録を先に保存しました" in page and "本人が書いた感想" in page
    assert ReviewComment.objects.get(person=author).text == "事務局の代筆"


def test_a_first_comment_saved_meanwhile_refuses_a_page_opened_before_it(cast: Cast) -> None:
    author = Person.objects.get(name="渡辺")
    url = edit_url(cast, author)
    opened = cast.client("member_ab").get(url).context["form"]["revision"].value()
    first = cast.client("secretariat").post(url, {"text": "事務局の代筆", "revision": opened})
    assert first.status_code == 302
    late = cast.client("member_ab").post(url, {"text": "本人が書いた感想", "revision": opened})
    assert late.status_code == 400
    assert "本人が書いた感想" in late.content.decode()
    assert ReviewComment.objects.get(person=author).text == "事務局の代筆"
