"""Property tests of the state tables: any sequence of actions keeps a document in a known state,
and only the documented edges are ever taken."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council import workflow
from council.models import DocumentStatus
from proposals import services as proposals
from proposals.models import ProposalStatus

TABLES = {
    "sheet": (workflow.SHEET, DocumentStatus.DRAFT, set(DocumentStatus.values)),
    "minutes": (workflow.MINUTES, workflow.DRAFT, {"draft", "confirmed", "published"}),
    "proposal": (proposals.FLOW, ProposalStatus.DRAFT, set(ProposalStatus.values)),
}


@pytest.mark.parametrize("name", TABLES)
@given(data=st.data())
def test_random_action_sequences_stay_on_the_documented_edges(
    name: str, data: st.DataObject
) -> None:
    table, start, states = TABLES[name]
    actions = [*table, "delete", "publish-twice", ""]
    state = start
    for action in data.draw(st.lists(st.sampled_from(actions), max_size=30)):
        allowed = workflow.allowed_actions(table, state)
        if action in allowed:
            new = workflow.apply(table, action, state)
            assert (state, new) == (state, table[action][1])
            state = new
        else:
            with pytest.raises(workflow.InvalidTransition):
                workflow.apply(table, action, state)
        assert state in states


@pytest.mark.parametrize("name", TABLES)
def test_every_state_can_get_back_to_the_start(name: str) -> None:
    """No dead end: from every reachable state some path leads back to the first state."""
    table, start, _states = TABLES[name]
    reachable, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for action in workflow.allowed_actions(table, state):
            target = table[action][1]
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    for state in reachable:
        seen, frontier = {state}, [state]
        while frontier and start not in seen:
            current = frontier.pop()
            for action in workflow.allowed_actions(table, current):
                target = table[action][1]
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        assert start in seen, state
