"""I6's rules: which requests a person may make, how far one is, the archive of CSV files,
and the one-time download link."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from kit.errors import NotFoundRule, RuleBroken
from services.identity.domain import personal_data as rules

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def check(kind, **overrides):
    values = dict(email="p@example.com", is_owner=False, other_members=0, restricted=False, open_kinds=set())
    values.update(overrides)
    rules.check_request(kind, **values)


def refused(kind, **overrides) -> str:
    with pytest.raises(RuleBroken) as error:
        check(kind, **overrides)
    return error.value.code


def test_each_kind_may_be_asked_for_when_its_conditions_hold():
    for kind in ("export", "erase", "restrict"):
        check(kind)
    check("lift_restriction", restricted=True)
    check("erase", is_owner=True, other_members=0)  # a private person's own account


def test_an_export_goes_to_the_e_mail_of_the_settings_so_it_needs_one():
    assert refused("export", email=None) == "email_required"


def test_one_export_or_erasure_at_a_time_but_restrictions_are_instant():
    assert refused("export", open_kinds={"export"}) == "data_request_in_progress"
    assert refused("erase", open_kinds={"erase"}) == "data_request_in_progress"
    check("export", open_kinds={"erase"})


def test_the_first_user_of_an_account_others_use_is_not_erased():
    assert refused("erase", is_owner=True, other_members=2) == "owner_has_users"
    check("erase", is_owner=False, other_members=2)


def test_restricting_twice_or_lifting_nothing_is_refused():
    assert refused("restrict", restricted=True) == "already_restricted"
    assert refused("lift_restriction", restricted=False) == "not_restricted"
    assert refused("forget_me") == "data_request_kind_unknown"


def test_a_request_is_done_when_every_service_answered():
    assert rules.progress({"identity": "done", "orders": "pending"}) == "in_progress"
    assert rules.progress({"identity": "done", "orders": "done"}) == "done"


def test_the_archive_has_one_csv_per_service_and_table_readable_in_cyrillic():
    content = rules.archive({
        "identity": {"profile": [{"email": "p@example.com", "first_name": "Джил"}]},
        "orders": {"orders": [{"number": "1007783", "comment": "чай, погорячее"}, {"number": "1007784", "extra": "x"}],
                   "chat_messages": []},
    })
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["identity-profile.csv", "orders-chat_messages.csv", "orders-orders.csv"]
        raw = archive.read("orders-orders.csv").decode("utf-8")
        assert raw.startswith("\ufeff")  # spreadsheets read UTF-8 Cyrillic with the mark
        table = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
        assert table == [{"number": "1007783", "comment": "чай, погорячее", "extra": ""},
                         {"number": "1007784", "comment": "", "extra": "x"}]
        assert archive.read("identity-profile.csv").decode("utf-8").lstrip("\ufeff").splitlines()[1] == \
            "p@example.com,Джил"


def test_the_link_opens_once_until_it_expires():
    expires = rules.download_expiry(NOW, 3600)
    rules.check_download(downloaded_at=None, expires_at=expires, now=NOW + timedelta(minutes=59))
    with pytest.raises(NotFoundRule) as used:
        rules.check_download(downloaded_at=NOW, expires_at=expires, now=NOW)
    assert used.value.code == "download_used"
    with pytest.raises(NotFoundRule) as expired:
        rules.check_download(downloaded_at=None, expires_at=expires, now=expires)
    assert expired.value.code == "download_expired"
    with pytest.raises(NotFoundRule):  # its file already purged
        rules.check_download(downloaded_at=None, expires_at=None, now=NOW)
    assert rules.export_filename(NOW) == "personal-data-2026-12-01.zip"
