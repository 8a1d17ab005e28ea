"""The name contract between each rule and the code it runs, checked when the Snakefile is parsed.

A ``run:`` block reads the rule's named items (``input.answers``, ``output.crosstabs``,
``params.statistics``, ``wildcards.wave``) and passes them as keywords to its step's entry function
(``run_in_workflow("crosstabs", log[0], answers=input.answers, ...)``, see
:data:`smmjourney.STEPS`); a ``script:`` adapter does the same through ``snakemake.input.X`` and
``run_step(entry, snakemake.log[0], ...)``. Snakemake checks neither name before the job runs, so a
renamed key or a misspelt keyword passes ``snakemake --lint`` and the dry run and fails inside the
job. :func:`check_workflow` (called from the Snakefile after every rule is defined) checks both
before any job:

* every ``input.X``, ``output.X``, ``params.X``, ``wildcards.X``, ``log.X`` (and ``input["X"]``)
  names an item the rule defines;
* every keyword passed to the entry function is one of its parameters, and every required
  parameter is passed.

The run block is read from its bytecode (``dis``, Python 3.11), the script from its source and
each entry function's signature from its ``def`` line (``ast``): no step module is imported (nor
pandas), so the check costs about ten milliseconds. The readers and checks below take plain data,
so each is testable alone.
"""

from __future__ import annotations

import ast
import dis
import functools
import importlib.machinery
import importlib.util
import os
import re
import tokenize
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

__all__ = [
    "CONTAINERS",
    "Read",
    "Signature",
    "StepCall",
    "call_problems",
    "check_workflow",
    "definition_line",
    "entry_signature",
    "function_signature",
    "module_source",
    "read_problems",
    "rule_problems",
    "run_block_uses",
    "script_uses",
]

CONTAINERS = ("input", "output", "params", "wildcards", "log")
"""The named collections a rule's code reads items of."""

PLURALS = {
    "input": "inputs",
    "output": "outputs",
    "params": "params",
    "wildcards": "wildcards",
    "log": "logs",
}
RUN_CALL = "run_in_workflow"
"""What a run block calls: ``run_in_workflow("<rule>", log[0], keyword=..., ...)``."""
SCRIPT_CALL = "run_step"
"""What a script adapter calls: ``run_step(entry_function, snakemake.log[0], keyword=..., ...)``."""
RUNNER = "smmjourney.runner"

_LOADS = {"LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE", "LOAD_NAME"}
_CALLS = {"CALL", "CALL_KW", "CALL_FUNCTION_EX"}
_UNCONDITIONAL_JUMPS = {
    "JUMP_FORWARD",
    "JUMP_BACKWARD",
    "JUMP_BACKWARD_NO_INTERRUPT",
    "JUMP",
    "JUMP_NO_INTERRUPT",
    "JUMP_ABSOLUTE",
}
_ENDS = {"RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS", "RERAISE"}


@dataclass(frozen=True)
class Read:
    """One named item the code reads: ``container.key`` (``output.crosstabs``) at ``line``."""

    container: str
    key: str
    line: int | None = None


@dataclass(frozen=True)
class StepCall:
    """One call of a step's entry function.

    ``step`` is the rule name a run block passes to ``run_in_workflow`` (None: not a string
    constant), or the function a script calls. ``module`` is where a script imports that function
    from (None: the script defines it, or does not say). ``keywords`` is None where the call
    passes keywords the check cannot read (``**mapping``); ``keyword_lines`` are the lines of
    their values, where known.
    """

    step: str | None
    keywords: tuple[str, ...] | None
    line: int | None = None
    module: str | None = None
    keyword_lines: tuple[int | None, ...] = ()

    def line_of(self, keyword: str) -> int | None:
        """The line of ``keyword``'s value, or else of the call."""
        if self.keywords and len(self.keyword_lines) == len(self.keywords):
            return self.keyword_lines[self.keywords.index(keyword)] or self.line
        return self.line


@dataclass(frozen=True)
class Signature:
    """The parameters of a function that can be passed by keyword, as its source declares them."""

    name: str
    parameters: tuple[str, ...]
    required: frozenset[str]
    any_keyword: bool = False


