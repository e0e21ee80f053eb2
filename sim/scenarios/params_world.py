"""World parameters: how the war, sanctions, aid, unity, vetoes, talks and
guarantees work (assumptions the essay leaves open), and Western unity.
"""

from __future__ import annotations

from sim.scenarios.param import SHARE, WEEKLY, Param, declare

#: The sub-models a scenario chooses whole, by name (its ``[model]`` table): each an
#: alternative causal structure with its own sources (docs/model.md, section 7), and each
#: calibrated against the record on its own (docs/calibration.md).
MODEL: tuple[Param, ...] = (
    declare("model.battle", "lanchester", choices=("lanchester", "defence_dominant"),
       unit="choice", init_only=True, claims="C1 C11 C13",
       meaning='How the balance of forces moves the front. "lanchester": the front moves '
               "with any shift of the force ratio from the one the war started at, "
               "saturating when one side is overwhelming (Lanchester's square law with "
               'reinforcement). "defence_dominant": the defence holds until the attacker\'s '
               "advantage has shifted by more than world.defence_threshold, and only the "
               "shift beyond it moves the front (Biddle 2004, the modern system; "
               "Mearsheimer 1989, the 3:1 rule): small changes in aid or production buy "
               "no ground.",
       reason="Lanchester is the model's reference; the defence-dominant front is the "
              "critic's positional war (Zaluzhnyi, The Economist, Nov 2023), calibrated "
              "against the same record."),
    declare("model.bargaining", "signals", choices=("signals", "expected_value"),
       unit="choice", init_only=True, claims="C3 C6 C7 C14",
       meaning='How the belligerents decide on talks, terms and renewed war. "signals": '
               "graded responses to Russia's belief that time is on its side, the trend and "
               "guarantees, with named modifiers of its will to break a cease-fire "
               '(precedent, satiation, provocation, revanchism). "expected_value": each side '
               "weighs, in km2, what fighting on for world.bargaining_horizon_weeks would "
               "gain it (its projected advance, valued against Russia's territorial aims, "
               "minus the war's cost) against the terms on the table (ground ceded, "
               "guarantees); Russia breaks a cease-fire when renewed war, at the balance of "
               "forces of the time and against the guarantors' deterrence, pays (Fearon "
               "1995; Powell 2006). Whether ceding territory invites renewed war then "
               "follows from Russia's aims and the defences ceded, not from a label.",
       source="Fearon 1995, Rationalist explanations for war; Powell 2006, War as a "
              "commitment problem; Reiter 2009, How Wars End",
       reason="The signals model is the model's reference; expected-value bargaining is "
              "the tradition a political scientist would test it against. The replay has "
              "no talks, so both share the default calibration."),
    declare("model.china", "fixed_share", choices=("fixed_share", "stakes"),
       unit="choice", init_only=True, claims="C11 C13",
       meaning='How Beijing decides its economic support for Russia. "fixed_share": its '
               "disposition (china.economic_support), cut as US secondary sanctions put its "
               'Western trade at risk (china.sanctions_sensitivity). "stakes": the same '
               "trade stake, against a stake in Russia's survival: as the balance of forces "
               "moves against Russia, Beijing gives more (china.survival_stake per unit of "
               "the log force ratio lost since the start), whatever its disposition, up to "
               "all it can give; secondary sanctions still cut what it gives. China then "
               "answers the war, so a Western package that erodes Russia's position is "
               "partly offset from Beijing.",
       source="Wang Yi to the EU's Kaja Kallas, 2 July 2025 (South China Morning Post, 4 "
              "July 2025): China cannot accept a Russian defeat that would free the US to "
              "turn on China; Early 2015, Busted Sanctions (the trade stake)",
       reason="A fixed disposition is the model's reference; a China that watches the war "
              "is the critic's. It reaches the replay, so it has its own calibration, with "
              "china.survival_stake among the free parameters."),
    declare("model.escalation", "none", choices=("none", "risk"),
       unit="choice", init_only=True, claims="C4 C10",
       meaning='What Moscow does when it stops believing time is on its side. "none": it '
               "only grows readier to talk (the essay's pathway). \"risk\": it may escalate "
               "instead, once a run, with a weekly chance that rises as its belief falls "
               "below russia.escalation_belief (a second partial mobilization, which adds "
               "russia.mobilization_power of its starting combat power at once). A cornered "
               "nuclear power escalates before it negotiates: the critic's pathway from a "
               "fall in Moscow's belief, whatever caused it, back to the battlefield, not "
               "through talks.",
       source="Schelling 1966, Arms and Influence; the record of 2022: Russia's partial "
              "mobilization of 300,000 (21 Sep 2022) came two weeks after Ukraine's "
              "Kharkiv offensive",
       reason="No escalation is the essay's view and the model's reference. Moscow did not "
              "mobilize again in 2023-25, so the replay has no escalation (as it has no "
              "talks) and both share the default calibration (a test checks the replay is "
              "the same bytes)."),
)

