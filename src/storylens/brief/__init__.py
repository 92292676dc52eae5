"""The cross-source brief: claim groups, consensus, unique claims, conflicts, quotes, timeline.

Import from the modules (``storylens.brief.build``, ``.render``, ``.schema``): this package
imports none of them, so that rendering a stored brief does not load the language models'
libraries that building one needs.
"""
