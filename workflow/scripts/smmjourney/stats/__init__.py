"""Pure numerics of survey cross-tabulations: arrays in, numbers or result dataclasses out.

No configuration and no paths: intervals for proportions (:mod:`.intervals`), tests of
independence (:mod:`.independence`), multiplicity adjustment (:mod:`.multiplicity`), effect
sizes (:mod:`.effects`), ordinal tests (:mod:`.ordinal`), multiple-response sets
(:mod:`.multiresponse`) and survey weights (:mod:`.weights`).
"""

from smmjourney.stats.effects import (
    Estimate,
    bias_corrected_cramers_v,
    cramers_v_interval,
    odds_ratio,
    phi_coefficient,
    proportion_difference,
)
from smmjourney.stats.independence import (
    IndependenceTest,
    adjusted_residuals,
    cramers_v,
    fisher_exact_2x2,
    g_squared,
    independence_test,
    monte_carlo_chi2,
)
from smmjourney.stats.intervals import (
    INTERVAL_METHODS,
    agresti_coull_interval,
    clopper_pearson_interval,
    proportion_interval,
    wilson_interval,
)
from smmjourney.stats.multiplicity import P_ADJUST_METHODS, adjust_p_values
from smmjourney.stats.multiresponse import SetTest, bonferroni_combination, mmi_bonferroni
from smmjourney.stats.ordinal import (
    OrdinalTest,
    RankEffect,
    kruskal_wallis,
    linear_by_linear,
    mann_whitney_u,
    ordinal_summary,
    rank_effect,
    rank_test,
)
from smmjourney.stats.weights import (
    RaoScottTest,
    kish_effective_n,
    rake,
    rao_scott_test,
    weighted_share,
)

__all__ = [
    "INTERVAL_METHODS",
    "P_ADJUST_METHODS",
    "Estimate",
    "IndependenceTest",
    "OrdinalTest",
    "RankEffect",
    "RaoScottTest",
    "SetTest",
    "adjust_p_values",
    "adjusted_residuals",
    "agresti_coull_interval",
    "bias_corrected_cramers_v",
    "bonferroni_combination",
    "clopper_pearson_interval",
    "cramers_v",
    "cramers_v_interval",
    "fisher_exact_2x2",
    "g_squared",
    "independence_test",
    "kish_effective_n",
    "kruskal_wallis",
    "linear_by_linear",
    "mann_whitney_u",
    "mmi_bonferroni",
    "monte_carlo_chi2",
    "odds_ratio",
    "ordinal_summary",
    "phi_coefficient",
    "proportion_difference",
    "proportion_interval",
    "rake",
    "rank_effect",
    "rank_test",
    "rao_scott_test",
    "weighted_share",
    "wilson_interval",
]
