"""At most MAX_GROUPS stakeholder groups, refused alike wherever a scenario comes in.

Ten thousand groups (from an upload or a JSON import) used to be accepted, and the CLI spent
over a minute on them (issue 29). Each way in now refuses with a message naming the field, the
count and the reason, and the largest allowed scenario still loads.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import model
from model.bounds import MAX_GROUPS
from present import data_views, url
from report.__main__ import BAD_INPUT, main
from store.json_io import scenario_from_json


def _groups(scenario: model.Scenario, count: int) -> tuple[model.StakeholderGroup, ...]:
    return tuple(replace(scenario.groups[0], group=f"Group {i}", part_of="", population=100)
                 for i in range(count))


@pytest.fixture(scope="module")
def sample() -> model.Scenario:
    return model.load_sample_scenario()


def test_the_scenario_holds_the_cap_and_refuses_one_more(sample: model.Scenario) -> None:
    assert len(replace(sample, groups=_groups(sample, MAX_GROUPS)).groups) == MAX_GROUPS
    with pytest.raises(ValueError, match=rf"groups = {MAX_GROUPS + 1} groups: expected at most "
                                         rf"{MAX_GROUPS} stakeholder groups"):
        replace(sample, groups=_groups(sample, MAX_GROUPS + 1))


def test_a_json_file_with_ten_thousand_groups_is_refused(sample: model.Scenario) -> None:
    data = sample.to_dict()
    data["groups"] = [data["groups"][0] | {"group": f"G{i}"} for i in range(10_000)]
    with pytest.raises(ValueError, match="file: groups = 10,000 groups: expected at most 200"):
        scenario_from_json(json.dumps(data).encode())


def test_the_cli_says_so_in_one_line_with_status_2(
        sample: model.Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = sample.to_dict()
    data["groups"] = [data["groups"][0] | {"group": f"G{i}", "part_of": ""}
                      for i in range(MAX_GROUPS + 1)]
    source = tmp_path / "many.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert main([str(source), "--csv", str(tmp_path / "out.csv")]) == BAD_INPUT
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and f"{MAX_GROUPS + 1} groups" in error and "at most 200" in error
    assert not (tmp_path / "out.csv").exists()


def test_a_link_naming_more_groups_than_allowed_is_ignored_with_a_note(
        sample: model.Scenario) -> None:
    levels = ";".join(f"{sample.groups[0].group}:Consult" for _ in range(MAX_GROUPS + 1))
    decoded, problems = url.decode({"levels": levels}, sample)
    assert decoded == sample
    assert len(problems) == 1 and "at most 200 stakeholder groups" in problems[0]


def test_an_uploaded_stakeholder_file_with_too_many_rows_is_refused(
        sample: model.Scenario) -> None:
    table = data_views.groups_to_frame(_groups(sample, MAX_GROUPS + 1))
    with pytest.raises(ValueError, match=f"{MAX_GROUPS + 1} groups"):
        data_views.apply_stakeholders(sample, table, "replace")
