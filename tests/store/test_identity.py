"""Issue 28: owner keys are exact and scoped to the issuer, look-alike names read differently on
screen, and of several people claiming one unowned scenario at once exactly one gets it.

The claim race runs on SQLite and, with TEST_DATABASE_URL set, PostgreSQL (where the probe saw
20 of 20 trials tell both people "yours").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_concurrency import run_together

from model import load_sample_scenario
from store import Actor
from store.repository import ScenarioStore
from ui.auth import owner_key, shown_name, visible

ISSUER = "https://accounts.example.org"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
ENTRA = f"https://login.microsoftonline.com/{TENANT}/v2.0"
SCENARIO = load_sample_scenario().to_dict()
HEADLINE = {"npv_gbp": 1.0, "fte_required": 1.0}


def actor(claims: dict[str, Any]) -> Actor:
    key = owner_key(claims)
    return Actor(key, shown_name(claims, key))


ALICE = {"iss": ISSUER, "sub": "alice", "email": "alice@example.org"}


def test_a_subject_with_spaces_around_it_is_someone_else() -> None:
    assert owner_key({**ALICE, "sub": " alice "}) != owner_key(ALICE)
    assert owner_key({**ALICE, "sub": "alice\u00a0"}) != owner_key(ALICE)


def test_entra_ids_count_only_from_entras_own_issuer_for_that_tenant() -> None:
    entra_user = {"iss": ENTRA, "sub": "pairwise-1", "tid": TENANT, "oid": "o-1"}
    other_provider = {"iss": "https://idp.other.example", "sub": "eve", "tid": TENANT,
                      "oid": "o-1"}
    other_tenant_url = {"iss": "https://login.microsoftonline.com/another/v2.0", "sub": "x",
                        "tid": TENANT, "oid": "o-1"}
    assert owner_key(entra_user) == f"entra:{TENANT}:o-1"
    assert owner_key(other_provider) == "https://idp.other.example eve"
    assert owner_key(other_tenant_url) != owner_key(entra_user)


def test_an_issuer_with_a_space_is_refused_it_would_make_keys_ambiguous() -> None:
    with pytest.raises(ValueError, match="iss"):
        owner_key({"iss": "https://a b", "sub": "c"})


@pytest.mark.parametrize("lookalike", [
    "alice@example.org\u200b", "alice@example.org\u00a0", "Alice@example.org",
    "al\u200dice@example.org", "alice@example.org\ufeff",
])
def test_look_alike_names_read_differently_on_screen(lookalike: str) -> None:
    impostor = {"iss": ISSUER, "sub": "mallory", "email": lookalike}
    assert actor(impostor).name != actor(ALICE).name
    assert actor(impostor).name.split(" (#")[1] != actor(ALICE).name.split(" (#")[1]


def test_invisible_characters_are_written_out() -> None:
    assert visible("ali\u200bce\u00a0x") == "ali<U+200B>ce<U+00A0>x"
    assert visible("Jo Bloggs") == "Jo Bloggs"


def test_the_same_person_always_reads_the_same() -> None:
    assert actor(ALICE).name == actor(dict(ALICE)).name


def test_the_spaced_subject_cannot_rename_overwrite_or_delete(store: ScenarioStore) -> None:
    alice, spaced = actor(ALICE), actor({**ALICE, "sub": " alice "})
    scenario_id = store.save("Alice's plan", "", SCENARIO, HEADLINE, alice)
    with pytest.raises(PermissionError):
        store.rename(scenario_id, "Taken", spaced)
    with pytest.raises(PermissionError):
        store.save("Alice's plan", "", SCENARIO, HEADLINE, spaced, overwrite=True)
    with pytest.raises(PermissionError):
        store.delete(scenario_id, spaced)
    assert store.get(scenario_id).summary.owner_key == alice.key


def test_of_twenty_people_claiming_one_unowned_scenario_exactly_one_gets_it(
        store: ScenarioStore) -> None:
    scenario_id = store.save("Unowned", "", SCENARIO, HEADLINE, None)
    people = [actor({"iss": ISSUER, "sub": f"person-{i}"}) for i in range(20)]
    outcomes = run_together(20, lambda i: store.claim(scenario_id, people[i]))
    winners = [i for i, outcome in enumerate(outcomes) if outcome is None]
    assert len(winners) == 1
    assert all(isinstance(outcome, PermissionError) for i, outcome in enumerate(outcomes)
               if i not in winners)
    assert store.get(scenario_id).summary.owner_key == people[winners[0]].key


def test_a_key_is_stored_exactly(tmp_path: Path) -> None:
    store = ScenarioStore(sqlite_path=tmp_path / "db" / "planner.db")
    spaced = Actor(f"{ISSUER}  alice ", "alice (#000000)")
    scenario_id = store.save("Mine", "", SCENARIO, HEADLINE, spaced)
    assert store.get(scenario_id).summary.owner_key == f"{ISSUER}  alice "
    store.close()
