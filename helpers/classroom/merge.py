"""Merging the class's hand-ins into one table, and noticing what looks like someone else's work.

A hand-in file has an *owner*: the annotator with the most records in it (a tie: the name that
sorts first). A file with more than ``MAX_NAMES_PER_HANDIN`` names (a class table collected
earlier, say) is nobody's hand-in and has no owner. Then, for every annotation id found in more
than one file:

* the same content everywhere: the copies are merged (a student who handed in twice);
* different content, same annotator, files of the same owner: an edit between two hand-ins;
  the copy with the latest ``modified`` time is kept (a tie: the file that sorts last);
* anything else (the id under two annotators, or a changed copy in a file someone else handed
  in) is a **conflict**: it is listed with every file it came from, and only the copy from a file
  that its own annotator handed in is kept (none, when there is no such copy) — so nobody can
  change a classmate's work by handing in a file with the classmate's ids.

And a *flag* (a warning, nothing is removed) for every annotator name found in a hand-in that
someone else handed in: a pair that did not put both names on its hand-in looks like this, and
so does a student handing in work under a classmate's name. The teacher decides.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: A pair or a trio on one laptop hands in one file with their names; more is not a hand-in.
MAX_NAMES_PER_HANDIN = 3


@dataclass
class Merged:
    """What ``merge`` made: the class table, and what the teacher should look at."""

    table: pd.DataFrame
    duplicates: int = 0  # extra copies merged away
    duplicate_ids: int = 0  # annotations that had more than one copy
    conflicts: list[dict] = field(default_factory=list)  # id, annotators, files, kept
    flags: list[dict] = field(default_factory=list)  # annotator, files, owners


def owners(pairs: Counter, declared: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Each hand-in file's owner from ``Counter((file, annotator))``: the names the file says
    handed it in (``declared``, joined with " + "), else the annotator with the most records
    in it (a tie: first by name). Files with more than ``MAX_NAMES_PER_HANDIN`` names have none.
    """
    declared = declared or {}
    names: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (file, annotator), n in pairs.items():
        names[file].append((-n, annotator))
    found = {
        file: min(counts)[1]
        for file, counts in names.items()
        if len(counts) <= MAX_NAMES_PER_HANDIN
    }
    found.update({file: " + ".join(sorted(who)) for file, who in declared.items() if who})
    return found


def owned_by(owner: str | float, annotator: str) -> bool:
    """True if ``annotator`` is (one of) the owner(s) of a file ("ana + ben")."""
    return isinstance(owner, str) and annotator in owner.split(" + ")


def _flags(pairs: Counter, owner: dict[str, str], file_order: dict[str, int]) -> list[dict]:
    """A flag for each name found in a hand-in that someone else handed in."""
    files_of: dict[str, set[str]] = defaultdict(set)
    for file, annotator in pairs:
        if file in owner and not owned_by(owner[file], annotator):
            files_of[annotator].add(file)
    return [
        {
            "annotator": annotator,
            "files": ", ".join(sorted(files_of[annotator], key=file_order.get)),
            "owners": "; ".join(owner[f] for f in sorted(files_of[annotator], key=file_order.get)),
        }
        for annotator in sorted(files_of)
    ]


def merge(
    table: pd.DataFrame,
    file_order: dict[str, int],
    declared: dict[str, list[str]] | None = None,
) -> Merged:
    """Merge copies of the same annotation id found in several files (see the module's text).

    ``table`` has one row per annotation read, with its ``file`` and a ``content`` column (equal
    for equal records); ``file_order`` gives each file's place in the sorted file list. Returns
    a ``Merged`` whose table has one row per id, a ``copies`` column and no ``content``.
    ``declared``: the names each hand-in file says handed it in (a pair on one laptop).
    """
    import pandas as pd

    pairs = Counter(zip(table["file"], table["annotator"], strict=True))
    owner = owners(pairs, declared)
    result = Merged(table, flags=_flags(pairs, owner, file_order))
    repeated = table["id"].duplicated(keep=False)
    copies = table.groupby("id")["id"].transform("size") if repeated.any() else 1
    table = table.assign(copies=copies)
    keep = ~repeated
    if repeated.any():
        several = table[repeated].assign(
            owner=table.loc[repeated, "file"].map(owner),
            order=table.loc[repeated, "file"].map(file_order),
            when=pd.to_datetime(table.loc[repeated, "modified"], format="ISO8601", utc=True),
        )
        result.duplicates = int(repeated.sum() - several["id"].nunique())
        result.duplicate_ids = int(several["id"].nunique())
        kept_rows = _resolve(several, table, file_order, result)
        keep = keep | table.index.isin(kept_rows)
    merged = table[keep].drop(columns=["content"])
    merged = merged.sort_values(["annotator", "start", "created", "id"], kind="stable")
    result.table = merged.reset_index(drop=True)
    return result


def _resolve(several, table, file_order: dict[str, int], result: Merged) -> list:
    """The row kept for each repeated id; conflicts are added to ``result``."""
    kept_rows = []
    for ann_id, group in several.groupby("id", sort=True):
        annotators = sorted(group["annotator"].unique())
        plain = group["content"].nunique() == 1
        same_student = len(annotators) == 1 and group["owner"].nunique(dropna=False) == 1
        if plain or same_student:  # copies, or one student's edit: the latest wins
            kept_rows.append(group.sort_values(["when", "order"]).index[-1])
            continue
        mine = [owned_by(o, a) for o, a in zip(group["owner"], group["annotator"], strict=True)]
        own = group[mine]
        kept = own.sort_values(["when", "order"]).index[-1] if not own.empty else None
        if kept is not None:
            kept_rows.append(kept)
        result.conflicts.append(
            {
                "id": ann_id,
                "annotators": ", ".join(annotators),
                "files": ", ".join(sorted(group["file"].unique(), key=file_order.get)),
                "kept": table.loc[kept, "file"] if kept is not None else "",
            }
        )
    return kept_rows
