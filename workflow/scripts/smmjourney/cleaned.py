"""Reading what the clean and split steps wrote, for the steps after them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def read_answers(
    path: str, ids_from: str | None = None, questions: Sequence[str] | None = None
) -> pd.DataFrame:
    """The cleaned answers (of ``questions`` only, when given); with the respondents' ids when
    ``ids_from`` names the respondents table (weights and cohort rules work by id)."""
    import pandas as pd

    from smmjourney.clean.coding import with_respondent_ids

    answers = pd.read_parquet(
        path, filters=[("question", "in", list(questions))] if questions is not None else None
    )
    return (
        with_respondent_ids(answers, pd.read_parquet(ids_from, columns=["respondent_id"]))
        if ids_from
        else answers
    )
