"""The one exception users see: a precise message about their input, never a bare traceback."""


class SurveyInputError(ValueError):
    """Bad input (an export, a codebook or a config) described in one paragraph.

    The message names the file, and where it applies the row and column, what was found and what
    was expected.
    """
