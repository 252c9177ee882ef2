"""Which single-byte encoding to read a non-UTF-8 text file with.

A file that is not UTF-8 and was made in the UK is almost always Windows-1252 (Excel's "CSV" on
a Western-European Windows; Latin-1 is its subset). Guessing from a few accented letters is
unreliable: charset-normalizer took "naïve" in Latin-1 for cp1250 ("naďve") or cp1006. So
Windows-1252 is preferred whenever every byte means something in it; when the detector thought
otherwise the page says which was chosen and what the other would have read, so a Polish or
Greek file can be saved again as UTF-8.
"""

from __future__ import annotations

PREFERRED = "cp1252"
_SHOWN_CHARS = 40


def choose_codec(sample: bytes, guessed: str, file_name: str) -> tuple[str, str]:
    """(codec, warning): Windows-1252 if ``sample`` decodes in it, else the detector's guess.

    The warning is "" when the guess agreed (or read the sample the same way)."""
    try:
        preferred = sample.decode(PREFERRED)
    except UnicodeDecodeError:
        return guessed, (f"{file_name} is not UTF-8 and not Western European (Windows-1252) "
                         f"text; it was read as {_label(guessed)}, a guess. If letters look "
                         "wrong, save it as CSV UTF-8 and upload it again.")
    try:
        other = sample.decode(guessed)
    except (UnicodeDecodeError, LookupError):
        return PREFERRED, ""
    if other == preferred:
        return PREFERRED, ""
    at = next(i for i, (a, b) in enumerate(zip(preferred, other, strict=False)) if a != b)
    start = max(0, at - 10)
    return PREFERRED, (
        f"{file_name} is not UTF-8; it was read as Western European (Windows-1252): "
        f"'{_one_line(preferred[start:start + _SHOWN_CHARS])}'. Read as {_label(guessed)} it "
        f"would say '{_one_line(other[start:start + _SHOWN_CHARS])}'. If the first looks wrong, "
        "save the file as CSV UTF-8 and upload it again.")


def _label(codec: str) -> str:
    return codec.replace("_", "-")


def _one_line(text: str) -> str:
    return " ".join(text.split())