# -- Reading the run block (bytecode) ------------------------------------------------------------


def _line(instruction: dis.Instruction, linemap: Mapping[int, int] | None) -> int | None:
    """The rule file's line of ``instruction`` (Snakemake compiles the file to other lines)."""
    line = instruction.positions.lineno if instruction.positions else None
    if line is None or linemap is None:
        return None
    return linemap.get(line)


def _keyword_names(
    code: CodeType, instructions: Sequence[dis.Instruction], call: int
) -> tuple[str, ...] | None:
    """The keyword names of the call at ``instructions[call]``: () if none, None if unreadable."""
    opname = instructions[call].opname
    if opname == "CALL_FUNCTION_EX":
        return None
    if opname == "CALL_KW":  # Python 3.13: the names are the constant just before
        names = instructions[call - 1].argval
        return tuple(names) if isinstance(names, tuple) else None
    before = call - 1
    if before >= 0 and instructions[before].opname == "PRECALL":  # Python 3.11
        before -= 1
    if before >= 0 and instructions[before].opname == "KW_NAMES":
        return tuple(code.co_consts[instructions[before].arg])
    return ()


def _stack_effect(instruction: dis.Instruction, jump: bool) -> int:
    if instruction.opcode < dis.HAVE_ARGUMENT:
        return dis.stack_effect(instruction.opcode)
    return dis.stack_effect(instruction.opcode, instruction.arg, jump=jump)


def _matching_call(
    instructions: Sequence[dis.Instruction], start: int
) -> tuple[int, list[int]] | None:
    """The index of the call that consumes the callable pushed from ``instructions[start]`` on,
    and the stack depth before each instruction from ``start`` to it.

    Follows the stack depth forward (through the jumps of a conditional expression) until a call
    leaves just its result; None if the code leaves that straight line first.
    """
    at_target: dict[int, int] = {}
    depths: list[int] = []
    depth: int | None = 0
    for index in range(start, len(instructions)):
        instruction = instructions[index]
        if depth is None:
            depth = at_target.get(instruction.offset)
            if depth is None:
                return None
        depths.append(depth)
        if instruction.opcode in dis.hasjrel or instruction.opcode in dis.hasjabs:
            at_target[instruction.argval] = depth + _stack_effect(instruction, jump=True)
            if instruction.opname in _UNCONDITIONAL_JUMPS:
                depth = None
                continue
        if instruction.opname in _ENDS:
            return None
        depth += _stack_effect(instruction, jump=False)
        if instruction.opname in _CALLS and depth == 1:
            return index, depths
        if depth < 1:
            return None
    return None


def _argument_starts(depths: Sequence[int], first: int, end: int) -> list[int | None]:
    """Where each argument starts, as positions in ``depths`` (the stack depth before each
    instruction; the first argument starts at ``first``, all are pushed at ``end``): for each
    level, the last instruction that starts from it."""
    base, top = depths[first], depths[end]
    starts: dict[int, int] = {}
    for position in range(first, end):
        if base <= depths[position] < top:
            starts[depths[position]] = position
    return [starts.get(level) for level in range(base, top)]


def _callable_start(instructions: Sequence[dis.Instruction], index: int) -> int:
    """Where the callable loaded at ``instructions[index]`` starts (a NULL or its owner before)."""
    if instructions[index].opname in {"LOAD_METHOD", "LOAD_ATTR"}:
        index -= 1
    if index > 0 and instructions[index - 1].opname == "PUSH_NULL":
        index -= 1
    return index


def _code_objects(code: CodeType) -> Iterator[CodeType]:
    """``code`` and the code nested in it (comprehensions, lambdas, inner functions)."""
    yield code
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            yield from _code_objects(constant)


