"""Actor parameters: what each actor the essay names chooses (policies) and how
it decides (decision rules, each with its responsiveness and, where a critic
disagrees with the essay, the critic's counter-mechanism).
"""

from __future__ import annotations

from sim.scenarios.param import LOG_ODDS, SHARE, WEEKLY, Param, declare
from sim.scenarios.units import AID_EUR_BN_A_YEAR

#: The US President's possible stances (see ``united_states.stance``).
US_STANCES: tuple[str, ...] = ("commits", "hesitates", "declines")



def aid_unit(lever: str) -> str:
    """A military-aid lever's unit: its intensity and the amount 1.0 stands for."""
    return f"intensity 0..1 (1.0 = EUR {AID_EUR_BN_A_YEAR[lever]:g} bn a year)"


ACTOR_PARAMS: tuple[Param, ...] = (
    # ---- united_states: the President and his envoy (C4, C5, C7, C9, C10, C12) -----
    declare("united_states.stance", "hesitates", choices=US_STANCES,
       unit="choice", claims="C4 C10 C12",
       meaning='The President\'s disposition. "commits": the sanctions and military_aid '
               'below take effect after decision_delay_weeks; "hesitates": no decision '
               'comes and the status quo holds; "declines": the status quo holds and the '
               'refusal becomes plain at decision_delay_weeks (Congress may then act). A '
               'disposition, not a fixed fact: with responsiveness above 0 a President '
               'who has not committed may still commit as Russia advances, and one who '
               'declined may follow Congress.',
       reason="The essay describes a President who keeps promising answers in two or "
              "three weeks."),
    declare("united_states.decision_delay_weeks", 3, 0, 520, unit="weeks", claims="C4",
       meaning="Weeks until the President's decision (commit or decline) takes effect; "
               "a hesitating President never reaches one (the week only marks when he "
               "promised it: us_decision_week in summary.csv).",
       reason='"In two or three weeks."'),
    declare("united_states.sanctions", 0.8, 0, 1, unit="intensity 0..1", claims="C10 C11",
       meaning="US sanctions intensity once the President commits.",
       reason="What a decision to act would plausibly mean: secondary sanctions on "
              "oil buyers."),
    declare("united_states.military_aid", 0.8, 0, 1,
       unit=aid_unit("united_states.military_aid"), claims="C10 C11",
       meaning="US military aid intensity once the President commits.",
       reason="Sustained deliveries of the systems Ukraine lacks."),
    declare("united_states.status_quo_sanctions", 0.3, 0, 1, unit="intensity 0..1",
       claims="C4 C12",
       meaning="US sanctions in force while the decision is pending or declined.",
       reason="Existing sanctions, loosely enforced."),
    declare("united_states.status_quo_military_aid", 0.0, 0, 1,
       unit=aid_unit("united_states.status_quo_military_aid"),
       claims="C4 C12",
       source="Kiel Ukraine Support Tracker: US military aid allocated, EUR 0.00 bn in "
              "April-August 2025 (record/inputs.toml, aid-us-2025q2 and "
              "aid-us-2025-july-august)",
       meaning="US military aid in force while the decision is pending or declined.",
       reason="The record's level in force at the essay's date, where the replay leaves "
              "it: weapons Europeans buy from the US for Ukraine count as European aid."),
    declare("united_states.ambiguity", 0.6, 0, 1, unit=SHARE, claims="C5",
       meaning="How ambiguous US signals are: discounts the resolve Russia reads from "
               "US policy and the unity it builds.",
       reason="Mixed messages from the President and his envoy."),
    declare("united_states.backs_guarantees", False, unit="bool", claims="C7",
       meaning="Whether the US backs post-war security guarantees.",
       reason="Not yet committed at the time of the essay."),
    declare("united_states.endorses_coalition", False, unit="bool", claims="C9",
       meaning="Whether the US throws its weight (enablers, endorsement) behind the "
               "France/UK coalition.",
       reason="The essay asks for it; it had not happened."),
    declare("united_states.responsiveness", 0.01, 0, 1,
       unit="probability per week per tenth of world.ground_scale_km2 lost",
       claims="C4 C10 C12",
       source="Fearon 1994 (audience costs): a leader's stance moves with the costs of "
              "inaction at home and abroad",
       meaning="Weekly chance, for each tenth of world.ground_scale_km2 (2,000 km2 at the "
               "default) Russia has taken since the start, "
               "that a President who has not committed commits after all (his committed "
               "levels, signals and backing then apply). 0 makes his stance a fixed fact.",
       reason="Visible Russian gains raise the domestic and allied cost of waiting; "
              "small, because the essay's President keeps deferring."),
    declare("united_states.follows_congress", 0.02, 0, 1, unit="probability per week",
       claims="C12",
       meaning="Weekly chance that a President who declined commits once Congress has "
               "acted (following rather than leading). 0: he never follows.",
       reason="A President outflanked by his own party tends to claim the policy."),
    # ---- us_congress (C12) -----------------------------------------------------------
    declare("us_congress.acts_if_president_declines", False, unit="bool", claims="C12",
       meaning="Whether Congress legislates sanctions and aid when the President declines.",
       reason="Bills existed but had not moved."),
    declare("us_congress.legislative_lag_weeks", 26, 0, 520, unit="weeks (mean)", claims="C12",
       meaning="Mean weeks from the President's refusal until Congress's measures take "
               "effect: none before half this lag, then each week with chance 2/lag "
               "(scaled by responsiveness), so that the mean is the lag; 0: at once.",
       reason="Passing a bill over a reluctant President takes months."),
    declare("us_congress.sanctions", 0.7, 0, 1, unit="intensity 0..1", claims="C12",
       meaning="Sanctions intensity Congress legislates.",
       reason="A tough bill (the 500% secondary-tariff proposal), watered down."),
    declare("us_congress.military_aid", 0.6, 0, 1,
       unit=aid_unit("us_congress.military_aid"), claims="C12",
       meaning="Military aid intensity Congress appropriates.",
       reason="Less than a committed executive would deliver."),
    declare("us_congress.effectiveness", 0.7, 0, 1, unit=SHARE, claims="C12",
       meaning="Share of Congress's measures a reluctant executive actually implements.",
       reason="The executive controls enforcement and delivery pace."),
    declare("us_congress.signal_weight", 0.5, 0, 5, unit="relative to the President's",
       claims="C5 C12",
       source="Martin 2000, Democratic Commitments: legislative action can make "
              "commitments more credible than executive promises (a critic sets > 1)",
       meaning="How much Russia reads congressional action as US resolve, relative to "
               "the President's.",
       reason="Leading beats following: a law passed over the President signals less."),
    declare("us_congress.responsiveness", 2.0, 0, 20,
       unit="log-hazard per unit of unity or of world.ground_scale_km2 lost", claims="C12",
       meaning="How much faster Congress acts when Western unity stands above its "
               "starting level or Russia has taken ground (slower when unity falls). 0: "
               "the legislative lag alone decides.",
       reason="Legislators move with public pressure and allied opinion (Martin 2000)."),
    # ---- european_union (C1, C8) -----------------------------------------------------
    declare("european_union.sanctions", 0.7, 0, 1, unit="intensity 0..1", claims="C8 C11",
       meaning="Sanctions intensity the EU aims for with each package.",
       reason="Nineteen packages and counting."),
    declare("european_union.military_aid", 1.0, 0, 1,
       unit=aid_unit("european_union.military_aid"), claims="C1 C8",
       source="Kiel Ukraine Support Tracker: EU institutions and members other than "
              "France allocated EUR 17.48 bn in January-August 2025 (record/inputs.toml, "
              "aid-eu-2025-to-august)",
       meaning="Military aid intensity the EU aims for (facilities needing unanimity).",
       reason="The record's level in force at the essay's date, where the replay leaves "
              "it (at the default resolve the 2025 rate is beyond the lever's range, so "
              "it is cut to 1.0: see scenarios/history.toml)."),
    declare("european_union.resolve", 0.6, 0, 1, unit=SHARE, claims="C1",
       meaning="Share of its aims the EU actually delivers and of the gap each package "
               "closes, at today's threat; it rises as Russia advances (threat_response) "
               "and with a US lead (follows_us_lead).",
       reason="Europe is moving, 'but not yet at the necessary scale'."),
    declare("european_union.package_interval_weeks", 13, 1, 104, unit="weeks", claims="C8",
       meaning="Weeks between EU sanctions and aid packages.",
       reason="About four packages a year."),
    declare("european_union.threat_response", 0.5, 0, 5,
       unit="resolve per world.ground_scale_km2 lost", claims="C1 C2",
       source="Walt 1987: states balance against threat",
       meaning="EU resolve gained for each world.ground_scale_km2 of ground Russia has "
               "taken since the start. 0: resolve does not respond to the war.",
       reason="Russian advances have repeatedly pushed the EU to larger packages."),
    declare("european_union.follows_us_lead", 0.1, 0, 1, unit="resolve", claims="C1 C10",
       meaning="EU resolve gained while the US President has committed: Europe follows a "
               "clear American lead. 0: it does not.",
       reason="The essay: Trump urged European action and it is taking shape."),
    declare("european_union.side_payments", 0.0, 0, 1, unit="probability per blocked package",
       claims="C8",
       source="Tsebelis 2002 (veto players are bought off); the EU released frozen funds "
              "to Hungary before the Ukraine Facility passed (December 2023)",
       meaning="Chance that a blocked package is bought off with a side payment and passes "
               "whole and on time; money routed through EU instruments stays blocked "
               "(world.coalition_eu_instrument_share). A critic's counter-mechanism to C8.",
       reason="The essay treats vetoes as binding."),
    # ---- veto players (C8) -----------------------------------------------------------
    declare("hungary.resistance", 0.4, 0, 1, unit="probability per package", claims="C8",
       meaning="Chance Hungary blocks a given EU package at today's unity (its odds "
               "fall as unity rises: world.veto_unity_response).",
       reason="Hungary has held up many packages, though not all."),
    declare("slovakia.resistance", 0.3, 0, 1, unit="probability per package", claims="C8",
       meaning="Chance Slovakia blocks a given EU package at today's unity (its odds "
               "fall as unity rises: world.veto_unity_response).",
       reason="Slovakia has joined Hungary's holdouts less often."),
    # ---- coalition of the willing (C8, C9) --------------------------------------------
    declare("france.in_coalition", True, unit="bool", claims="C8 C9",
       meaning="Whether France leads the coalition of the willing.",
       reason="It does (Paris meeting)."),
    declare("france.military_aid", 0.1829, 0, 1,
       unit=aid_unit("france.military_aid"), claims="C8 C9",
       source="Kiel Ukraine Support Tracker: France allocated EUR 2.19 bn in "
              "January-August 2025 (record/inputs.toml, aid-france-2025-to-august)",
       meaning="France's military aid through the coalition (outside EU unanimity).",
       reason="The record's level in force at the essay's date, where the replay leaves "
              "it (EUR 3.3 bn a year)."),
    declare("united_kingdom.in_coalition", True, unit="bool", claims="C8 C9",
       meaning="Whether the United Kingdom leads the coalition of the willing.",
       reason="It does."),
    declare("united_kingdom.military_aid", 0.4117, 0, 1,
       unit=aid_unit("united_kingdom.military_aid"), claims="C8 C9",
       source="Kiel Ukraine Support Tracker: the UK allocated EUR 4.93 bn in "
              "January-August 2025 (record/inputs.toml, aid-uk-2025-to-august)",
       meaning="The UK's military aid through the coalition.",
       reason="The record's level in force at the essay's date, where the replay leaves "
              "it (EUR 7.4 bn a year)."),
    declare("united_kingdom.sanctions", 0.7, 0, 1, unit="intensity 0..1", claims="C11",
       meaning="UK sanctions intensity (outside the EU).",
       reason="London has kept pace with Brussels."),
    # ---- nato and turkey (C8) ----------------------------------------------------------
    declare("nato.coordination", 0.5, 0, 1, unit=SHARE, claims="C8",
       meaning="NATO-level coordination of aid that members propose (consensus needed).",
       reason="Real but limited (procurement schemes, training)."),
    declare("turkey.balancing", 0.5, 0, 1, unit=SHARE, claims="C8 C13",
       meaning="How far Turkey balances between NATO and Russia at today's front: blocks "
               "NATO-level action and leaks sanctions.",
       reason="The essay: NATO is 'constrained by Turkey's balancing act'."),
    declare("turkey.bandwagoning", 0.5, 0, 5,
       unit="balancing per world.ground_scale_km2 of ground", claims="C8",
       source="Walt 1987 (bandwagoning); Turkey's hedging between the sides",
       meaning="How far Turkey leans toward whoever is gaining: its balancing falls by "
               "this much per world.ground_scale_km2 Ukraine retakes since the start "
               "(rises as Russia gains). 0: fixed.",
       reason="Ankara hedges and tilts toward the side that looks likely to win."),
    # ---- ukraine -----------------------------------------------------------------------
    declare("ukraine.domestic_production", 0.04, 0, 1, unit="combat power per week", claims="C11",
       meaning="Combat power Ukraine generates itself each week.",
       reason="Drones and artillery made at home, without which aid would not suffice."),
    declare("ukraine.capitulation_km2", 12_000.0, 0, 200_000, unit="km2", claims="C14",
       meaning="Once Russia has taken more than this much ground since the start, "
               "Ukraine may be forced into a cease-fire that cedes territory.",
       reason="A collapse of the defensive line."),
    declare("ukraine.capitulation_rate", 0.05, 0, 1, unit="probability per week", claims="C14",
       meaning="Chance each week, beyond capitulation_km2, that Ukraine is forced to "
               "accept such a cease-fire.",
       reason="Collapse forces terms within months."),
    declare("ukraine.war_cost_km2_a_week", 40.0, 0, 1_000, unit="km2 per week",
       claims="C3 C14",
       meaning='Under model.bargaining = "expected_value": what a week of war costs Kyiv '
               "(lives, economy), in km2 of ground it would trade to avoid it.",
       reason="Half of Russia's 2024 weekly advance (judgement)."),
    declare("ukraine.guarantee_value_km2", 10_000.0, 0, 200_000, unit="km2", claims="C7",
       meaning='Under model.bargaining = "expected_value": what a fully credible post-war '
               "guarantee adds to a cease-fire's worth to Kyiv (reconstruction, investment, "
               "a future in the West), in km2; scaled by the guarantee's credibility.",
       reason="Kyiv's condition for any cease-fire is that it not invite a new war "
              "(judgement of its size)."),
    declare("ukraine.insecurity_km2", 5_000.0, 0, 200_000, unit="km2", claims="C7 C14",
       meaning='Under model.bargaining = "expected_value": what a cease-fire with no '
               "guarantee costs Kyiv in expectation (the ground a rearmed Russia would take "
               "when it breaks it), in km2; credible guarantees remove it in proportion.",
       source="The Minsk agreements (2014-15), after which Russia attacked again in 2022",
       reason="About a year of Russia's 2024 advance; small enough that Kyiv accepts an "
              "unguaranteed cease-fire on the lines, as it did in March 2025 (Jeddah), "
              "too large for it to cede the rest of Donetsk (judgement, within the record's "
              "bracket: see world.bargaining_spread_km2)."),
    declare("ukraine.acceptance_bias", 1.0, -10, 10, unit=LOG_ODDS, claims="C3 C11 C14",
       meaning="Ukraine's baseline readiness to accept a cease-fire on the current lines, "
               "at the starting balance with no guarantees.",
       reason="Kyiv says it would accept a cease-fire on the current lines, with "
              "guarantees; without them, reluctantly."),
    declare("ukraine.guarantee_weight", 2.0, 0, 20, unit="log-odds per unit credibility",
       claims="C7",
       meaning="How much credible post-war guarantees raise Ukraine's readiness to accept "
               "a cease-fire. 0: guarantees do not matter to Kyiv.",
       reason="Kyiv's condition for any cease-fire is that it not invite a new war."),
    declare("ukraine.gain_weight", 3.0, 0, 20, unit="log-odds per unit expected gain",
       claims="C3 C11",
       source="Fearon 1995; Slantchev 2003: a side settles once fighting on no longer "
              "promises more",
       meaning="How much Ukraine's expected gain from fighting on (its battlefield trend, "
               "-1..1) lowers its readiness to accept terms. 0: it ignores the battlefield.",
       reason="Battlefield realities shape the positions of both sides (P9)."),
    declare("ukraine.aid_optimism", 0.0, 0, 20, unit="log-odds per unit of aid above the start",
       claims="C11",
       source="Regan 2002 (JCR): outside support lengthens wars",
       meaning="How much more Western aid than at the start lowers Ukraine's readiness to "
               "accept terms (it expects to gain more by fighting on). A critic's "
               "counter-mechanism to C11.",
       reason="The essay assumes aid strengthens Ukraine's hand at the table, not its "
              "reluctance to use it."),
    # ---- russia (C1, C3, C5, C6, C11) -------------------------------------------------------
    declare("russia.production", 0.063, 0, 1, unit="combat power per week at full capacity",
       claims="C11 C13",
       meaning="Combat power Russia's war economy generates each week at full capacity.",
       reason="A war economy out-producing Ukraine alone, roughly matched by full "
              "Western aid."),
    declare("russia.industry_growth_per_year", 0.0, 0, 3, unit="a year (logistic rate)",
       claims="C11 C13",
       source="Watling & Reynolds, RUSI, 13 Feb 2024: Russia's munitions output "
              "expanding (1.3 million 152 mm and 0.8 million 122 mm shells planned for "
              "2024), limited by machine tools, barrels and labour",
       meaning="How fast Russia's war industry grows its output (industry, 1 in January "
               "2023), slowing as it nears russia.industry_ceiling. 0: output never grows "
               "(the constructed start's rest point).",
       reason="Free, calibrated on the record's shell estimates and the front; the "
              "default 0 keeps the constructed start at rest (drawn from the calibration, "
              "growth also acts in a constructed start, from January 2023's output, so "
              "such a start is not at rest)."),
    declare("russia.industry_ceiling", 2.0, 1, 10, unit="x January 2023's output",
       claims="C11 C13",
       source="Watling & Reynolds, RUSI, 13 Feb 2024: worn barrels and stocks in poor "
              "condition limit how far output can grow",
       meaning="The most Russia's war industry can make, in units of January 2023's "
               "output: where its growth stops.",
       reason="Free, calibrated: the record's two years of shell output bound it only "
              "loosely; a judgement that output can double."),
    declare("russia.capacity_recovery", 0.01, 0, 0.5, unit=WEEKLY, claims="C11 C13",
       meaning="How fast Russia's war-economy capacity recovers toward full.",
       reason="Rebuilding and substitution take years."),
    declare("russia.belief_update_rate", 0.1, 0, 1, unit=WEEKLY, claims="C5 C6",
       meaning="How fast Russia's belief moves toward what the evidence says; 0 means "
               "it never updates.",
       reason="About ten weeks to take in a change of trend."),
    declare("russia.serious_talks_belief", 0.3, 0, 1, unit="belief 0..1", claims="C1 C6",
       meaning="Russia's belief that time is on its side at which it is half willing to "
               "negotiate seriously and to accept terms.",
       reason="Only a clear loss of confidence brings serious talks."),
    declare("russia.talks_belief_spread", 0.1, 0.001, 1, unit="belief", claims="C1 C6",
       source="Fearon 1995 (the bargaining range); graded, not knife-edge",
       meaning="How gradually Russia's willingness rises as its belief falls: a logistic "
               "with this scale (willingness is 1/2 at serious_talks_belief, about 0.12 "
               "two spreads above it, 0.02 four spreads above).",
       reason="Leaders differ and read evidence with noise: a smooth rule, not a switch."),
    declare("russia.stalling", 6.0, 0, 20, unit="log-chance per unit fall in belief",
       claims="C3 C6",
       source="Min 2016 (talks used to stall and regroup); Wagner 2000",
       meaning="How much more often Russia opens talks without serious intent as its "
               "belief that time is on its side falls below where it started (to buy time "
               "and relief), and less often as it rises. 0: talks come at a fixed rate.",
       reason="Moscow has offered talks when under pressure and shunned them when gaining."),
    declare("russia.belief_bias", 2.25, -10, 10, unit="log-odds", claims="C5 C6",
       meaning="Russia's baseline conviction that time is on its side (its belief "
               "starts where the evidence of the war as it stands puts it).",
       reason="Moscow expects Western fatigue."),
    declare("russia.weight_front", 3.0, 0, 20, unit="log-odds per unit trend", claims="C1 C5",
       meaning="How much the battlefield trend moves Russia's belief.",
       reason="Battlefield realities shape positions (P9)."),
    declare("russia.weight_economy", 3.0, 0, 20, unit="log-odds per unit capacity lost",
       claims="C11",
       meaning="How much lost war-economy capacity moves Russia's belief.",
       reason="Sanctions that bite change the calculus."),
    declare("russia.weight_resolve", 2.5, 0, 20, unit="log-odds per unit resolve", claims="C5",
       meaning="How much Western resolve (unity times clear US and European signals) "
               "moves Russia's belief.",
       reason="Clear resolve deters; ambiguity does not."),
    declare("russia.weight_axis", 1.0, 0, 20, unit="log-odds per unit support", claims="C13",
       meaning="How much Chinese and North Korean backing raises Russia's belief.",
       reason="The Beijing summit showed Putin he is not alone."),
    declare("russia.weight_unity", 0.0, 0, 20, unit="log-odds per unit of unity", claims="C2",
       source="Fearon 1997, Signaling foreign policy interests; Slantchev 2003: unity is "
              "a costly signal",
       meaning="How much a rise in Western unity from the start, by itself (beyond what it "
               "multiplies), lowers Russia's belief that time is on its side. A critic's "
               "counter-mechanism to C2.",
       reason="The essay: unity alone will not end the war."),
    declare("russia.ambiguity_risk", 0.0, 0, 20,
       unit="log-odds per unit of ambiguity x US levels in force", claims="C5",
       source="Schelling 1960: the threat that leaves something to chance",
       meaning="How much ambiguous US signals backed by real US measures (ambiguity x "
               "measures, above the start) lower Russia's belief: it cannot rule out "
               "escalation. A critic's counter-mechanism to C5.",
       reason="The essay: ambiguity does not deter."),
    declare("russia.escalation_response", 0.0, 0, 20,
       unit="log-odds per unit of US commitment", claims="C4 C10",
       source="Schelling 1966, Arms and Influence: commitment can provoke escalation and "
              "entrenchment",
       meaning="How much US measures above the status quo raise Russia's resolve (its "
               "belief that it must and can outlast the West). A critic's "
               "counter-mechanism to C4 and C10.",
       reason="The essay expects US commitment to deter, not entrench."),
    declare("russia.escalation_belief", 0.5, 0, 1, unit="belief 0..1", claims="C4 C10",
       meaning='Under model.escalation = "risk": the belief that time is on its side below '
               "which Moscow may escalate; its weekly chance rises linearly from 0 here to "
               "russia.escalation_rate at a belief of 0.",
       reason="Even odds: Moscow escalates once it no longer expects waiting to pay, before "
              "it would half want serious talks (russia.serious_talks_belief, 0.3). The "
              "critic's ordering, a judgement: the record has no escalation after the "
              "autumn of 2022 to place it by (the replay keeps Moscow from escalating)."),
    declare("russia.escalation_rate", 0.1, 0, 1, unit=WEEKLY, claims="C4 C10",
       meaning='Under model.escalation = "risk": the weekly chance Moscow escalates at a '
               "belief of 0 (certain defeat). 0.1: an even chance within about 7 weeks of "
               "a collapse.",
       reason="A judgement. For scale: the mobilization of September 2022 came within two "
              "weeks of the Kharkiv rout, and US officials put the chance of Russian "
              "nuclear use at 50% or more had its lines in Kherson collapsed that autumn "
              "(CNN, 9 Mar 2024), a bigger step than this one."),
    declare("russia.mobilization_power", 0.5, 0, 1.5,
       unit="share of Russia's combat power at the start", claims="C4 C10",
       source="Russia's partial mobilization of Sep-Oct 2022: 300,000 men (Shoigu, 21 Sep "
              "and 28 Oct 2022), against about 326,000 fighting in Ukraine at the end of "
              "January 2023 (Budanov, Ukraine's defence intelligence, to the Washington "
              "Post, 31 Jan 2023)",
       meaning='Under model.escalation = "risk": the combat power an escalation adds to '
               "Russia's at once, as a share of its power at the start (the January 2023 "
               "balance in a replayed run); it then wears away like the rest.",
       reason="A second wave the size of the first nearly doubles the men, without their "
              "equipment and training: half the force (judgement)."),
    declare("russia.threat_weight", 0.0, 0, 20,
       unit="log-odds per unit of threatened US measures", claims="C4 C10",
       source="Drezner 2003, The Hidden Hand of Economic Coercion: most coercion succeeds "
              "at the threat stage; Schelling 1966 on compellence",
       meaning="How much a pending US decision (what the President threatens to do: his "
               "committed measures above those in force) lowers Russia's belief while it "
               "stays pending; once he acts or declines the threat is spent. A critic's "
               "counter-mechanism to C4 (hesitation keeps leverage) and C10.",
       reason="The essay: hesitation only benefits the Kremlin."),
    declare("russia.sanctions_rally", 0.0, 0, 20, unit="log-odds per unit of sanctions pressure",
       claims="C11",
       source="Galtung 1967: sanctions can rally the target; Pape 1997",
       meaning="How much sanctions pressure above the start raises Russia's belief (rally "
               "round the flag). A critic's counter-mechanism to C11.",
       reason="The essay expects tighter sanctions to bring Russia to the table."),
    declare("russia.war_weariness", 0.0, 0, 10, unit="log-odds per year of war", claims="C3 C6",
       source="Zartman (ripeness, the mutually hurting stalemate); Bennett & Stam 1996",
       meaning="How much each year of war raises Russia's willingness to talk and lowers "
               "its will to break a cease-fire, whatever the battlefield says. A critic's "
               "counter-mechanism to C6 and C3.",
       reason="The essay: without pressure, stalemate is Russia's strategy."),
    declare("russia.war_cost_km2_a_week", 10.0, 0, 1_000, unit="km2 per week",
       claims="C3 C6 C14",
       meaning='Under model.bargaining = "expected_value": what a week of war costs Moscow '
               "at its full war-economy capacity, in km2 of ground it would trade to avoid "
               "it; the cost grows as sanctions erode capacity (x 2 at none).",
       reason="Well below the ground it takes (it fights on), within the record's bracket "
              "(see world.bargaining_spread_km2): a tenth of its 2024 weekly advance "
              "(judgement)."),
    declare("russia.territorial_aims_km2", 603_550.0, 0, 603_550, unit="km2", claims="C14",
       meaning='Under model.bargaining = "expected_value": the Ukrainian territory Russia '
               "seeks (Crimea included). Ground beyond it is worth little to Moscow, so as "
               "it nears its aims a further advance, or renewed war, pays less. 603,550: "
               "all of Ukraine; 135,800: Crimea and the four oblasts it annexed in 2022; "
               "about 123,000: what it held on the essay's date plus the rest of Donetsk "
               "it asked for in August 2025.",
       source="Putin, 24 Feb 2022 (the 'demilitarisation' of all Ukraine); the four "
              "oblasts' areas (Donetsk 26,517, Luhansk 26,684, Zaporizhzhia 27,180, Kherson "
              "28,461 km2) and Crimea's 27,000 for the annexation of Sep 2022",
       reason="The essay: Moscow wants Ukraine, not a border (unbounded aims)."),
    declare("russia.aims_spread_km2", 10_000.0, 100, 100_000, unit="km2", claims="C14",
       meaning="How sharply more ground stops being worth fighting for as Russia nears its "
               "aims: a km2 is worth 1/2 at the aims, about 0.9 two spreads short of them.",
       reason="About the ground at stake in a year of war (judgement)."),
    declare("russia.relapse_balance_weight", 1.0, 0, 20,
       unit="log-hazard per unit log power ratio", claims="C3 C7",
       source="Werner & Yuen 2005; Fortna 2004: relapse follows the balance at the time",
       meaning="How much a shift of the balance of forces in Russia's favour since the "
               "start raises its weekly chance of breaking a cease-fire. 0: the balance "
               "does not matter.",
       reason="A cease-fire is broken when breaking it looks likely to pay."),
    declare("russia.precedent_weight", 0.7, 0, 5, unit="log-hazard", claims="C14",
       meaning="How much more likely Russia breaks a cease-fire that ceded territory "
               "(rewarded aggression invites more; 0.7 doubles the hazard).",
       reason="The essay: capitulation would be a 'terrible precedent'."),
    declare("russia.satiation_weight", 0.0, 0, 5, unit="log-hazard", claims="C14",
       source="Gibler 2012, The Territorial Peace; Owsiak 2012: settled borders reduce "
              "recurrence",
       meaning="How much less likely Russia breaks a cease-fire that gave it territory "
               "(its aims are met, the border settled). A critic's counter-mechanism to "
               "C14.",
       reason="The essay sees only the precedent."),
    declare("russia.provocation_weight", 0.0, 0, 5, unit="log-hazard", claims="C7",
       source="Jervis 1978 (the security dilemma); Mearsheimer 2014",
       meaning="How much more likely Russia breaks a cease-fire whose guarantees the US "
               "backs (it reads them as a threat). A critic's counter-mechanism to C7.",
       reason="The essay sees US backing only as deterrence."),
    declare("russia.revanchism_weight", 0.0, 0, 20,
       unit="log-hazard per world.ground_scale_km2 lost", claims="C3",
       source="Werner 1999: a settlement that leaves the loser of a shift dissatisfied "
              "invites renegotiation by force",
       meaning="How much more likely Russia breaks a cease-fire for each "
               "world.ground_scale_km2 of ground Ukraine retook before the signing. A "
               "critic's counter-mechanism to C3.",
       reason="The essay expects a shift in Ukraine's favour to make a deal last."),
    # ---- china and north_korea (C13) ------------------------------------------------------
    declare("china.economic_support", 0.6, 0, 1, unit=SHARE, claims="C13",
       meaning="Chinese economic support for Russia: offsets sanctions, speeds recovery.",
       reason="Large oil purchases and dual-use exports."),
    declare("china.sanctions_sensitivity", 1.0, 0, 20,
       unit="log share per unit of US sanctions above the status quo", claims="C11 C13",
       source="Early 2015, Busted Sanctions: trade partners bust sanctions as long as "
              "the secondary costs stay low",
       meaning="How much Chinese support falls as US (secondary) sanctions rise above "
               "today's: support x exp(-this x rise). 0: China ignores them.",
       reason="Chinese banks and firms have pulled back when US secondary sanctions "
              "threatened."),
    declare("china.survival_stake", 0.5, 0, 2,
       unit="share of support per unit of log force ratio lost", claims="C11 C13",
       source="Wang Yi to Kaja Kallas, 2 July 2025 (SCMP, 4 July 2025): China cannot "
              "accept Russia losing the war",
       meaning='Under model.china = "stakes": how much more support Beijing gives as the '
               "balance of forces moves against Russia (log of Ukraine's power over "
               "Russia's, above the start; nothing while Russia holds or gains): it adds "
               "this times that loss to its disposition, up to full support.",
       reason="Half of full support for a balance moved by e (about 2.7 times) against "
              "Russia: Beijing props Moscow up well before a collapse (judgement; a free "
              "parameter of the sub-model's calibration)."),
    declare("china.restraint", 0.0, 0, 20, unit="log-odds per unit of support", claims="C13",
       source="Early 2015 (conditional busting); China's stake in Western markets",
       meaning="How much China uses its support as leverage to push Moscow toward talks: "
               "adds to Russia's willingness in proportion to the support it gives. A "
               "critic's counter-mechanism to C13.",
       reason="The essay sees the alignment only as sustaining Russia."),
    declare("north_korea.munitions_support", 1.0, 0, 2,
       unit="multiple of about 430,000 shells a month, its rate of Aug 2023-Feb 2024",
       claims="C13",
       meaning="North Korean munitions (and troops) supplied to Russia.",
       source="South Korea's Joint Chiefs of Staff and NIS, reported by Yonhap: more than "
              "6 million shells by August 2024 (record/inputs.toml)",
       reason="The rate the replay holds from August 2023 to the essay's date (the record "
              "is silent on a change after 2024)."),
    declare("north_korea.payment_sensitivity", 1.0, 0, 5, unit="elasticity", claims="C11 C13",
       meaning="How far North Korean supplies follow Russia's ability to pay: supplies x "
               "(capacity / starting capacity) to this power. 0: they do not.",
       reason="Pyongyang's shells and troops are paid for with oil, food and technology."),
)
