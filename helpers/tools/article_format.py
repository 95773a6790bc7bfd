"""FORMAT.md of a new article's folder, and the empty files a teacher fills in.

The empty files (``empty_files``) have exactly the layout of the unit's own (data/key/
answer_key.json, data/selfcheck/<part>.json, data/sources/pack.json, data/lessons/<part>.json),
with nothing in them yet. FORMAT.md (``format_md``) documents each file's fields and shows a
filled-in example taken, when it is written, from the unit's own files, so it can never describe
a layout the project does not read.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.paths import DATA

#: Where each of the teacher's files lives in an article's folder ({part}: a part id).
KEY_FILE = "key/answer_key.json"
PACK_FILE = "sources/pack.json"
SELFCHECK_FILE = "selfcheck/{part}.json"
LESSON_FILE = "lessons/{part}.json"


def empty_files(title: str, version: str, parts: list[str]) -> dict[str, dict]:
    """The files to fill in, by path in the article's folder, as JSON documents."""
    files: dict[str, dict] = {
        KEY_FILE: {
            "about": f"The answer key of “{title}”: one item for each claim (see FORMAT.md). "
            "Until it has items, reveals and self-checks say there is no key yet.",
            "scheme": "full",
            "article_version": version,
            "items": [],
        },
        PACK_FILE: {
            "about": f"The source pack of “{title}”: the pages the search box finds "
            "(see FORMAT.md).",
            "version": 1,
            "sources": [],
        },
    }
    for part in parts:
        files[SELFCHECK_FILE.format(part=part)] = {"part": part, "questions": []}
        files[LESSON_FILE.format(part=part)] = {"sources_say": [], "questions": []}
    return files


def _example(path: Path, pick) -> str:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        shown = pick(doc)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return "(the unit's own file could not be read: see data/ in the project)"
    return "```json\n" + json.dumps(shown, ensure_ascii=False, indent=2) + "\n```"


def _first_of(key: str):
    return lambda doc: {**{k: v for k, v in doc.items() if k != key}, key: doc[key][:1]}


FORMAT = """\
# The files of the article “{title}”

Made by `python -m helpers new-article`. Every file is plain text (UTF-8); JSON files can be
edited in JupyterLab's editor. After each change, open the lesson notebook and run it again.
The examples below are taken from the unit's own article (BNN Breaking, 10 March 2024).

| file | what it is | who edits it |
|---|---|---|
| `article.txt` | the text, tidied (one line a paragraph) | nobody: never change it |
| `article.json` | parts, paragraphs, sentences (`[start, end)` offsets), `sha256` | the command |
| `sentences.txt` | one sentence a line: merge or split sentences here | you |
| `{key_file}` | the answer key: the reference answer for each claim | you |
| `selfcheck/<part>.json` | the self-check questions of each part | you |
| `{pack_file}` | the pages the search box finds | you |
| `lessons/<part>.json` | written questions and “what the sources say” of each part | you |

The parts of this article: {parts}. A sentence id is the part and the sentence's number in it,
e.g. `{first_sentence}`.

## sentences.txt: merge or split sentences

One sentence a line; a blank line starts a new paragraph; `[heading] ` starts a new part (one
lesson); `[headline] ` marks the headline; lines starting with `# ` are notes. Move line breaks
only, never words, then run `python -m helpers new-article --resplit {name}`. The command checks
that every line is the article's text, in order, and says which line is not. Sentence ids
change when you merge or split: do this before you write the answer key.

## {key_file}: the answer key

`about` (what the key is), `scheme` (`"full"`: the ids of data/scheme_full.json),
`article_version` (the `sha256` of article.txt: the key belongs to this text) and `items`, one a
claim: `id` (unique), `part`, `sentence_id`, `quote` (copied exactly from the sentence),
`claim_type`, `check_worthy`, `verdict` (or `null` for opinions and predictions), `techniques`,
`evidence` (`who`, `original`, `citation`, `other_sources`), `confidence` (1–5), `note`,
`sources` and `common_mistakes`. The class results compare the students' answers with it, and
each student's own verdicts are shown beside its claims. One item of the unit's key:

{key_example}

## selfcheck/<part>.json: check yourself

`part` (the part id) and `questions`. A question: `id` (unique, e.g. `<part>-q1`), `kind`,
`type` (`multiple_choice` with `choices` and the `answer`'s id, or `short_answer` with `accept`,
and optionally `keywords`, `names`, `hint`, `answer_text`), `prompt`, `explanation` and
`source` (named in full: outlet, title, address). With no questions, the lesson says there are
no self-check questions yet. One question of the unit:

{selfcheck_example}

## {pack_file}: the pages the search box finds

`about`, `version` (1) and `sources`, one row a page: `id` (a-z, 0-9, '-'), `outlet`,
`author`, `date` (`YYYY-MM-DD`, or `""`), `url` (full, `https://…`), `url_complete`, `kind`,
`title`, `title_is_description`, `excerpts` (word for word), `summary`, `claims` (the sentence
ids the page bears on, or `article`), `factsheet` (may be `[]`), `about_outlet`, `trust`,
`search_terms`, `practice_page`. data/sources/README.md in the project explains every field.
One page of the unit's pack:

{pack_example}

## lessons/<part>.json: written questions

`questions`, one a written task: `id` (starting with the part id, e.g. `<part>-read-1`), `kind`
(`reading`, `sift`, `task`, `exit`, `discussion` or `synthesis`) and `text`; `sources_say`
(optional): for a checked claim, `claim`, `sentence_id`, `verdict`, `what_sources_say` and
`source`. Until a part has `sources_say`, its “What the sources say” says there is no answer
key for it yet. The unit's first lesson:

{lesson_example}
"""


def format_md(name: str, title: str, parts: list[str], first_sentence: str) -> str:
    """FORMAT.md for the article ``name``, examples from the unit's own files."""
    key_path = DATA / "key" / "answer_key.json"
    return FORMAT.format(
        name=name,
        title=title,
        parts=", ".join(f"`{p}`" for p in parts),
        first_sentence=first_sentence,
        key_file=KEY_FILE,
        pack_file=PACK_FILE,
        key_example=_example(key_path, _first_of("items")),
        selfcheck_example=_example(DATA / "selfcheck" / "lede.json", _first_of("questions")),
        pack_example=_example(DATA / "sources" / "pack.json", lambda d: d["sources"][0]),
        lesson_example=_example(
            DATA / "lessons" / "lede.json",
            lambda d: {"questions": d["questions"][:2], "sources_say": d["sources_say"][:1]},
        ),
    )
