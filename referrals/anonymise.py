"""The anonymisation check of a regional issue raised from a case (issue #21 §4).

- `identity_problems`: the text must not contain the case's name (whole, kana, or the family
  or given name alone when written apart), birth date (ISO, slashes, 年月日 and 和暦, zero-padded
  or not), address (whole, or from the town on) or phone (its digits, whatever the
  punctuation). The messages name what was found, never the value.
- `small_group`: fewer than K cases of the council share the case's age band, district and
  disability type: the combination itself may identify the person (a warning, confirmed by
  whoever raises the issue).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

from council import wareki
from referrals.models import Case, CaseIdentity

K = 3
_SPACE = re.compile(r"[\s\u3000・･]+")
# A number as a phone is written: digits with hyphens, dashes, brackets or spaces between.
_PHONE_RUN = re.compile(r"\d[\d\-‐－―ー()\s]*\d")


def _plain(text: str) -> str:
    """NFKC (full-width digits and letters), no spaces, no dots between names."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text or ""))


def _name_forms(identity: CaseIdentity) -> set[str]:
    forms = set()
    for name in (identity.name, identity.name_kana):
        name = unicodedata.normalize("NFKC", name or "").strip()
        if not name:
            continue
        forms.add(_plain(name))
        # 山本 花子: the family name or the given name alone identifies too.
        forms.update(part for part in _SPACE.split(name) if len(part) >= 2)
    return {form for form in forms if form}


def _date_forms(day: datetime.date) -> set[str]:
    y, m, d = day.year, day.month, day.day
    forms = {
        day.isoformat(),
        f"{y}/{m:02d}/{d:02d}",
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{y}-{m}-{d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
        f"{y:04d}{m:02d}{d:02d}",
    }
    try:
        forms.add(_plain(wareki.format_date(day)))
        name, year = wareki.era_of(day)
        forms.add(f"{name}{year}年{m}月{d}日")  # 令和1年 as well as 令和元年
        forms.add(f"{name}{year:02d}年{m:02d}月{d:02d}日")
    except wareki.WarekiError:
        pass
    return forms


def _address_forms(address: str) -> set[str]:
    address = _plain(address)
    if not address:
        return set()
    forms = {address}
    # 長岡市大手通9丁目8番7号: also from the town on (大手通9丁目8番7号), as it is usually written.
    for mark in ("市", "区", "町", "村", "郡"):
        _head, found, tail = address.partition(mark)
        if found and len(tail) >= 4:
            forms.add(tail)
    return forms


def identity_problems(case: Case, *texts: str) -> list[str]:
    """What of the case's identity the texts contain, as messages naming it (empty: none)."""
    identity = CaseIdentity.objects.filter(case=case).first()
    if identity is None:  # purged: nothing left to leak
        return []
    text = _plain(" ".join(texts))
    problems = []
    if any(form in text for form in _name_forms(identity)):
        problems.append(_("The text contains the person's name."))
    if identity.birth_date and any(
        _plain(form) in text for form in _date_forms(identity.birth_date)
    ):
        problems.append(_("The text contains the person's birth date."))
    if any(form in text for form in _address_forms(identity.address)):
        problems.append(_("The text contains the person's address."))
    phone = _digits(identity.phone)
    runs = _PHONE_RUN.findall(unicodedata.normalize("NFKC", " ".join(texts)))
    if len(phone) >= 6 and any(phone in _digits(run) for run in runs):
        problems.append(_("The text contains the person's phone number."))
    return problems


def group_size(case: Case) -> int:
    """How many cases of the council share the case's age band, district and disability type."""
    return Case.objects.filter(
        council_id=case.council_id,
        age_band=case.age_band,
        district=case.district,
        disability_type=case.disability_type,
    ).count()


def small_group(case: Case) -> bool:
    return group_size(case) < K
