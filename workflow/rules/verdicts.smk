"""Verdicts: each activity's computed rating beside the verdict the wave's publication gives it, for the waves whose configuration names a verdicts file."""


rule verdicts:
    input:
        table=rules.appropriateness.output.table,
        verdicts=get_verdicts,
    output:
        comparison=report(
            f"{RESULTS}/verdicts_comparison.csv",
            caption="../report/verdicts_comparison.rst",
            category="Tables",
            labels={"wave": "{wave}", "table": "verdicts comparison"},
        ),
    log:
        "logs/{wave}/verdicts.log",
    benchmark:
        "benchmarks/{wave}/verdicts.tsv"
    wildcard_constraints:
        wave="|".join(re.escape(wave) for wave in VERDICT_WAVES) or "(?!)",
    resources:
        mem_mb=1000,
        runtime=10,
    run:
        run_in_workflow(
            "verdicts",
            log[0],
            table=input.table,
            verdicts=input.verdicts,
            comparison=output.comparison,
            wave=wildcards.wave,
        )
