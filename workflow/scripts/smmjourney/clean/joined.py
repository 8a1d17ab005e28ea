"""Multiple-choice cells that join several options in one text (``Food, Travel``).

A cell is cut at the separator's joiner (``,`` for ``", "``) into pieces, and runs of pieces are
matched to the codebook's normalised labels, which may themselves contain the joiner
(``Any products, I want to win``). :func:`split_multiple` reads a cell made only of labels,
:func:`split_with_other` one holding a respondent's 'Other' free text among them, and
:class:`Splitter` (one per question and separator) does either, as a :class:`Reading`. Each
works in time linear in the cell's length for the separators survey tools write (ASCII
punctuation such as ``", "``, ``";"``, ``"|"``): a label spans at most as many pieces as it
holds joiners, plus one, so only that many runs start at each piece. No recursion: a cell of
any number of pieces is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from smmjourney.text import normalize_text

JOINERS = (", ", ";")
"""The separators survey tools write between the options of one cell: ``", "`` (the Google Sheet
linked to a form, plain tables; Qualtrics' ``","`` is the same joiner) and ``";"`` (the CSV
Google Forms downloads)."""


@dataclass(frozen=True)
class Reading:
    """How one cell reads: the codes of its labels in cell order (repeats kept) and the run of
    pieces that is the respondent's 'Other' text (None when every piece is a label)."""

    codes: tuple[int, ...]
    text: str | None = None

    @property
    def complete(self) -> bool:
        """Is every piece of the cell a label?"""
        return self.text is None


def joiner_of(separator: str) -> str:
    """The text a cell is cut at: the separator without its surrounding spaces (unless it is
    only spaces), so ``"A,B"`` and ``"A, B"`` both read with ``", "``."""
    return separator.strip() or separator


def _widest(labels: Mapping[str, int], joiner: str) -> int | None:
    """The most pieces one label can span, or None when it cannot be bounded.

    A run of k pieces holds k - 1 joiners, and normalising it keeps every one of them when the
    joiner is ASCII punctuation that normalisation leaves alone; so a run matching a label of j
    joiners has at most j + 1 pieces. Other joiners (letters, spaces) are not bounded.
    """
    inert = normalize_text(joiner) == joiner and all(
        c.isascii() and not c.isalnum() and not c.isspace() for c in joiner
    )
    if not inert:
        return None
    return 1 + max((key.count(joiner) for key in labels), default=0)


class Splitter:
    """Reads the cells of one question whose options are joined with one separator.

    >>> Splitter({"food": 1, "travel": 2}, ", ").read("Food;Travel", other=True)
    Reading(codes=(), text='Food;Travel')
    >>> Splitter({"food": 1, "travel": 2}, ";").read("Food;Travel", other=True)
    Reading(codes=(1, 2), text=None)
    """

    def __init__(self, labels: Mapping[str, int], separator: str):
        self.labels = labels
        self.separator = separator
        self.joiner = joiner_of(separator)
        self.widest = _widest(labels, self.joiner)

    def read(self, cell: str, other: bool) -> Reading | None:
        """How a cell reads: all labels, or (when ``other``: the question has an 'Other' option
        whose text the tool writes into the cell) labels around one run of 'Other' text; None
        if neither."""
        cut = _Pieces(cell, self)
        codes = cut.codes(0, cut.n)[0]
        if codes is not None:
            return Reading(tuple(codes))
        if not other:
            return None
        found, text = cut.with_other()
        return Reading(tuple(found), text)