def _run_call(
    code: CodeType,
    instructions: Sequence[dis.Instruction],
    index: int,
    linemap: Mapping[int, int] | None,
) -> StepCall:
    """The call of ``run_in_workflow`` loaded at ``instructions[index]``."""
    following = instructions[index + 1]
    step = following.argval if following.opname == "LOAD_CONST" else None
    step = step if isinstance(step, str) else None
    line = _line(instructions[index], linemap)
    start = _callable_start(instructions, index)
    found = _matching_call(instructions, start)
    if found is None:
        return StepCall(step, None, line)
    call, depths = found
    keywords = _keyword_names(code, instructions, call)
    if not keywords:
        return StepCall(step, keywords, line)
    end = call - 1 if instructions[call].opname == "CALL_KW" else call
    while instructions[end - 1].opname in {"PRECALL", "KW_NAMES"}:
        end -= 1
    arguments = _argument_starts(depths, index + 1 - start, end - start)
    if len(arguments) < len(keywords):
        return StepCall(step, keywords, line)
    lines = tuple(
        None if position is None else _line(instructions[start + position], linemap)
        for position in arguments[-len(keywords) :]
    )
    return StepCall(step, keywords, line, keyword_lines=lines)


def run_block_uses(
    code: CodeType, linemap: Mapping[int, int] | None = None
) -> tuple[list[Read], list[StepCall]]:
    """The named items a run function reads, and its calls of ``run_in_workflow``.

    ``code`` is the rule's ``run_func.__code__``; ``linemap`` maps its lines to the rule file's
    (Snakemake's ``workflow.linemaps[rule.snakefile]``).
    """
    reads: list[Read] = []
    calls: list[StepCall] = []
    for block in _code_objects(code):
        instructions = list(dis.get_instructions(block))
        for index, instruction in enumerate(instructions[:-1]):
            following = instructions[index + 1]
            if instruction.opname in _LOADS and instruction.argval in CONTAINERS:
                attribute = following.opname in {"LOAD_ATTR", "LOAD_METHOD"}
                item = (  # input["answers"]
                    following.opname == "LOAD_CONST"
                    and isinstance(following.argval, str)
                    and index + 2 < len(instructions)
                    and instructions[index + 2].opname == "BINARY_SUBSCR"
                )
                if attribute or item:
                    line = _line(following, linemap)
                    reads.append(Read(instruction.argval, following.argval, line))
            if instruction.argval == RUN_CALL and instruction.opname in {
                *_LOADS,
                "LOAD_GLOBAL",
                "LOAD_METHOD",
                "LOAD_ATTR",
            }:
                calls.append(_run_call(block, instructions, index, linemap))
    reads.sort(key=lambda read: read.line or 0)  # nested code (comprehensions) in line order
    return reads, calls


# -- Reading a script (source) ---------------------------------------------------------------------


def _name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def script_uses(
    source: str, entries: Sequence[tuple[str, str]] = ()
) -> tuple[list[Read], list[StepCall]]:
    """The ``snakemake.<container>.X`` items a script reads, and its step calls.

    A step call is ``run_step(function, ...)``, or a direct call of a function the script imports
    from one of ``entries`` (``(module, function)`` pairs, as in :data:`smmjourney.STEPS`).
    """
    tree = ast.parse(source)
    entry_functions = set(entries)
    imported: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                imported[alias.asname or alias.name] = (node.module, alias.name)
    reads: list[Read] = []
    calls: list[StepCall] = []
    for node in ast.walk(tree):
        container = node.value if isinstance(node, ast.Attribute | ast.Subscript) else None
        if (
            isinstance(container, ast.Attribute)
            and isinstance(container.value, ast.Name)
            and container.value.id == "snakemake"
            and container.attr in CONTAINERS
        ):
            if isinstance(node, ast.Attribute):
                reads.append(Read(container.attr, node.attr, node.lineno))
            elif isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                reads.append(Read(container.attr, node.slice.value, node.lineno))
        if not isinstance(node, ast.Call):
            continue
        called = _name_of(node.func)
        if called == SCRIPT_CALL and node.args:
            function = _name_of(node.args[0])
        elif called in imported and imported[called] in entry_functions:
            function = called
        else:
            continue
        if function is None:
            calls.append(StepCall(None, None, node.lineno))
            continue
        module, name = imported.get(function, (None, function))
        keywords = [keyword.arg for keyword in node.keywords]
        lines = tuple(keyword.value.lineno for keyword in node.keywords)
        readable = None not in keywords
        calls.append(
            StepCall(
                name,
                tuple(keywords) if readable else None,
                node.lineno,
                module,
                lines if readable else (),
            )
        )
    reads.sort(key=lambda read: read.line or 0)
    calls.sort(key=lambda call: call.line or 0)
    return reads, calls


