"""Analysis: what is computed from runs, and which runs a computation needs. Running
them is :mod:`sim.ensemble`'s (this layer hands it tasks); writing and drawing is
:mod:`sim.report`'s.

Modules: ``stats`` (Wilson, Newcombe, t and bootstrap intervals), ``measures``
(run-level measures and subgroups), ``compare`` (scenarios against a reference),
``claims`` (claim files, verdicts), ``evaluate`` (deciding claims from their arms'
runs), ``settings`` (`sim claims`' defaults), ``sampling`` (SALib samples of a space),
``sensitivity`` (SALib's indices, and when a ranking is noise), ``discovery`` (PRIM
boxes, EMA Workbench), ``robustness`` (claims at many points at once), ``replay``
(runs of the replay against the record's targets: coverage and implausibility),
``calibrate`` (history matching: waves of points, their implausibility, refocusing,
each parameter's fit), ``validation`` (the held-out year: predictions, interval scores,
naive forecasts), ``world_fit`` (whether a world's replay fits the record), ``worlds`` (each claim
in each plausible world, and its verdict over them), ``assumed`` (which verdicts flip
within a judgement's plausible range), ``tipping`` (how strong a critic's mechanism must
be to flip a claim), ``mixtures`` (a swapped sub-model's strength as a share of the
runs), ``robust`` (robust decision making: every strategy in every plausible world;
satisficing and regret), ``points``
(what an exploration computes at each point of a piece) and ``explore`` (an
exploration's work described, and its findings computed). :mod:`sim.report.studies`
runs what this layer describes.

May import: :mod:`sim.ensemble` (its plans and the shapes of work, not its executors,
checkpoints or pieces), :mod:`sim.model`, :mod:`sim.scenarios`,
:mod:`sim.errors`. Never reports.
"""
