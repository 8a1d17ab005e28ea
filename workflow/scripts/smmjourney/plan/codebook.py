"""The questionnaire as data: questions, types, answer options and their labels per language."""

from dataclasses import dataclass, field
from pathlib import Path

from smmjourney.errors import SurveyInputError
from smmjourney.plan.schema import (
    load_schema,
    problem_list,
    read_yaml,
    schema_problems,
    structure_problems,
    with_defaults,
)
from smmjourney.text import normalize_text

CHOICE_TYPES = {"single_choice", "multiple_choice", "likert", "frequency", "yes_no"}


@dataclass(frozen=True)
class Option:
    code: int
    labels: dict[str, str]
    aliases: tuple[str, ...] = ()
    exclusive: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    texts: dict[str, str]
    options: tuple[Option, ...] = ()
    number: int | None = None
    aliases: tuple[str, ...] = ()
    asked_if: dict | None = None

    @property
    def is_multiple(self) -> bool:
        return self.type == "multiple_choice"

    @property
    def codes(self) -> list[int]:
        return [option.code for option in self.options]

    def label(self, code: int, language: str) -> str:
        """The label of answer ``code`` in ``language`` (falling back to any language)."""
        for option in self.options:
            if option.code == code:
                return option.labels.get(language) or next(iter(option.labels.values()))
        raise KeyError(f"question {self.id} has no option {code}")

    def text(self, language: str) -> str:
        return self.texts.get(language) or next(iter(self.texts.values()))


@dataclass(frozen=True)
class Codebook:
    survey: str
    languages: tuple[str, ...]
    questions: dict[str, Question] = field(default_factory=dict)
    path: str = ""

    def header_lookup(self) -> dict[str, str]:
        """Normalised header text (any language, id, alias) -> question id."""
        lookup: dict[str, str] = {}
        for question in self.questions.values():
            for text in (question.id, *question.texts.values(), *question.aliases):
                lookup[normalize_text(text)] = question.id
        return lookup

    def label_lookup(self, question_id: str) -> dict[str, int]:
        """Normalised answer label (any language, alias, or the code itself) -> answer code."""
        lookup: dict[str, int] = {}
        for option in self.questions[question_id].options:
            for text in (*option.labels.values(), *option.aliases, str(option.code)):
                lookup.setdefault(normalize_text(text), option.code)
        return lookup


def codebook_from_dict(raw: dict, source: str = "codebook") -> Codebook:
    """Validate a codebook mapping and build a :class:`Codebook`.

    Raises :class:`SurveyInputError` listing every problem: schema violations, duplicate question
    ids or option codes, a label missing in a declared language, routing to an unknown question.
    """
    problems = structure_problems(raw, source, what="codebook") or schema_problems(
        raw, load_schema("codebook"), source
    )
    if problems:
        raise SurveyInputError("The codebook is not valid:" + problem_list(problems))
    raw = with_defaults(raw, load_schema("codebook"))
    languages = tuple(raw["languages"])
    questions: dict[str, Question] = {}
    for entry in raw["questions"]:
        qid = entry["id"]
        if qid in questions:
            problems.append(f"{source}: question id {qid!r} appears twice")
        missing = [lang for lang in languages if lang not in entry["text"]]
        if missing:
            problems.append(f"{source}: question {qid!r} has no text in {', '.join(missing)}")
        options = []
        for option in entry.get("options", []):
            missing = [lang for lang in languages if lang not in option["label"]]
            if missing:
                problems.append(
                    f"{source}: question {qid!r} option {option['code']} has no label in "
                    f"{', '.join(missing)}"
                )
            options.append(
                Option(
                    option["code"],
                    dict(option["label"]),
                    tuple(option["aliases"]),
                    option["exclusive"],
                )
            )
        codes = [option.code for option in options]
        if len(set(codes)) != len(codes):
            problems.append(f"{source}: question {qid!r} repeats an option code ({codes})")
        if entry["type"] in CHOICE_TYPES and not options:
            problems.append(f"{source}: question {qid!r} of type {entry['type']} has no options")
        for language in languages:
            seen: dict[str, int] = {}
            for option in options:
                if language not in option.labels:
                    continue
                key = normalize_text(option.labels[language])
                if key in seen:
                    problems.append(
                        f"{source}: question {qid!r} options {seen[key]} and {option.code} share "
                        f"the {language} label {option.labels[language]!r}"
                    )
                seen[key] = option.code
        questions[qid] = Question(
            id=qid,
            type=entry["type"],
            texts=dict(entry["text"]),
            options=tuple(options),
            number=entry.get("number"),
            aliases=tuple(entry["aliases"]),
            asked_if=entry.get("asked_if"),
        )
    for question in questions.values():
        if question.asked_if and question.asked_if["question"] not in questions:
            problems.append(
                f"{source}: question {question.id!r} is routed on unknown question "
                f"{question.asked_if['question']!r}"
            )
    if problems:
        raise SurveyInputError("The codebook is not valid:" + problem_list(problems))
    return Codebook(raw["survey"], languages, questions, source)


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate the codebook YAML at ``path``."""
    path = Path(path)
    if not path.exists():
        raise SurveyInputError(f"The codebook {path} does not exist.")
    raw = read_yaml(path, "codebook")
    if not isinstance(raw, dict):
        raise SurveyInputError(
            f"The codebook {path} is not a codebook: expected a YAML mapping with the keys "
            f"survey, languages and questions, found {_kind(raw)} (is it the right file?)."
        )
    return codebook_from_dict(raw, str(path))


def _kind(document: object) -> str:
    """What a YAML document that is not a mapping holds, in words (never its content)."""
    if document is None:
        return "an empty document"
    if isinstance(document, list):
        return "a list"
    if isinstance(document, str):
        return "a single text"
    return f"a single value of type {type(document).__name__}"
