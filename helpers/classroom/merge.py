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

And a *flag* (a warning, nothing is removed) for every annotator name found in hand-ins of
different owners: a student who worked in a pair and also alone looks like this, and so does a
student handing in work under a classmate's name. The teacher decides.
"""

from __future__ import annotations

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


def owners(table: pd.DataFrame) -> dict[str, str]:
    """Each hand-in file's owner: the annotator with the most records in it (a tie: first by
    name). Files with more than ``MAX_NAMES_PER_HANDIN`` names have none."""
    counts = table.groupby(["file", "annotator"]).size().reset_index(name="n")
    names = counts.groupby("file")["annotator"].transform("size")
    counts = counts[names <= MAX_NAMES_PER_HANDIN]
    counts = counts.sort_values(["file", "n", "annotator"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("file")[["file", "annotator"]].itertuples(index=False))


def merge(table: pd.DataFrame, file_order: dict[str, int]) -> Merged:
    """Merge copies of the same annotation id found in several files (see the module's text).

    ``table`` has one row per annotation read, with its ``file`` and a ``content`` column (equal
    for equal records); ``file_order`` gives each file's place in the sorted file list. Returns
    a ``Merged`` whose table has one row per id, a ``copies`` column and no ``content``.
    """
    import pandas as pd

    if table.empty:
        out = table.drop(columns=["content"]).assign(copies=pd.Series(dtype=int))
        return Merged(out.reset_index(drop=True))
    owner = owners(table)
    table = table.assign(
        owner=table["file"].map(owner),
        order=table["file"].map(file_order),
        when=pd.to_datetime(table["modified"], format="ISO8601", utc=True),
    )
    copies = table.groupby("id")["id"].transform("size")
    result = Merged(
        table,
        duplicates=int(len(table) - table["id"].nunique()),
        duplicate_ids=int(table.loc[copies > 1, "id"].nunique()),
    )
    table = table.assign(copies=copies)
    owned = table[table["owner"].notna()]
    for annotator, rows in owned.groupby("annotator", sort=True):
        if rows["owner"].nunique() > 1:
            files = sorted(rows["file"].unique(), key=file_order.get)
            names = sorted(rows["owner"].unique())
            result.flags.append(
                {"annotator": annotator, "files": ", ".join(files), "owners": ", ".join(names)}
            )
    several = table[copies > 1]
    drop_ids: set[str] = set()
    keep_rows: list[int] = []
    for ann_id, group in several.groupby("id", sort=True):
        annotators = sorted(group["annotator"].unique())
        contents = group["content"].nunique()
        if contents == 1 or (len(annotators) == 1 and group["owner"].nunique() == 1):
            continue  # plain copies, or the same student's edit: the latest wins below
        own = group[group["annotator"] == group["owner"]]
        kept = own.sort_values(["when", "order"]).index[-1] if not own.empty else None
        drop_ids.add(ann_id)
        if kept is not None:
            keep_rows.append(kept)
        result.conflicts.append(
            {
                "id": ann_id,
                "annotators": ", ".join(annotators),
                "files": ", ".join(sorted(group["file"].unique(), key=file_order.get)),
                "kept": table.loc[kept, "file"] if kept is not None else "",
            }
        )
    plain = table[~table["id"].isin(drop_ids)]
    plain = plain.sort_values(["id", "when", "order"], kind="stable")
    plain = plain.drop_duplicates("id", keep="last")
    merged = pd.concat([plain, table.loc[keep_rows]]) if keep_rows else plain
    merged = merged.drop(columns=["owner", "order", "when", "content"])
    merged = merged.sort_values(["annotator", "start", "created", "id"], kind="stable")
    result.table = merged.reset_index(drop=True)
    return result
