"""What a check receives besides the record: configuration, the run's date and every record read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .config import Config
from .model import Publication, Trial

if TYPE_CHECKING:
    import pandas as pd

    from .linking import LinkSizes


@dataclass
class Context:
    config: Config
    today: dt.date
    trials: list[Trial] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    # The run's link group sizes when trials hold only one component of the links (auditor/corpus_index.py).
    link_sizes: "LinkSizes | None" = None

    def threshold(self, name: str):
        return self.config.threshold(name)

    @cached_property
    def by_id(self) -> dict[str, list[Trial]]:
        """Every rendering of every record, by registry id."""
        out: dict[str, list[Trial]] = {}
        for t in self.trials:
            out.setdefault(t.id, []).append(t)
        return out

    @cached_property
    def tables(self) -> dict[str, "pd.DataFrame"]:
        from .tables import build_tables
        return build_tables(self.trials, self.publications)
