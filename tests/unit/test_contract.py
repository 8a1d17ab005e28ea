"""Tests for smmjourney.contract: the names a run block or script reads and passes, read from its
bytecode or source, checked against the rule's items and the entry function's signature."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path
from types import CodeType, SimpleNamespace

import pytest

from smmjourney import STEPS
from smmjourney.contract import (
    Read,
    Signature,
    StepCall,
    call_problems,
    definition_line,
    entry_signature,
    function_signature,
    module_source,
    read_problems,
    rule_problems,
    run_block_uses,
    script_uses,
)

# The arguments Snakemake gives every run function (snakemake/parser.py, class Run).
RUN_ARGUMENTS = "input, output, params, wildcards, threads, resources, log, rule"


def run_code(body: str) -> CodeType:
    """The code of a run function whose block is ``body`` (line 2 of the file is its first line)."""
    source = f"def __rule_x({RUN_ARGUMENTS}):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    module = compile(source, "rule.smk", "exec")
    return next(constant for constant in module.co_consts if isinstance(constant, CodeType))


CROSSTABS_BLOCK = """\
run_in_workflow(
    "crosstabs",
    log[0],
    answers=input.answers,
    language=params.language,
    crosstabs=output.crosstabs,
    wave=wildcards.wave,
)
"""
WRITE_CROSSTABS = Signature(
    "smmjourney.crosstabs.write_crosstabs",
    ("answers", "language", "crosstabs", "wave", "weights"),
    frozenset({"answers", "language", "crosstabs", "wave"}),
)


def test_a_run_block_yields_every_item_it_reads_with_its_line_in_the_rule_file():
    linemap = {line: line + 30 for line in range(1, 20)}
    reads, _ = run_block_uses(run_code(CROSSTABS_BLOCK), linemap)
    assert reads == [
        Read("input", "answers", 35),
        Read("params", "language", 36),
        Read("output", "crosstabs", 37),
        Read("wildcards", "wave", 38),
    ]


def test_a_run_block_yields_its_call_with_the_rule_name_and_every_keyword_with_its_line():
    linemap = {line: line + 30 for line in range(1, 20)}
    _, calls = run_block_uses(run_code(CROSSTABS_BLOCK), linemap)
    assert calls == [
        StepCall(
            "crosstabs",
            ("answers", "language", "crosstabs", "wave"),
            32,
            keyword_lines=(35, 36, 37, 38),
        )
    ]


def test_reads_in_comprehensions_subscripts_nested_calls_and_conditionals_are_all_found():
    block = """\
    figures = [str(path) for path in input.figures]
    run_in_workflow(
        "report",
        log[0],
        figures=figures,
        table=str(output["table"]) if params.flag else None,
        size=input.size_mb,
    )
    """
    reads, calls = run_block_uses(run_code(block))
    assert {(read.container, read.key) for read in reads} == {
        ("input", "figures"),
        ("output", "table"),
        ("params", "flag"),
        ("input", "size_mb"),
    }
    assert [call.keywords for call in calls] == [("figures", "table", "size")]


def test_a_call_with_a_mapping_of_keywords_is_reported_as_unreadable():
    _, calls = run_block_uses(run_code('run_in_workflow("split", log[0], **params.arguments)\n'))
    assert [(call.step, call.keywords) for call in calls] == [("split", None)]


def test_a_rule_name_that_is_not_a_string_constant_is_none():
    _, calls = run_block_uses(run_code("run_in_workflow(rule.name, log[0], sizes=output.sizes)\n"))
    assert [(call.step, call.keywords) for call in calls] == [(None, ("sizes",))]


def test_a_run_block_without_run_in_workflow_yields_no_call():
    reads, calls = run_block_uses(run_code("print(output.table, log[0])\n"))
    assert calls == [] and reads == [Read("output", "table", None)]


CHARTS_SCRIPT = """\
from smmjourney.runner import run_step
from smmjourney.charts import draw_charts

if __name__ == "__main__":
    run_step(
        draw_charts,
        snakemake.log[0],
        table=snakemake.input.table,
        heatmap=snakemake.output["heatmap_png"],
        processes=snakemake.threads,
    )