class _Pieces:
    """A cell cut at its joiner, with every run of pieces that is a label (longest first)."""

    def __init__(self, cell: str, splitter: Splitter):
        labels, widest = splitter.labels, splitter.widest
        self.joiner = splitter.joiner
        self.pieces = cell.split(self.joiner)
        n = len(self.pieces)
        self.runs: list[list[tuple[int, int]]] = []
        if widest is None:
            for start in range(n):
                found = []
                for end in range(start + 1, n + 1):
                    code = labels.get(normalize_text(self.joiner.join(self.pieces[start:end])))
                    if code is not None:
                        found.append((end, code))
                self.runs.append(found[::-1])
            return
        # An inert joiner passes through normalisation unchanged and nothing composes across
        # it, so a run normalises as its pieces do one by one (each normalised between two
        # joiners, which keeps its own spaces), joined and stripped. The whole cell is
        # normalised at once unless that makes joiners of other characters (a full-width comma).
        joiner, cut = self.joiner, len(self.joiner)
        folded = normalize_text(joiner + cell + joiner)[cut:-cut].split(joiner)
        if len(folded) != n:
            folded = [normalize_text(joiner + piece + joiner)[cut:-cut] for piece in self.pieces]
        get, runs = labels.get, self.runs
        for start in range(n):
            found = []
            for end in range(min(n, start + widest), start, -1):
                code = get(joiner.join(folded[start:end]).strip())
                if code is not None:
                    found.append((end, code))
            runs.append(found)

    @property
    def n(self) -> int:
        return len(self.pieces)

    def labelled_before(self) -> list[bool]:
        """Per piece boundary b: are pieces [0, b) all labels?"""
        reachable = [False] * (self.n + 1)
        reachable[0] = True
        for start in range(self.n):
            if reachable[start]:
                for end, _ in self.runs[start]:
                    reachable[end] = True
        return reachable

    def codes(self, start: int, stop: int) -> tuple[list[int] | None, list[bool]]:
        """The codes of pieces [start, stop) read as labels, the longest label first wherever
        the rest still reads (None if they do not), and per boundary b in [start, stop]
        whether pieces [b, stop) read as labels."""
        readable = [False] * (stop + 1)
        readable[stop] = True
        chosen = [(0, 0)] * (stop + 1)
        for begin in range(stop - 1, start - 1, -1):
            for end, code in self.runs[begin]:
                if end <= stop and readable[end]:
                    readable[begin] = True
                    chosen[begin] = (end, code)
                    break
        if not readable[start]:
            return None, readable
        codes, at = [], start
        while at < stop:
            at, code = chosen[at]
            codes.append(code)
        return codes, readable

    def with_other(self) -> tuple[list[int], str]:
        """The codes around the fewest pieces that are not labels, in one contiguous run (the
        first such run), and that run as text: the pieces before and after it read as labels."""
        n = self.n
        head_reads = self.labelled_before()
        _, tail_reads = self.codes(0, n)
        first_tail = [n] * (n + 1)
        for boundary in range(n - 1, -1, -1):
            first_tail[boundary] = boundary if tail_reads[boundary] else first_tail[boundary + 1]
        start, end = 0, n
        for begin in range(n):
            if head_reads[begin] and first_tail[begin + 1] - begin < end - start:
                start, end = begin, first_tail[begin + 1]
        head = self.codes(0, start)[0] or []
        tail = self.codes(end, n)[0] or []
        return head + tail, self.joiner.join(self.pieces[start:end]).strip()


def split_multiple(cell: str, labels: Mapping[str, int], separator: str) -> list[int] | None:
    """Codes of a multiple-choice cell, or None if it is not a sequence of known labels.

    Labels may themselves contain the separator, so pieces are joined into known labels, the
    longest first wherever the rest of the cell still reads as labels.

    >>> split_multiple(
    ...     "Any products, I want to win, Products I already use",
    ...     {"any products, i want to win": 1, "products i already use": 2},
    ...     ", ",
    ... )
    [1, 2]
    """
    cut = _Pieces(cell, Splitter(labels, separator))
    return cut.codes(0, cut.n)[0]


def split_with_other(
    cell: str, labels: Mapping[str, int], separator: str
) -> tuple[list[int], str] | None:
    """Codes of a multiple-choice cell whose unknown run of pieces is the 'Other' text.

    Google Forms writes a respondent's 'Other' answer as free text among the chosen labels. The
    split keeps the fewest pieces as text, in one contiguous run; None if no split exists.

    >>> split_with_other(
    ...     "Products I already use, TikTok, of course", {"products i already use": 2}, ", "
    ... )
    ([2], 'TikTok, of course')
    """
    return _Pieces(cell, Splitter(labels, separator)).with_other()
