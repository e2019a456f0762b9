"""A request schema refuses JSON of another type than its field's instead of converting it
(issue 12, found by schemathesis): a fraction for an integer, a number for a boolean; a
query's strings still load."""
from __future__ import annotations

import pytest
from marshmallow import ValidationError, fields

from kit.schemas import Strict


class Sample(Strict):
    position = fields.Integer()
    flag = fields.Boolean()


@pytest.mark.parametrize("data", [{"position": 2.5e-42}, {"position": 1.5}, {"flag": 0}, {"flag": 1}, {"flag": 0.0}])
def test_another_json_type_is_refused(data):
    with pytest.raises(ValidationError):
        Sample().load(data)


@pytest.mark.parametrize("data, loaded", [({"position": 5.0}, {"position": 5}), ({"position": "7"}, {"position": 7}),
                                          ({"flag": True}, {"flag": True}), ({"flag": "false"}, {"flag": False})])
def test_whole_numbers_and_query_strings_load(data, loaded):
    assert Sample().load(data) == loaded
