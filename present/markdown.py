"""People's own text (names, reasons, notes, file names, values) shown literally in markdown.

Streamlit already escapes HTML in st.markdown, st.caption, alerts, headers, toasts and widget
labels, but it still renders markdown there: a group called ``[x](http://evil)`` would become a
live link, and ``![](http://tracker/x.png)`` a request to someone else's server. Wrap every piece
of text that came from a person or a file in :func:`literal` before it reaches one of those.
Dataframe cells, selectbox options and text inputs are not markdown and need nothing.
"""

from __future__ import annotations

import re

# CommonMark: a backslash before any ASCII punctuation character shows that character as it is.
# Escaping all of them (not only today's syntax) stops links, images, emphasis, code, headings,
# lists, tables, entities (\&amp;), maths (\$) and Streamlit's :colour[text] directives.
ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
ESCAPED_PUNCTUATION = re.compile(r"\\([!-/:-@\[-`{-~])")
# GFM still turns bare www.x.org and http://x.org into links after escapes are read; an
# invisible word joiner inside each (before "." or "://") stops it. Mail addresses are left
# whole: a mailto: link requests nothing, and a signed-in user's address must read (and be
# found, and copied) exactly as it is.
WORD_JOINER = "\u2060"
AUTOLINK_TRIGGERS = re.compile(r"(?i)(?<=www)(?=\.)|(?<=http)(?=s?:)")
HARD_LINE_BREAK = "  \n"


def literal(text: object) -> str:
    """``text`` as markdown that shows exactly its characters, line breaks kept.

    Each line is stripped of surrounding spaces: leading ones could start a code block.
    """
    lines = str(text).splitlines() or [""]
    return HARD_LINE_BREAK.join(_escape_line(line.strip()) for line in lines)


def _escape_line(line: str) -> str:
    return ASCII_PUNCTUATION.sub(r"\\\1", AUTOLINK_TRIGGERS.sub(WORD_JOINER, line))


def shown(markdown: str) -> str:
    """What a reader sees of text made by :func:`literal`: escapes and word joiners removed.

    For tests and logs, which read the markdown source Streamlit is sent.
    """
    return ESCAPED_PUNCTUATION.sub(r"\1", markdown).replace(WORD_JOINER, "")
