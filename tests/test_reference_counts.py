"""Every config in data/hf_configs.json counted exactly as transformers builds it.

data/reference_counts.csv was produced by benchmarks/hf_reference_counts.py (transformers on the
meta device); here our counter must agree to the parameter, per component.
"""

import pytest

from helpers import data
from helpers.calc.params import count_params, from_hf_config

CONFIGS = data.load_json("hf_configs")
REFERENCE = data.load("reference_counts").set_index("name")
COMPONENTS = {  # our ParamCount field -> reference column
    "embeddings": "embed_params",
    "lm_head": "lm_head_params",
    "attention": "attention_params",
    "dense_ffn": "dense_mlp_params",
    "routed_experts": "routed_expert_params",
    "shared_experts": "shared_expert_params",
    "router": "router_params",
    "norms": "norm_params",
}


def test_every_config_has_a_reference_row():
    assert set(CONFIGS) == set(REFERENCE.index)
    assert len(CONFIGS) >= 30


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_count_matches_transformers(name):
    config = {k: v for k, v in CONFIGS[name].items() if not k.startswith("_")}
    count = count_params(from_hf_config(config, name))
    reference = REFERENCE.loc[name]
    assert count.total == reference["total_params"]
    assert count.active == reference["active_params"]
    assert {k: getattr(count, k) for k in COMPONENTS} == {k: reference[v] for k, v in COMPONENTS.items()}