"""


def test_a_script_yields_every_snakemake_item_it_reads_with_its_line():
    reads, _ = script_uses(CHARTS_SCRIPT)
    assert reads == [Read("input", "table", 8), Read("output", "heatmap_png", 9)]


def test_a_script_yields_its_run_step_call_with_the_module_the_function_comes_from():
    _, calls = script_uses(CHARTS_SCRIPT)
    assert calls == [
        StepCall(
            "draw_charts",
            ("table", "heatmap", "processes"),
            5,
            "smmjourney.charts",
            keyword_lines=(8, 9, 10),
        )
    ]


def test_a_script_calling_an_entry_function_directly_yields_that_call():
    source = (
        "from smmjourney.split import split_wave as split\n\nsplit(sizes=snakemake.output.sizes)\n"
    )
    _, calls = script_uses(source, entries=[("smmjourney.split", "split_wave")])
    assert [(call.step, call.module, call.keywords) for call in calls] == [
        ("split_wave", "smmjourney.split", ("sizes",))
    ]


def test_a_script_calling_other_functions_yields_no_call():
    _, calls = script_uses("print(snakemake.input.table)\n", entries=list(STEPS.values()))
    assert calls == []


def test_a_signature_names_required_defaulted_and_keyword_only_parameters():
    source = "def step(a, b, c=1, *, d, e=2, **rest):\n    pass\n"
    assert function_signature(source, "step", "m.step") == Signature(
        "m.step", ("a", "b", "c", "d", "e"), frozenset({"a", "b", "d"}), any_keyword=True
    )


def test_positional_only_parameters_cannot_be_passed_by_keyword():
    signature = function_signature("def step(a, /, b=1):\n    pass\n", "step", "m.step")
    assert signature.parameters == ("b",) and signature.required == {"a"}


def test_a_function_the_module_imports_yields_the_module_to_follow():
    assert function_signature("from .impl import step\n", "step", "m.step") == ".impl"
    assert function_signature("from .impl import other\n", "step", "m.step") is None


def test_the_definition_line_ends_at_the_colon_of_the_def_not_of_an_annotation_or_a_default():
    source = (
        "import x\n\n\ndef step(\n    a: int,\n    b: dict = {1: 2},\n"
        ") -> dict[str, int]: return a\n\n\nclass C:\n    def step(self): pass\n"
    )
    assert definition_line(source, "step") == (
        "def step(\n    a: int,\n    b: dict = {1: 2},\n) -> dict[str, int]:"
    )


def test_a_function_without_a_top_level_def_has_no_definition_line():
    assert definition_line("from .impl import step\n", "step") is None
    assert definition_line("def steps(a):\n    pass\n", "step") is None


def test_module_source_finds_the_file_of_a_submodule():
    assert module_source("smmjourney.crosstabs") == Path(
        importlib.util.find_spec("smmjourney.crosstabs").origin
    )
    assert module_source("smmjourney.no_such_module") is None


def test_entry_signature_follows_a_re_export_to_the_defining_module(tmp_path, monkeypatch):
    package = tmp_path / "contract_probe"
    package.mkdir()
    (package / "__init__.py").write_text("from .impl import step\n", encoding="utf-8")
    (package / "impl.py").write_text("def step(table, wave='w'):\n    pass\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    assert entry_signature("contract_probe", "step") == Signature(
        "contract_probe.impl.step", ("table", "wave"), frozenset({"table"})
    )


@pytest.mark.parametrize("rule", sorted(STEPS))
def test_each_steps_signature_read_from_source_matches_the_imported_function(rule):
    module, function = STEPS[rule]
    signature = entry_signature(module, function)
    parameters = inspect.signature(getattr(importlib.import_module(module), function)).parameters
    assert signature.parameters == tuple(parameters)
    assert signature.required == {
        name for name, parameter in parameters.items() if parameter.default is parameter.empty
    }


def test_reading_every_steps_signature_imports_neither_the_steps_nor_pandas():
    code = (
        "import sys\n"
        "from smmjourney import STEPS\n"
        "from smmjourney.contract import entry_signature\n"
        "assert all(entry_signature(*entry) for entry in STEPS.values())\n"
        "print(sorted(name for name in sys.modules if name in {'pandas', 'numpy', 'matplotlib'}"
        " or name in {module for module, _ in STEPS.values()}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2] / "workflow" / "scripts",
    )
    assert result.stdout.strip() == "[]"


NAMES = {"input": ["answers"], "output": ["table"], "params": ["language"], "log": []}


def test_a_renamed_output_is_named_with_the_rule_file_and_the_outputs_there_are():
    problems = read_problems(
        "crosstabs", "workflow/rules/crosstabs.smk", [Read("output", "crosstabs")], NAMES
    )
    assert problems == [
        "rule crosstabs (workflow/rules/crosstabs.smk): the run block reads output.crosstabs, "
        "but the rule's outputs are: table"
    ]


def test_a_read_of_a_container_without_named_items_says_so_with_the_line():
    problems = read_problems("x", "x.smk", [Read("log", "file", 12)], NAMES)
    assert problems == [
        "rule x (x.smk, line 12): the run block reads log.file, but the rule has no named logs"
    ]


def test_defined_items_and_the_containers_own_attributes_pass():
    reads = [Read("input", "answers"), Read("input", "size_mb"), Read("output", "table")]
    assert read_problems("x", "x.smk", reads, NAMES, {"input": {"size_mb"}}) == []


def test_reads_of_items_not_known_before_the_job_pass():
    # input: unpack(function): the names come from the function, per job.
    assert read_problems("x", "x.smk", [Read("input", "anything")], {"input": None}) == []


def test_a_script_read_is_named_as_the_script_writes_it():
    problems = read_problems(
        "charts",
        "charts.py",
        [Read("output", "heatmap", 9)],
        NAMES,
        reader="the script",
        prefix="snakemake.",
    )
    assert problems == [
        "rule charts (charts.py, line 9): the script reads snakemake.output.heatmap, "
        "but the rule's outputs are: table"
    ]


def crosstabs_call(*keywords: str) -> StepCall:
    return StepCall("crosstabs", keywords, 31, keyword_lines=tuple(range(35, 35 + len(keywords))))


def test_the_keywords_of_the_entry_function_all_passed_are_no_problem():
    call = crosstabs_call("answers", "language", "crosstabs", "wave")
    assert call_problems("crosstabs", "c.smk", call, WRITE_CROSSTABS) == []


def test_a_misspelt_keyword_is_unknown_at_its_line_and_leaves_a_required_parameter_missing():
    call = crosstabs_call("answers", "language", "crosstab", "wave")
    assert call_problems("crosstabs", "c.smk", call, WRITE_CROSSTABS) == [
        "rule crosstabs (c.smk, line 37): the run block passes crosstab=, but "
        "smmjourney.crosstabs.write_crosstabs has no parameter crosstab (its parameters: answers, "
        "language, crosstabs, wave, weights)",
        "rule crosstabs (c.smk, line 31): the run block does not pass crosstabs=, which "
        "smmjourney.crosstabs.write_crosstabs requires",
    ]


def test_a_function_taking_any_keyword_accepts_unknown_ones():
    signature = Signature("m.step", ("a",), frozenset({"a"}), any_keyword=True)
    assert call_problems("x", "x.smk", StepCall("x", ("a", "b")), signature) == []


def test_a_keyword_the_runner_takes_itself_is_a_problem():
    signature = Signature("m.step", ("rule",), frozenset())
    problems = call_problems(
        "x", "x.smk", StepCall("x", ("rule",)), signature, reserved=("rule", "log_path")
    )
    assert problems == [
        "rule x (x.smk): the run block passes rule=, which is a parameter of the runner, "
        "not of m.step"
    ]


def test_unreadable_keywords_are_a_problem():
    problems = call_problems("x", "x.smk", StepCall("x", None, 3), WRITE_CROSSTABS)
    assert problems == [
        "rule x (x.smk, line 3): the run block passes smmjourney.crosstabs.write_crosstabs "
        "keywords the check cannot read (**mapping): spell each keyword out"
    ]


def fake_rule(directory: Path, **fields) -> SimpleNamespace:
    """A rule as Snakemake's ``workflow.rules`` holds it, with the fields the check reads."""
    defaults = dict(
        name="crosstabs",
        snakefile=str(directory / "workflow" / "rules" / "crosstabs.smk"),
        is_run=True,
        is_script=False,
        script=None,
        run_func=None,
        input={"answers": "a.csv"},
        output={"table": "t.csv"},
        params={"language": "en"},
        log={},
        wildcard_names={"wave"},
    )
    return SimpleNamespace(**{**defaults, **fields})


