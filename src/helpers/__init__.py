"""The calculations behind the "one trillion parameters" notebooks, in layers you can see.

Imports only go down this list (``tests/test_layers.py`` enforces it)::

    views/      formatting, tables, charts, controls, explorers         (may use everything below)
    teach/      the check engine and one question module per sheet     (may use everything below)
    i18n/       language switch, _() and the Japanese PO catalogue     (may use story, scenarios, calc, data)
    story       the headline numbers, computed once, with ranges       (may use scenarios, calc, data)
    scenarios   the story's assumptions, once, with sources and ranges (may use calc, data)
    serving     short name for helpers.calc.serving (an alias)           (may use calc)
    calc/       pure calculations and the typed catalog of models/GPUs (may use data)
    data/       data files by name, checked against data/manifest.csv  (uses nothing above)

``views`` and ``teach`` sit side by side and do not import each other, except that ``teach`` may
draw an answer box with ``views.widgets``. Build-time scripts (Japanese editions, notebook
re-execution, manifest rehash) live outside the package in ``tools/``.

The chain of the story, link by link: the step, the module that computes it, the notebook that
explains it, and the data files it reads.

=====================  ===========================  ==========  ==========================================
step                   module                       notebook    data files
=====================  ===========================  ==========  ==========================================
the plan and figures   data, views.tables           00          facts.csv, budget.csv
parameters             calc.params, calc.catalog    01          models.csv, hf_configs.json,
                                                                reference_counts.csv
GPU memory             calc.memory, calc.evidence   02          gpus.csv, peer_conventions.csv, measured/
compute and time       calc.compute                 03          training_runs.csv, chinchilla.csv, gpus.csv
power and energy       calc.power                   04          datacenters.csv, grid.csv, energy.csv,
                                                                servers.csv, measured/h200_inference_power
GX bonds               calc.finance                 05          gx_*.csv, budget.csv, fx_rates.csv
data-centre economics  calc.finance                 06          facts.csv, fx_rates.csv, dc_evidence.csv
what ¥1 trillion buys  calc.budget, story           07          gpu_hour_prices.csv, development_costs.csv
serving                calc.serving                 08          serving.csv, gpus.csv, servers.csv
the story's inputs     scenarios                    all         scenarios.csv
headline numbers       story, views.cards           03-07, deck (all of the above)
exercises              teach                        exercises/  (all of the above)
=====================  ===========================  ==========  ==========================================
"""
