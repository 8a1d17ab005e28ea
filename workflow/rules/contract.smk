"""The name contract between each rule and the code it runs (its keys, its step's parameters),
checked once every rule is defined, before any job: see smmjourney.contract."""

from smmjourney.contract import check_workflow

check_workflow(workflow)