def test_a_rule_whose_run_block_reads_a_renamed_output_and_misses_a_keyword(tmp_path):
    code = run_code(CROSSTABS_BLOCK)
    rule = fake_rule(tmp_path, run_func=SimpleNamespace(__code__=code))
    steps = {"crosstabs": ("smmjourney.crosstabs", "write_crosstabs")}
    signatures = {("smmjourney.crosstabs", "write_crosstabs"): WRITE_CROSSTABS}
    assert rule_problems(rule, {}, str(tmp_path), steps, signatures) == [
        "rule crosstabs (workflow/rules/crosstabs.smk): the run block reads output.crosstabs, "
        "but the rule's outputs are: table",
    ]


def test_a_rule_running_a_step_that_steps_does_not_list(tmp_path):
    code = run_code('run_in_workflow("crosstab", log[0], answers=input.answers)\n')
    rule = fake_rule(tmp_path, run_func=SimpleNamespace(__code__=code))
    problems = rule_problems(rule, {}, str(tmp_path), {"crosstabs": ("m", "f")}, {})
    assert problems == [
        "rule crosstabs (workflow/rules/crosstabs.smk): the run block runs step 'crosstab', which "
        "smmjourney.STEPS does not list (it lists: crosstabs)"
    ]


def test_a_script_rule_is_checked_in_its_script_named_relative_to_the_workflow(tmp_path):
    scripts = tmp_path / "workflow" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "charts.py").write_text(CHARTS_SCRIPT, encoding="utf-8")
    rule = fake_rule(
        tmp_path,
        name="charts",
        snakefile=str(tmp_path / "workflow" / "rules" / "charts.smk"),
        is_run=False,
        is_script=True,
        script="../scripts/charts.py",
        input={"table": "t.csv"},
        output={"heatmap": "h.png"},
    )
    signatures = {
        ("smmjourney.charts", "draw_charts"): Signature(
            "smmjourney.charts.draw_charts", ("table", "heatmap", "processes"), frozenset({"table"})
        )
    }
    assert rule_problems(rule, {}, str(tmp_path), {}, signatures) == [
        "rule charts (workflow/scripts/charts.py, line 9): the script reads "
        "snakemake.output.heatmap_png, but the rule's outputs are: heatmap"
    ]
