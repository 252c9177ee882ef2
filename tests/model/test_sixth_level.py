"""A sixth engagement level is one more row of levels.csv: nothing in code lists the levels."""

from dataclasses import replace

from ingest import read_stakeholders
from model import Scenario, evaluate
from present import charts, url
from present.data_views import template_csv


def with_sixth_level(sample: Scenario) -> Scenario:
    top = sample.levels[-1]
    sixth = replace(top, name="Co-produce", invite_multiplier=top.invite_multiplier * 1.2)
    return replace(sample, levels=(*sample.levels, sixth))


def test_a_sixth_level_is_used_by_the_model_the_link_the_chart_and_the_upload(
        sample: Scenario) -> None:
    six = with_sixth_level(sample)
    assert six.level_names[-1] == "Co-produce"
    moved = six.with_targets({six.groups[0].group: "Co-produce"})
    assert evaluate(moved).inbound_per_week > evaluate(six).inbound_per_week
    restored, problems = url.decode(url.encode(moved), six)
    assert not problems and restored == moved
    figure, _ = charts.level_dumbbell(moved)
    assert list(figure.layout.xaxis.ticktext)[-1] == "Co-produce"
    upload = template_csv().replace(b'"Consult"', b'"co-produce"')  # cells are quoted
    assert read_stakeholders(upload, "six.csv", levels=six.level_names).table[
        "target_level"].tolist() == ["Co-produce"]
    assert read_stakeholders(upload, "five.csv", levels=sample.level_names).problems
