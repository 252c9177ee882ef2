"""A new contact channel is data: a row of channels.csv, its price in settings.csv and a column of
stakeholders.csv, and nothing in code (issue 23).

An email channel is added to a copy of sample_data/. Its contacts are priced in money, written in
the workbook as formulas LibreOffice recalculates to the app's NPV, and shown in the Assessment
table beside phone and visit. The oracle for the money: email that is a copy of visit (the same
price, in the same price year) and takes half of each group's visit share must leave every figure
where the sample has it, as contacts avoided are proportional to the share.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

import ingest.stakeholders  # noqa: F401  reads channels.csv on import: the real one, before
import model  # any test patches in the copy (else the copy's columns stay for the session)
from model import Scenario, evaluate
from model.measurement import measurement_plan
from present import frames, url
from present.words import with_measure_words
from report.workbook import build_workbook, workbook_bytes
from sample_data import loader

EMAIL_ROW = "Email,contact,,an email,A\n"
VISIT_PRICE_2011_GBP = 8.62  # settings.csv's visit price (R1), in 2011 prices
EMAIL_PRICE_2024_GBP = 1.50  # a cheaper channel, entered in 2024 prices
LINE = "Calls and visits avoided"


def _copy_with_email(folder: Path, price_row: str) -> Path:
    """sample_data/ copied, with email added as data: a channel row, a price row and a share
    column taking half of each group's visit share (the other half stays with visit)."""
    target = folder / "sample_data"
    shutil.copytree(loader.FOLDER, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with open(target / "channels.csv", "a", encoding="utf-8") as handle:
        handle.write(EMAIL_ROW)
    with open(target / "settings.csv", "a", encoding="utf-8") as handle:
        handle.write(price_row)
    path = target / "stakeholders.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        half = float(row["visit_substitution_share"]) / 2
        row["visit_substitution_share"] = row["email_substitution_share"] = repr(half)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def _load(folder: Path) -> Scenario:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "FOLDER", folder)
        return model.load_sample_scenario()


@pytest.fixture(scope="module")
def sample() -> Scenario:
    return model.load_sample_scenario()