# -- Reading a function's signature (source) ------------------------------------------------------


def function_signature(
    source: str | ast.Module, function: str, qualified: str
) -> Signature | str | None:
    """The signature of the top-level ``function`` defined in ``source`` (named ``qualified`` in
    messages); the module it is imported from, if ``source`` imports it instead; None if neither.
    """
    tree = ast.parse(source) if isinstance(source, str) else source
    found: Signature | str | None = None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            arguments = node.args
            positional = [*arguments.posonlyargs, *arguments.args]
            defaulted = {
                argument.arg for argument in positional[len(positional) - len(arguments.defaults) :]
            }
            required = {argument.arg for argument in positional if argument.arg not in defaulted}
            required |= {
                argument.arg
                for argument, default in zip(
                    arguments.kwonlyargs, arguments.kw_defaults, strict=True
                )
                if default is None
            }
            named = [argument.arg for argument in (*arguments.args, *arguments.kwonlyargs)]
            found = Signature(
                qualified, tuple(named), frozenset(required), arguments.kwarg is not None
            )
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and any(
                alias.name == function and alias.asname in (None, function) for alias in node.names
            )
        ):
            found = "." * node.level + node.module
    return found


def module_source(module: str) -> Path | None:
    """The source file of the absolute ``module``, found without importing it or its package
    (``importlib.util.find_spec`` would import the package); None if there is none."""
    parts = module.split(".")
    spec = importlib.util.find_spec(parts[0])
    for depth in range(1, len(parts)):
        if spec is None or spec.submodule_search_locations is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(
            ".".join(parts[: depth + 1]), list(spec.submodule_search_locations)
        )
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def definition_line(source: str, function: str) -> str | None:
    """The logical line ``def function(...):`` of the last top-level definition of ``function`` in
    ``source``, up to its colon: what a signature needs, without parsing the whole module. None if
    there is none."""
    pattern = rf"^(?:async[ \t]+)?def[ \t]+{re.escape(function)}[ \t]*\("
    matches = list(re.finditer(pattern, source, re.MULTILINE))
    if not matches:
        return None
    lines = source[matches[-1].start() :].splitlines(keepends=True)
    depth = 0
    try:
        for token in tokenize.generate_tokens(iter(lines).__next__):
            if token.type != tokenize.OP:
                continue
            if token.string in {"(", "[", "{"}:
                depth += 1
            elif token.string in {")", "]", "}"}:
                depth -= 1
            elif token.string == ":" and depth == 0:
                row, column = token.end
                return "".join(lines[: row - 1]) + lines[row - 1][:column]
    except (tokenize.TokenError, SyntaxError, StopIteration):
        return None
    return None


def entry_signature(module: str, function: str) -> Signature | None:
    """The signature of ``module.function``, following ``from ... import function`` re-exports."""
    for _ in range(10):
        path = module_source(module)
        if path is None:
            return None
        qualified = f"{module}.{function}"
        source = path.read_text(encoding="utf-8")
        line = definition_line(source, function)
        if line is not None:
            try:
                return function_signature(line + " ...\n", function, qualified)
            except SyntaxError:
                pass
        found = function_signature(source, function, qualified)
        if not isinstance(found, str):
            return found
        if found.startswith("."):
            package = _package_of(module, path)
            level = len(found) - len(found.lstrip("."))
            base = package.rsplit(".", level - 1)[0] if level > 1 else package
            module = f"{base}.{found.lstrip('.')}".rstrip(".")
        else:
            module = found
    return None


# -- The checks ------------------------------------------------------------------------------------


def _where(rule: str, file: str, line: int | None) -> str:
    return f"rule {rule} ({file}, line {line})" if line else f"rule {rule} ({file})"