WORLD: tuple[Param, ...] = (
    # ---- world: where the war starts ---------------------------------------------
    declare("world.start", "replay", choices=("replay", "status_quo", "scenario_balance"),
       unit="choice", init_only=True, claims="C4 C11",
       meaning='"replay": every run first replays the record from January 2023 to the '
               "essay's date (scenarios/history.toml: the record's policies, this "
               "scenario's assumptions) and the scenario's policies take over from the state "
               "that run reached on 4 September 2025; "
               '"status_quo": start on the essay\'s date from the balance of the war under '
               "the default policies and this scenario's assumptions, so policy changes act "
               "through their lags (the constructed start of model versions 1-3); "
               '"scenario_balance": start from the balance of this scenario\'s own '
               "week-0 policies, as if they had always been in force.",
       reason="Scenarios ask 'what if, from now on': the war as the record left it, with "
              "its momentum, is the start, not a constructed rest point."),
    declare("world.parameter_sets", "plausible", choices=("plausible", "central", "defaults"),
       unit="choice", init_only=True, claims="",
       meaning='What the parameters the shipped calibration fitted (calibration/, '
               'docs/calibration.md) take when the scenario leaves them at their defaults: '
               '"plausible": each run draws one of the calibration\'s plausible sets by its '
               "run key (run i draws the same set in every scenario with the same seed, so "
               'comparisons stay paired); "central": every run takes the central plausible '
               'set (`sim run --point`); "defaults": their stated defaults.',
       reason="The record rules parameter values out; the runs should carry the "
              "uncertainty about those it leaves, not one judgement's value."),
    declare("world.russia_held_km2", 114_493.0, 0, 603_550, unit="km2", init_only=True,
       claims="C1 C11",
       source="DeepState map, 18 August 2025, reported by Ukrainska Pravda "
              "(https://www.pravda.com.ua/news/2025/08/17/7526611/)",
       meaning="Ukrainian territory (of 603,550 km2) Russia holds at the start (week 0, "
               "4 September 2025) of a run that does not start from the replay: the front's "
               "position in the record's unit. A replayed start holds what its replay "
               "reached (the replay starts from the record's February 2023 figure).",
       reason="The nearest published figure before the essay's date (17 days earlier)."),
    declare("world.ground_scale_km2", 20_000.0, 1_000, 200_000, unit="km2", claims="C2 C4 C8",
       meaning="The ground (km2) taken or retaken since the start that counts as one unit "
               "in the actors' responses to the war: unity_threat_response, "
               "european_union.threat_response, united_states.responsiveness, "
               "us_congress.responsiveness, turkey.bandwagoning and "
               "russia.revanchism_weight are per unit of it.",
       reason="Judgement, to be calibrated: the scale on which those responses were set "
              "(model version 2's front of -1..+1 spanned +-20,000 km2); about the area of "
              "the Donetsk oblast (26,517 km2)."),
    # ---- world: Western unity (C2) -------------------------------------------
    declare("world.unity", 0.6, 0, 1, unit=SHARE, claims="C2",
       meaning="Western unity the scenario sets: unity starts here and is pulled back "
               "here while what actors do pushes it up or down.",
       reason="The essay sees Europe 'more aligned than in years' but the US wavering: "
              "above the middle, well short of full."),
    declare("world.unity_reversion_rate", 0.05, 0, 1, unit=WEEKLY, claims="C2",
       meaning="How fast unity returns to world.unity after a push.",
       reason="Political alignments drift back over months (half-life about 14 weeks)."),
    declare("world.unity_noise", 0.005, 0, 0.1, unit="std. dev. per week", claims="C2",
       meaning="Random week-to-week movement of unity.",
       reason="Small: news cycles move unity, not decide it."),
    declare("world.unity_floor", 0.3, 0, 1, unit=SHARE, claims="C2",
       meaning="Share of sanctions' and aid's effect that survives at zero unity; at "
               "full unity the whole effect acts. Unity multiplies, it does not add.",
       reason="Even a divided West delivers what is already contracted and enforced."),
    declare("world.hesitation_unity_erosion", 0.004, 0, 0.05, unit=WEEKLY, claims="C4",
       meaning="Unity lost each week the US President's decision is pending.",
       reason="Allies hedge while Washington defers; a year of deferral costs about "
              "0.2 of unity before reversion."),
    declare("world.decline_unity_shock", 0.1, 0, 1, unit="one-off", claims="C12",
       meaning="Unity lost once when the President declines to act.",
       reason="An explicit refusal is a visible break, larger than a week's hesitation."),
    declare("world.veto_unity_shock", 0.02, 0, 0.5, unit="per blocked package", claims="C8",
       meaning="Unity lost each time Hungary or Slovakia blocks an EU package.",
       reason="A veto is public evidence of division."),
    declare("world.coalition_unity_push", 0.002, 0, 0.05, unit=WEEKLY, claims="C9",
       meaning="Unity gained each week the France/UK coalition is active (scaled by "
               "its membership).",
       reason="The essay credits the coalition with Europe looking 'more aligned'."),
    declare("world.unity_threat_response", 0.02, 0, 0.5,
       unit="per week per world.ground_scale_km2 lost", claims="C2 C4",
       meaning="Unity gained each week per world.ground_scale_km2 of ground Russia has "
               "taken since the start: Russian advances rally the West. 0 turns the "
               "response off.",
       reason="Threat perception: Russian gains have repeatedly hardened European opinion "
              "(Walt 1987, balancing against threat)."),
    declare("world.commitment_unity_push", 0.004, 0, 0.05, unit=WEEKLY, claims="C4 C10",
       meaning="Unity gained each week US commitments are in force, times (1 - ambiguity).",
       reason="A clear US lead pulls allies along (the mirror of hesitation)."),
    # ---- world: military aid and the battlefield (C1, C11, C13) -----------------
    declare("world.aid_delivery_lag_weeks", 8, 0, 52, unit="weeks", claims="C4 C11",
       init_only=True,
       meaning="Weeks between an aid commitment and its arrival at the front.",
       reason="Stocks, transport and training take about two months."),
    declare("world.aid_weight_us", 0.45, 0, 1, unit="share of full aid", claims="C1 C10",
       meaning="Weight of US military aid in the aid flow.",
       reason="The US supplies the systems Europe cannot (air defence, long-range "
              "fires, intelligence): the largest single share."),
    declare("world.aid_weight_eu", 0.25, 0, 1, unit="share of full aid", claims="C1 C8",
       meaning="Weight of EU (unanimity-bound) military aid in the aid flow.",
       reason="EU facilities fund a large but slower share."),
    declare("world.aid_weight_coalition", 0.3, 0, 1, unit="share of full aid", claims="C8 C9",
       meaning="Weight of France/UK coalition aid in the aid flow.",
       reason="National European aid, outside EU unanimity."),
    declare("world.aid_complementarity", 0.6, 0, 1, unit=SHARE, claims="C1",
       meaning="How far US and European aid need each other: 0 adds them up "
               "(substitutes); 1 combines them Cobb-Douglas, so neither works at full "
               "effect without the other.",
       reason="The US supplies what Europe cannot (air defence, long-range fires, "
              "intelligence); Europe supplies the money, shells and training that make "
              "US systems count: the essay's 'requires both'. A critic may set 0."),
    declare("world.aid_saturation", 0.0, 0, 1, unit=SHARE, claims="C1",
       source="absorptive-capacity arguments (training, crews, maintenance); "
              "diminishing returns to aid",
       meaning="How fast Ukraine's returns to aid diminish: combat power from an aid flow "
               "a is (1 - exp(-k a)) / k with k = 5 x this; 0 is linear. A critic's "
               "counter-mechanism to C1: with limited absorption, more of both adds less "
               "than the sum of each.",
       reason="The essay assumes aid converts fully into combat power."),
    declare("world.coalition_unendorsed_effect", 0.35, 0, 1, unit=SHARE, claims="C9",
       meaning="Share of the coalition's aid that turns into consequence without US "
               "endorsement (enablers, intelligence, air cover).",
       reason="The essay: without Washington the coalition is 'more statement than "
              "strategy'."),
    declare("world.endorsement_crowding_out", 0.0, 0, 1, unit=SHARE, claims="C9",
       source="Olson & Zeckhauser 1966, An Economic Theory of Alliances: allies free-ride "
              "on the largest member",
       meaning="Share of their coalition aid France and the UK withdraw once the US "
               "endorses the coalition (they leave more to Washington). A critic's "
               "counter-mechanism to C9.",
       reason="The essay expects endorsement to add to European effort, not replace it."),
    declare("world.nato_aid_boost", 0.2, 0, 1, unit="share", claims="C8",
       meaning="Extra effect of all aid at full NATO-level coordination.",
       reason="Pooled procurement and coordination make aid go further."),
    declare("world.turkey_nato_block", 0.6, 0, 1, unit=SHARE, claims="C8",
       meaning="Share of NATO-level action that Turkey's full balancing blocks.",
       reason="NATO decides by consensus; one balancing member can hold much back."),
    declare("world.aid_to_power", 0.06, 0, 1,
       unit="combat power per week at full aid (EUR 120 bn a year, effective)",
       claims="C1 C11",
       meaning="Combat power a full Western aid flow (EUR 120 bn a year as it counts: "
               "aid_effective_eur_bn) adds to Ukraine each week.",
       reason="Calibrated so full aid outweighs Russia's sanctioned production."),
    declare("world.nk_power_per_week", 0.012, 0, 0.2, unit="combat power per week", claims="C13",
       meaning="Combat power full North Korean munitions support (about 430,000 shells a "
               "month) adds to Russia weekly.",
       reason="Judgement, to be calibrated: a fifth of Russia's own output, set before "
              "the record's unit (Russia made about 167,000 shells a month in 2023, so "
              "North Korea's shells alone were more than its own; shells are a part of "
              "combat power)."),
    declare("world.depreciation_rate", 0.03, 0.001, 0.5, unit=WEEKLY, claims="C1",
       meaning="Share of each side's combat power worn out each week regardless of "
               "fighting.",
       reason="Barrels, vehicles and units wear out: a half-life of about 23 weeks."),
    declare("world.attrition_rate", 0.01, 0, 0.5, unit=WEEKLY, claims="C1",
       meaning="Lanchester attrition coefficient: losses each week scale with both "
               "sides' power.",
       reason="Sets how costly contact is; larger makes the war burn faster."),
    declare("world.loss_exchange_ratio", 1.3, 0.1, 10, unit="Russian per Ukrainian loss",
       claims="C1",
       meaning="Russian losses for each unit of Ukrainian loss (defender's advantage).",
       reason="Attackers usually lose more than defenders."),
    declare("world.front_speed_km2_per_week", 240.0, 0, 2_000, unit="km2 per week",
       claims="C1 C11",
       meaning="Largest weekly movement of the front at an overwhelming force ratio.",
       reason="Judgement, to be calibrated: 12,500 km2 a year, about twice Russia's "
              "fastest year since 2023 (more than 5,600 km2 in 2025, ISW)."),
    declare("world.front_sensitivity", 1.5, 0, 50, unit="per log force ratio", claims="C1",
       meaning="How sharply the front responds to the force ratio.",
       reason="A 20% edge moves the front at about a quarter of its top speed."),
    declare("world.defence_threshold", 0.2, 0, 2, unit="log force ratio", claims="C1 C11 C13",
       source="Biddle 2004 (Military Power: the modern system); Mearsheimer 1989 (the 3:1 "
              "rule): a prepared defence holds short of a large advantage",
       meaning='Under model.battle = "defence_dominant": how far the log force ratio must '
               "shift from the one the war started at before the front moves at all (0.2: "
               "about a fifth more power on one side); only the shift beyond it counts.",
       reason="Free, calibrated with the defence-dominant model; a judgement that a fifth "
              "more combat power is needed to break a prepared line."),
    declare("world.front_noise_km2_per_week", 120.0, 0, 2_000, unit="km2, std. dev. per week",
       claims="C1",
       meaning="Random weekly movement of the front (weather, local offensives).",
       reason="Half the top speed: weekly news is noisy, trends are not."),
    declare("world.power_noise", 0.05, 0, 1, unit="log std. dev. per week", claims="C1",
       meaning="Random variation of each side's weekly reinforcements.",
       reason="Deliveries and recruitment vary week to week."),
    declare("world.trend_window_weeks", 8, 1, 52, unit="weeks", claims="C5 C6",
       meaning="Window over which Russia reads the battlefield trend (exponential "
               "average of the front's weekly change).",
       reason="Two months: a trend, not a week's news."),
    # ---- world: sanctions and Russia's war economy (C11, C13) --------------------
    declare("world.sanctions_weight_us", 0.35, 0, 1, unit="share of full pressure", claims="C10 C11",
       meaning="Weight of US sanctions (incl. secondary sanctions) in combined pressure.",
       reason="Dollar clearing and secondary sanctions reach third countries."),
    declare("world.sanctions_weight_eu", 0.45, 0, 1, unit="share of full pressure", claims="C8 C11",
       meaning="Weight of EU sanctions in combined pressure.",
       reason="The EU was Russia's largest trading partner."),
    declare("world.sanctions_weight_uk", 0.1, 0, 1, unit="share of full pressure", claims="C11",
       meaning="Weight of UK sanctions in combined pressure.",
       reason="London's financial and shipping-insurance role."),
    declare("world.sanctions_lag_weeks", 26, 1, 208, unit="weeks", claims="C4 C11",
       meaning="Time constant with which sanctions pressure follows the sanctions in force.",
       reason="Sanctions bite over months as stocks and workarounds run down."),
    declare("world.sanctions_bite", 0.02, 0, 0.5, unit="capacity share per week at full pressure",
       claims="C11",
       meaning="How fast full sanctions pressure erodes Russia's war-economy capacity.",
       reason="Full pressure would halve capacity in under a year against recovery."),
    declare("world.fossil_revenue_unsanctioned_eur_bn_a_month", 26.0, 5, 60,
       unit="EUR bn a month", claims="C11",
       meaning="Russia's fossil-fuel export revenue with no sanctions pressure: what "
               "sanctions pressure takes a share of (world.sanctions_revenue_take). An "
               "output only: Russia's capacity answers the same pressure.",
       reason="Free, to be calibrated on CREA's monthly estimates; the default is about "
              "CREA's EUR 315 bn in the invasion's first year, before the EU embargo and "
              "price cap (CREA, February 2023; unverified here)."),
    declare("world.shells_a_week_full_capacity", 40_000.0, 0, 500_000,
       unit="shells a week", claims="C11 C13",
       meaning="Artillery shells Russia's industry makes in a week at full capacity and "
               "January 2023's output: the record's unit for the production that feeds "
               "Russia's combat power (russia_shells_produced = this x industry x "
               "capacity). An output only.",
       reason="Free, to be calibrated on the record's shell estimates (2023, 2024); the "
              "default is about 2 million a year."),
    declare("world.sanctions_revenue_take", 0.5, 0, 1, unit=SHARE, claims="C11",
       meaning="Share of Russia's unsanctioned fossil export revenue full sanctions "
               "pressure takes (price caps, embargoes, discounts, shadow-fleet costs).",
       reason="Free, to be calibrated on CREA's monthly estimates; a judgement that full "
              "pressure halves it."),
    declare("world.sanctions_adaptation_rate", 0.01, 0, 0.2, unit=WEEKLY, claims="C8",
       meaning="Share of EU sanctions' effect Russia evades each week until a new "
               "package closes the loopholes.",
       reason="Shadow fleets and re-routing: why the EU keeps adopting packages."),
    declare("world.eu_aid_rundown_rate", 0.02, 0, 0.2, unit=WEEKLY, claims="C8",
       meaning="Share of EU military aid in force that runs out each week until a new "
               "package renews the funding.",
       reason="EU aid comes in tranches (European Peace Facility, loans) that must be "
              "renewed by unanimity: about a quarter runs out over a package interval."),
    declare("world.turkey_sanctions_leakage", 0.2, 0, 1, unit=SHARE, claims="C8 C13",
       meaning="Share of sanctions pressure that leaks through Turkey at full balancing.",
       reason="Turkey stayed open to Russian trade and finance."),
    declare("world.china_offset_max", 0.6, 0, 1, unit=SHARE, claims="C13",
       meaning="Share of sanctions pressure that full Chinese economic support offsets.",
       reason="China buys oil and supplies dual-use goods, but not everything."),
    declare("world.china_recovery_boost", 0.5, 0, 5, unit="multiplier", claims="C13",
       meaning="Extra speed of Russian capacity recovery at full Chinese support.",
       reason="Chinese machinery and components speed rebuilding."),
    # ---- world: EU unanimity (C8) -----------------------------------------------
    declare("world.veto_dilution", 0.5, 0, 1, unit=SHARE, claims="C8",
       meaning="Share of an EU package lost for each member state that blocks it.",
       reason="Holdouts are bought off with carve-outs and smaller packages."),
    declare("world.veto_delay_weeks", 6, 0, 52, unit="weeks", claims="C8",
       meaning="Delay of an EU package that a member state blocks.",
       reason="Blocked packages have typically passed weeks later."),
    declare("world.veto_unity_response", 3.0, 0, 20, unit="log-odds per unit of unity",
       claims="C8",
       meaning="How much the odds that Hungary or Slovakia blocks a package fall for each "
               "unit unity stands above its starting level (and rise below it): isolation "
               "makes holding out costly. 0 makes their resistance fixed.",
       reason="Veto players weigh the cost of isolation (Tsebelis 2002); holdouts have "
              "yielded when they stood alone."),
    declare("world.coalition_eu_instrument_share", 0.0, 0, 1, unit=SHARE, claims="C8",
       source="the European Peace Facility, whose reimbursements to member states for "
              "arms sent to Ukraine need unanimity and were held up by Hungary",
       meaning="Share of the France/UK coalition's aid financed through EU instruments "
               "that need unanimity: it is held up whenever a package is vetoed, and side "
               "payments do not free it. A critic's counter-mechanism to C8.",
       reason="The essay's coalition acts outside EU vetoes; national budgets pay."),
    # ---- world: talks, cease-fire and guarantees (C3, C6, C7, C14) -----------------
    declare("world.talks_start_rate", 0.015, 0, 1, unit="probability per week", claims="C3 C6",
       meaning="Chance each week that talks without serious intent begin, at the belief "
               "Russia starts with (see russia.stalling).",
       reason="Envoys and summits come and go: about four in five runs see some talks "
              "within two years."),
    declare("world.serious_talks_rate", 0.2, 0, 1, unit="probability per week", claims="C1 C6",
       meaning="Chance each week that serious talks begin when Russia is fully willing; "
               "scaled by its willingness (russia.serious_talks_belief and "
               "talks_belief_spread).",
       reason="Once the incentive exists, talks follow within weeks."),
    declare("world.serious_talks_exit_margin", 0.2, 0, 1, unit="belief", claims="C5 C6",
       meaning="How far above russia.serious_talks_belief Russia's belief must be for "
               "serious talks to break down at half of talks_breakdown_rate "
               "(hysteresis).",
       reason="Negotiators do not walk out at the first good week; above the "
              "willingness spread, so talks begun in earnest are not dropped at once."),
    declare("world.talks_breakdown_rate", 0.15, 0, 1, unit="probability per week", claims="C3 C5",
       meaning="Chance each week that serious talks break down when Russia's belief that "
               "time is on its side is far above its walk-out level (scaled down smoothly "
               "below it).",
       reason="Talks stall and collapse within weeks once one side expects to gain by "
              "fighting (Wagner 2000: bargaining goes on during the war)."),
    declare("world.agreement_rate", 0.12, 0, 1, unit="probability per week", claims="C1 C10",
       meaning="Chance each week that serious talks produce a cease-fire when both "
               "sides accept the terms; scaled by Russia's willingness and Ukraine's "
               "acceptance.",
       reason="Serious talks take a few months to close."),
    declare("world.hollow_deal_rate", 0.005, 0, 1, unit="probability per week", claims="C3",
       meaning="Chance each week that talks without serious intent still produce a "
               "cease-fire (a deal Russia signs while it thinks time is on its side), "
               "scaled by Ukraine's acceptance.",
       reason="Rare, but it happens (Minsk)."),
    declare("world.concession_km2", 5_000.0, -20_000, 200_000, unit="km2", claims="C14",
       meaning="A cease-fire signed after Russia has taken more than this much ground "
               "since the start cedes territory.",
       reason="Negotiating from a clearly losing position means conceding ground."),
    declare("world.european_guarantee_credibility", 0.3, 0, 1, unit=SHARE, claims="C7 C9",
       meaning="Credibility of post-war guarantees the France/UK coalition gives alone.",
       reason="The essay: Europe can frame the architecture but not anchor it."),
    declare("world.us_guarantee_credibility", 0.55, 0, 1, unit=SHARE, claims="C7",
       meaning="Credibility US backing adds to post-war guarantees.",
       reason="The essay: 'only America can anchor it'."),
    declare("world.guarantee_threshold", 0.5, 0, 1, unit=SHARE, claims="C7 C14",
       meaning="Credibility at which a cease-fire counts as a guaranteed settlement.",
       reason="Half: more credible than not."),
    declare("world.relapse_base_rate", 0.015, 0, 1, unit="probability per week", claims="C7 C14",
       meaning="Weekly chance that Russia breaks a cease-fire with no guarantees at the "
               "balance of forces the war started from, before the modifiers of "
               "Russia's relapse decision (russia.relapse_*, precedent, satiation, "
               "provocation, revanchism, war weariness).",
       reason="An unguaranteed truce breaks within about a year more often than not."),
    declare("world.deterrence_strength", 0.95, 0, 1, unit=SHARE, claims="C7",
       meaning="Share of the relapse risk that fully credible guarantees remove "
               "(extended deterrence).",
       reason="Credible guarantees deter most, not all, renewed attacks."),
    # ---- world: expected-value bargaining (model.bargaining = "expected_value") -------
    declare("world.bargaining_horizon_weeks", 52, 4, 520, unit="weeks",
       claims="C3 C6 C7 C14",
       meaning='Under model.bargaining = "expected_value": how far ahead each side weighs '
               "fighting on against the terms (its shadow of the future).",
       reason="A year: the planning horizon of a war budget (judgement)."),
    declare("world.bargaining_spread_km2", 1_000.0, 100, 50_000, unit="km2",
       claims="C3 C6 C7 C14",
       meaning='Under model.bargaining = "expected_value": how uncertain each side is of '
               "the values it weighs; a surplus of one spread makes a deal (or renewed war) "
               "e (2.7) times likelier than none.",
       reason="Set with russia.war_cost_km2_a_week and ukraine.insecurity_km2 so that, at "
              "the essay's date, the sides stand where 2025's record put them: Moscow "
              "refuses a cease-fire on the lines (March 2025) but would take one for the "
              "rest of Donetsk (August 2025); Kyiv accepts the lines but not the cession "
              "(a test checks it). About ten days of Russia's 2024 advance."),
    declare("world.guarantee_deterrence_km2", 20_000.0, 0, 200_000, unit="km2",
       claims="C7",
       meaning='Under model.bargaining = "expected_value": what breaking a fully credible '
               "guarantee costs Russia (fighting the guarantors), in km2 of ground it "
               "would trade for avoiding that; scaled by the guarantee's credibility.",
       reason="About five years of Russia's 2024 advance: guarantors that fight are a "
              "war it has not chosen (judgement)."),
    # ---- world: the terms of a settlement (C14) ------------------------------------
    declare("world.terms_cede_km2", 0.0, 0, 100_000, unit="km2", claims="C14",
       meaning="Ground a cease-fire cedes to Russia beyond the line of contact when it is "
               "signed (the terms on the table). 0: a cease-fire on the current lines. "
               "Any cession makes the settlement a territorial concession.",
       reason="The essay argues against any cession; the default is the lines as they are."),
    declare("world.imposed_ceasefire_week", -1, -1, 1040, unit="week", claims="C7 C14",
       meaning="Week after the start (the essay's date) at which a cease-fire is signed in "
               "every run still at war, on the terms on the table (world.terms_cede_km2), "
               "whatever either side would choose: an experiment on what follows a deal, "
               "with the same runs in every arm. -1: none; a cease-fire comes only as the "
               "sides decide.",
       reason="No deal is imposed: the belligerents decide."),
    declare("world.fortified_belt_km2", 8_000.0, 1, 100_000, unit="km2", claims="C14",
       meaning="The fortified ground Ukraine still holds in Donetsk oblast (the "
               "Sloviansk-Kramatorsk-Kostiantynivka belt): once a settlement has ceded all "
               "of it, Russia's advances run world.ceded_defence_loss faster.",
       source="AP, 12 Aug 2025: Ukraine held the remaining 30% of Donetsk oblast (26,517 "
              "km2), about 3,500 sq mi; about 5,000 km2 by December 2025",
       reason="What Moscow demanded for a freeze of the rest of the front (Alaska, Aug "
              "2025)."),
    declare("world.ceded_defence_loss", 0.2, 0, 1, unit=SHARE, claims="C14",
       meaning="How much faster Russia can advance once a settlement has ceded it the "
               "fortified belt (in proportion to the share of the belt ceded): its "
               "advances run this share faster, as prepared defences no longer hold it "
               "back.",
       source="Zelenskyy, 12 Aug 2025: withdrawing from Donetsk would be 'a springboard "
              "for a future Russian invasion'",
       reason="A fifth: the belt is one sector of a long front, but the one Russia has "
              "failed to take for a decade (judgement; set when this mechanism replaced an "
              "earlier one on attrition, after C14's results under that one were seen)."),
    declare("world.hollow_relapse_weight", 1.0, 0, 10, unit="multiplier per unit belief",
       claims="C3", source="Werner & Yuen 2005: cease-fires that follow consistent battle "
                           "results last longer",
       meaning="Extra relapse risk per unit of Russia's time-on-its-side belief at the "
               "signing.",
       reason="A deal signed by a side that expects to win later is a pause."),
)
