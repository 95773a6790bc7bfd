"""helpers: the code behind the notebooks.

Notebooks call these functions in a line or two; logic, validation and storage live here.
Only ``helpers.widgets`` imports ipywidgets, and it is imported lazily so that
``import helpers`` stays fast.
"""

from helpers.article import Article, ArticleError, Part, Sentence, load_article

__all__ = ["Article", "ArticleError", "Part", "Sentence", "load_article"]