def read_problems(
    rule: str,
    file: str,
    reads: Sequence[Read],
    names: Mapping[str, Sequence[str] | None],
    attributes: Mapping[str, set[str] | frozenset[str]] | None = None,
    reader: str = "the run block",
    prefix: str = "",
) -> list[str]:
    """A message for each read of an item ``rule`` does not define.

    ``names`` gives the rule's item names per container (``{"output": ["table"], ...}``; None
    where they are not known before the job); ``attributes`` the names a container object answers
    besides its items (``input.size_mb``).
    """
    problems = []
    for read in reads:
        known = names.get(read.container, ())
        if known is None:  # not known before the job (inputs from unpack())
            continue
        if read.key in known or read.key in (attributes or {}).get(read.container, ()):
            continue
        plural = PLURALS[read.container]
        defined = (
            f"the rule's {plural} are: {', '.join(known)}"
            if known
            else f"the rule has no {'' if read.container == 'wildcards' else 'named '}{plural}"
        )
        read_name = f"{prefix}{read.container}.{read.key}"
        problems.append(
            f"{_where(rule, file, read.line)}: {reader} reads {read_name}, but {defined}"
        )
    return problems


def call_problems(
    rule: str,
    file: str,
    call: StepCall,
    signature: Signature,
    reserved: Sequence[str] = (),
    caller: str = "the run block",
) -> list[str]:
    """A message for each keyword ``call`` passes that ``signature`` does not take, and each
    required parameter it does not pass. ``reserved`` are the calling helper's own parameters."""
    where = _where(rule, file, call.line)
    if call.keywords is None:
        return [
            f"{where}: {caller} passes {signature.name} keywords the check cannot read "
            "(**mapping): spell each keyword out"
        ]
    problems = []
    for keyword in call.keywords:
        at = _where(rule, file, call.line_of(keyword))
        if keyword in reserved:
            problems.append(
                f"{at}: {caller} passes {keyword}=, which is a parameter of the runner, not of "
                f"{signature.name}"
            )
        elif keyword not in signature.parameters and not signature.any_keyword:
            problems.append(
                f"{at}: {caller} passes {keyword}=, but {signature.name} has no parameter "
                f"{keyword} (its parameters: {', '.join(signature.parameters)})"
            )
    for parameter in signature.parameters:
        if parameter in signature.required and parameter not in call.keywords:
            problems.append(
                f"{where}: {caller} does not pass {parameter}=, which {signature.name} requires"
            )
    missing_positional = signature.required - set(signature.parameters)
    for parameter in sorted(missing_positional):
        problems.append(
            f"{where}: {signature.name} requires the positional-only parameter {parameter}, "
            "which a keyword cannot pass"
        )
    return problems


# -- The Snakemake side ----------------------------------------------------------------------------


@functools.cache
def _public(kind: type) -> frozenset[str]:
    return frozenset(name for name in dir(kind) if not name.startswith("_"))


def _display(path: str, basedir: str) -> str:
    relative = os.path.relpath(path, basedir)
    return path if relative.startswith("..") else relative


def _unpacks(items: Any) -> bool:
    """Whether ``items`` hold an ``unpack()`` function, whose names are known only per job."""
    try:
        from snakemake.io import is_flagged
    except ImportError:
        return False
    return any(is_flagged(item, "unpack") for item in items)


def _rule_names(rule: Any) -> tuple[dict[str, list[str] | None], dict[str, frozenset[str]]]:
    names = {
        "input": None if _unpacks(rule.input) else list(rule.input.keys()),
        "output": list(rule.output.keys()),
        "params": list(rule.params.keys()),
        "log": list(rule.log.keys()),
        "wildcards": sorted(rule.wildcard_names),
    }
    try:
        from snakemake.iocontainers import Wildcards

        wildcards = _public(Wildcards)
    except ImportError:  # another Snakemake layout: a Namedlist's names at least
        wildcards = _public(type(rule.params))
    attributes = {
        "input": _public(type(rule.input)),
        "output": _public(type(rule.output)),
        "params": _public(type(rule.params)),
        "log": _public(type(rule.log)),
        "wildcards": wildcards,
    }
    return names, attributes


