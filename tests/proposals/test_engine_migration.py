"""Today's proposals move onto the document engine without losing a field: the signer typed
in `chair` is the engine's signer_name afterwards, and the sections, blocks and answers stay."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("proposals", "0008_block_tags")
AFTER = ("proposals", "0010_document_head")


def every_app_at(target: tuple[str, str], executor: MigrationExecutor) -> list[tuple[str, str]]:
    """Every app at its latest migration, proposals at `target` (the rest's state must match
    the tables: only proposals move)."""
    leaves = executor.loader.graph.leaf_nodes()
    return [target, *(node for node in leaves if node[0] != "proposals")]


@pytest.mark.django_db(transaction=True)
def test_a_proposal_keeps_its_signer_sections_and_answers_across_the_move() -> None:
    executor = MigrationExecutor(connection)
    before = every_app_at(BEFORE, executor)
    executor.migrate(before)
    old: Any = executor.loader.project_state(before).apps
    council = old.get_model("council", "Council").objects.create(
        name="移行市協議会", municipality="移行市", slug="migration"
    )
    year = old.get_model("council", "FiscalYear").objects.create(council=council, year=2022)
    body = old.get_model("council", "Body").objects.create(council=council, name="相談支援部会")
    proposal = old.get_model("proposals", "Proposal").objects.create(
        council=council,
        fiscal_year=year,
        body=body,
        title="＜提言＞",
        chair="部会長 山田太郎",
        preamble="はじめに、",
    )
    section = old.get_model("proposals", "ProposalSection").objects.create(
        proposal=proposal, order=1, heading="相談", numbering="１、", answer="検討します。"
    )
    old.get_model("proposals", "SectionBlock").objects.create(
        section=section, order=1, kind="bullet", marker="◆", text="夜間の窓口"
    )

    executor = MigrationExecutor(connection)
    after = every_app_at(AFTER, executor)
    executor.migrate(after)
    new: Any = executor.loader.project_state(after).apps
    moved = new.get_model("proposals", "Proposal").objects.get(pk=proposal.pk)
    assert moved.signer_name == "部会長 山田太郎"
    assert (moved.preamble, moved.title) == ("はじめに、", "＜提言＞")
    part = moved.sections.get()
    assert (part.heading, part.numbering, part.answer) == ("相談", "１、", "検討します。")
    block = part.blocks.get()
    assert (block.marker, block.text, block.functions) == ("◆", "夜間の窓口", [])

    # Back to the latest state, for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