@pytest.fixture(scope="module")
def visit_twin(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """Email priced as a visit (same £, same price year): half the visits become emails."""
    folder = _copy_with_email(tmp_path_factory.mktemp("twin"),
                              f"economics,email_contact_gbp,{VISIT_PRICE_2011_GBP},R1,2011\n")
    return _load(folder)


@pytest.fixture(scope="module")
def cheap_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_with_email(tmp_path_factory.mktemp("cheap"),
                            f"economics,email_contact_gbp,{EMAIL_PRICE_2024_GBP},A,2024\n")


@pytest.fixture(scope="module")
def cheap_email(cheap_folder: Path) -> Scenario:
    return _load(cheap_folder)


def test_the_data_alone_makes_email_a_contact_channel(cheap_email: Scenario) -> None:
    assert cheap_email.contact_channels == ("phone", "visit", "email")
    assert cheap_email.economics.contact_price_gbp("email") == EMAIL_PRICE_2024_GBP
    residents = cheap_email.groups[0]
    assert residents.substitution_share("email") == residents.substitution_share("visit") == 0.025


def test_email_priced_as_a_visit_leaves_every_figure_where_it_was(
        sample: Scenario, visit_twin: Scenario) -> None:
    before, after = evaluate(sample), evaluate(visit_twin)
    assert after.npv_gbp == pytest.approx(before.npv_gbp, abs=0.01)
    assert after.pv_benefits_gbp == pytest.approx(before.pv_benefits_gbp, abs=0.01)
    emails = after.flows.plan.of("email_contacts_avoided").sum()
    visits = after.flows.plan.of("visit_contacts_avoided").sum()
    assert emails == pytest.approx(visits) and emails > 0  # half of the sample's visits each
    assert visits == pytest.approx(before.flows.plan.of("visit_contacts_avoided").sum() / 2)


def test_a_cheaper_email_earns_less_by_exactly_its_contacts_times_the_price_gap(
        visit_twin: Scenario, cheap_email: Scenario) -> None:
    twin, cheap = evaluate(visit_twin), evaluate(cheap_email)
    visit_2024_gbp = VISIT_PRICE_2011_GBP * visit_twin.price_base.factor("visit_contact_gbp")
    emails = cheap.flows.plan.of("email_contacts_avoided") - cheap.flows.today.of(
        "email_contacts_avoided")
    gap = emails * (visit_2024_gbp - EMAIL_PRICE_2024_GBP)
    lost = twin.flows.annual_gbp["calls_and_visits_avoided"] - cheap.flows.annual_gbp[
        "calls_and_visits_avoided"]
    assert lost == pytest.approx(gap)
    assert cheap.npv_gbp < twin.npv_gbp


def test_the_workbook_prices_email_and_libreoffice_gets_the_apps_npv(
        cheap_email: Scenario, cheap_folder: Path, monkeypatch: pytest.MonkeyPatch,
        recalculate: Callable[[dict[str, bytes]], Path]) -> None:
    monkeypatch.setattr(loader, "FOLDER", cheap_folder)  # sources: settings.csv's rows
    result = evaluate(cheap_email)
    book = build_workbook(result)
    inputs = {row[1]: row for row in book["Inputs"].iter_rows(min_row=5, values_only=True)}
    assert inputs["email_contact_gbp"][2:6] == (EMAIL_PRICE_2024_GBP, "£", "A", 2024)
    volumes = [row[0] for row in book["Volumes"].iter_rows(values_only=True)]
    assert "Email contacts avoided by timely replies" in volumes
    sheet = book["Costs and benefits by year"]
    line = [c.value for c in sheet[3]].index(LINE)
    assert "vol_change_email_contacts_avoided*email_contact_gbp" in sheet.cell(7, line + 1).value
    folder = recalculate({"email": workbook_bytes(result)})
    values = load_workbook(folder / "email.xlsx", data_only=True)
    sheet_name, ref = next(iter(values.defined_names["NPV"].destinations))
    assert values[sheet_name][ref.replace("$", "")].value == pytest.approx(result.npv_gbp,
                                                                           abs=1.0)


def test_the_assessment_table_shows_email_beside_phone_and_visit(
        cheap_email: Scenario, cheap_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "FOLDER", cheap_folder)  # its words: channels.csv's row
    table = frames.groups_frame(cheap_email)
    shares = [c for c in table.columns if str(c).startswith("Replies that save")]
    assert shares == ["Replies that save a call (%)", "Replies that save a visit (%)",
                      "Replies that save an email (%)"]
    assert table["Replies that save an email (%)"].iloc[0] == pytest.approx(2.5)
    table.loc[0, "Replies that save an email (%)"] = 4.0
    edited, problems = frames.groups_from_frame(cheap_email, table)
    assert problems == [] and edited is not None
    assert edited.groups[0].substitution_share("email") == pytest.approx(0.04)


def test_email_survives_a_saved_file_and_a_link(sample: Scenario, cheap_email: Scenario) -> None:
    saved = json.loads(json.dumps(cheap_email.to_dict()))
    assert saved["economics"]["email_contact_gbp"] == EMAIL_PRICE_2024_GBP
    assert saved["groups"][0]["email_substitution_share"] == 0.025
    assert Scenario.from_dict(saved) == cheap_email
    dearer = replace(cheap_email, economics=cheap_email.economics.with_contact_prices(
        {"email": 2.5}))
    opened, problems = url.decode(url.encode(dearer, base=cheap_email), cheap_email)
    assert problems == [] and opened == dearer
    opened, problems = url.decode(url.encode(cheap_email, base=sample), sample)
    assert problems == [] and opened == cheap_email  # a link from email to the usual sample


PROBE = """
import sys
from pathlib import Path
from sample_data import loader
loader.FOLDER = Path(sys.argv[1])
from ingest.stakeholders import COLUMNS, read_stakeholders, template_table
from present.data_views import groups_to_frame, frame_to_groups
import model
print("email_substitution_share" in COLUMNS, "email_substitution_share" in template_table())
text = ("Group,Population,Follow us (%),Messages per follower a year,Today,Target,"
        "Replies that save a call (%),Replies that save a visit (%),"
        "Replies that save an email (%)\\nResidents,1000,10,1,Inform,Consult,20,5,7\\n")
table = read_stakeholders(text.encode(), "groups.csv").table
print(table.loc[0, "email_substitution_share"])
groups = model.load_sample_scenario().groups
print(frame_to_groups(groups_to_frame(groups)) == groups)
"""


def test_the_stakeholder_import_reads_an_email_column_when_channels_csv_lists_email(
        cheap_folder: Path) -> None:
    """The import's columns, headings and template are read from channels.csv when ingest is
    first imported, so this runs in a fresh interpreter that sees the copy."""
    run = subprocess.run([sys.executable, "-c", PROBE, str(cheap_folder)], capture_output=True,
                         text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "True", "0.07", "True"]


def test_the_measurement_plan_counts_the_emails_a_month_timely_replies_save(
        cheap_email: Scenario, cheap_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "FOLDER", cheap_folder)
    result = evaluate(cheap_email)
    plan = with_measure_words(measurement_plan(cheap_email, result, date(2027, 4, 1)), result)
    rows = plan.set_index("measure_id")
    email, visit = rows.loc["email_avoided_per_month"], rows.loc["visits_avoided_per_month"]
    assert email["measure"] == "Email contacts avoided"
    assert "save an email" in email["how_derived"]
    assert email["target"] == pytest.approx(visit["target"]) and email["target"] > 0  # halves


def test_a_stakeholder_file_without_the_column_saves_no_emails(cheap_folder: Path) -> None:
    """The county's own stakeholders.csv has no email column: nobody's email is saved there,
    and its figures are the county's without email."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "FOLDER", cheap_folder)
        county = model.load_sample_scenario("county")
    assert "email" in county.contact_channels
    assert all(g.substitution_share("email") == 0 for g in county.groups)
    usual = model.load_sample_scenario("county")
    assert evaluate(county).npv_gbp == pytest.approx(evaluate(usual).npv_gbp, abs=0.01)


def test_a_share_column_for_a_channel_channels_csv_does_not_list_is_refused_by_name(
        tmp_path: Path) -> None:
    folder = _copy_with_email(tmp_path, "economics,email_contact_gbp,1.5,A,2024\n")
    (folder / "channels.csv").write_text(
        (folder / "channels.csv").read_text(encoding="utf-8").replace(EMAIL_ROW, ""),
        encoding="utf-8")
    with pytest.raises(ValueError, match="settings.csv: email_contact_gbp .*channels.csv"):
        _load(folder)


def test_a_range_for_the_email_price_is_data_too(tmp_path: Path, sample: Scenario) -> None:
    """One row of uncertainty.csv gives email's price a range: the Monte Carlo draws it
    with the other pay-driven costs (rank correlation 0.8, assumption A16) and leaves every
    other input's draws as they were, the tornado gives it a bar and "What would have to be
    true" a break-even, all named for the channel."""
    from scipy.stats import spearmanr

    from model.analysis import PAY_RANK_CORRELATION, break_even, draw_factors, tornado
    folder = _copy_with_email(tmp_path, f"economics,email_contact_gbp,{EMAIL_PRICE_2024_GBP},A,"
                                        "2024\n")
    with open(folder / "uncertainty.csv", "a", encoding="utf-8") as handle:
        handle.write("email_contact_gbp,0.5,1.5,A\n")
    email = _load(folder)
    drawn, before = draw_factors(email, 20_000, seed=3), draw_factors(sample, 20_000, seed=3)
    assert drawn["email_contact_gbp"].min() >= 0.5 and drawn["email_contact_gbp"].max() <= 1.5
    rank = spearmanr(drawn["email_contact_gbp"], drawn["phone_contact_gbp"]).statistic
    assert abs(rank - PAY_RANK_CORRELATION) < 0.02
    assert all((drawn[name] == values).all() for name, values in before.items())
    bars = tornado(email).set_index("input")
    assert bars.loc["email_contact_gbp", "label"] == "cost of one email contact"
    assert bars.loc["email_contact_gbp", "swing_gbp"] > 0
    assert "email_contact_gbp" in set(break_even(email)["assumption"])
    assert "email_contact_gbp" in frames.uncertainty_frame(email).index