def rule_problems(
    rule: Any,
    linemaps: Mapping[str, Mapping[int, int]],
    basedir: str,
    steps: Mapping[str, tuple[str, str]],
    signatures: dict[tuple[str, str], Signature | None],
) -> list[str]:
    """The contract problems of one Snakemake rule (a ``run:`` block or a Python ``script:``)."""

    def signature_of(module: str, function: str) -> Signature | None:
        if (module, function) not in signatures:
            signatures[module, function] = entry_signature(module, function)
        return signatures[module, function]

    def runner_parameters(function: str) -> tuple[str, ...]:
        """The runner's own parameters (its step's keywords cannot use these names)."""
        signature = signature_of(RUNNER, function)
        return signature.parameters if signature else ()

    rule_file = _display(rule.snakefile, basedir)
    names, attributes = _rule_names(rule)
    problems: list[str] = []
    if rule.is_run and rule.run_func is not None:
        reads, calls = run_block_uses(rule.run_func.__code__, linemaps.get(rule.snakefile))
        problems += read_problems(rule.name, rule_file, reads, names, attributes)
        reserved = runner_parameters(RUN_CALL)
        for call in calls:
            where = _where(rule.name, rule_file, call.line)
            if call.step is None:
                problems.append(
                    f"{where}: the run block calls {RUN_CALL} in a way the check cannot read: "
                    f'call {RUN_CALL}("<rule>", log[0], keyword=value, ...)'
                )
            elif call.step not in steps:
                problems.append(
                    f"{where}: the run block runs step {call.step!r}, which smmjourney.STEPS does "
                    f"not list (it lists: {', '.join(steps)})"
                )
            elif (signature := signature_of(*steps[call.step])) is None:
                problems.append(
                    f"{where}: smmjourney.STEPS gives step {call.step} the entry function "
                    f"{'.'.join(steps[call.step])}, which its module does not define"
                )
            else:
                problems += call_problems(rule.name, rule_file, call, signature, reserved)
    elif rule.is_script and rule.script.endswith(".py") and "{" not in rule.script:
        path = os.path.normpath(os.path.join(os.path.dirname(rule.snakefile), rule.script))
        if not os.path.isfile(path):
            return problems  # a remote or missing script: Snakemake reports that itself
        script_file = _display(path, basedir)
        source = Path(path).read_text(encoding="utf-8")
        reads, calls = script_uses(source, list(steps.values()))
        problems += read_problems(
            rule.name,
            script_file,
            reads,
            names,
            attributes,
            reader="the script",
            prefix="snakemake.",
        )
        reserved = runner_parameters(SCRIPT_CALL)
        for call in calls:
            where = _where(rule.name, script_file, call.line)
            if call.step is None:
                problems.append(
                    f"{where}: the script runs a step the check cannot name: pass the entry "
                    "function by name"
                )
                continue
            if call.module is None:
                found = function_signature(source, call.step, call.step)
                signature = found if isinstance(found, Signature) else None
            else:
                signature = signature_of(call.module, call.step)
            if signature is None:
                origin = f"{call.module}.{call.step}" if call.module else call.step
                problems.append(f"{where}: the script runs {origin}, which the check cannot find")
            else:
                problems += call_problems(
                    rule.name, script_file, call, signature, reserved, caller="the script"
                )
    return problems


def check_workflow(workflow: Any) -> None:
    """Raise Snakemake's ``WorkflowError`` naming every broken name contract of ``workflow``'s
    rules (see the module docstring); called once the Snakefile has defined every rule."""
    from snakemake.exceptions import WorkflowError

    from smmjourney import STEPS

    signatures: dict[tuple[str, str], Signature | None] = {}
    problems = []
    for rule in workflow.rules:
        problems += rule_problems(rule, workflow.linemaps, workflow.basedir, STEPS, signatures)
    if problems:
        raise WorkflowError(
            "The rules and the steps they run disagree on names:\n  " + "\n  ".join(problems)
        )
