"""Every scenario parameter, declared once.

Each :class:`Param` carries its key, type, range, default, unit, meaning, the
essay claims it bears on and the reason for its default. Validation, ``--set``,
``sim params``, the docs and the tests all read this table; no default is
written anywhere else.

Defaults describe the situation the essay describes (September 2025): a US
President who keeps deferring decisions, an EU slowed by Hungarian and Slovak
vetoes, a France/UK coalition without US endorsement, and a Russia sustained by
China and North Korea. They are assumptions chosen to be plausible and legible,
not estimates: every one can be changed in a scenario file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

#: The actors the essay names, in the order the model steps them.
ACTORS: tuple[str, ...] = (
    "united_states",
    "us_congress",
    "european_union",
    "hungary",
    "slovakia",
    "france",
    "united_kingdom",
    "nato",
    "turkey",
    "ukraine",
    "russia",
    "china",
    "north_korea",
)

#: Top-level sections a parameter can live in.
SECTIONS: tuple[str, ...] = ("world", *ACTORS)

#: The US President's possible stances (see ``united_states.stance``).
US_STANCES: tuple[str, ...] = ("commits", "hesitates", "declines")


@dataclass(frozen=True)
class Param:
    """One scenario parameter.

    Attributes:
        key: ``section.name``, e.g. ``united_states.military_aid``.
        default: value used when a scenario does not set it; its Python type
            (bool, int, float, str) is the parameter's type.
        low: smallest allowed value (numbers only).
        high: largest allowed value (numbers only).
        unit: unit or scale, for people.
        meaning: what the parameter means in the model.
        claims: essay claims (C1..C14) it bears on.
        reason: why the default is what it is.
        choices: allowed values of a str parameter.
        init_only: read once at week 0; events may not change it.
        policy: what an actor chooses (as opposed to an assumption about how
            the world works); the war starts from the default policies.
    """

    key: str
    default: bool | int | float | str
    low: float | None
    high: float | None
    unit: str
    meaning: str
    claims: tuple[str, ...]
    reason: str
    choices: tuple[str, ...] = ()
    init_only: bool = False
    policy: bool = False

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    @property
    def kind(self) -> type:
        return type(self.default)

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.kind is bool:
            return "true or false"
        if self.kind is str:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        kind = "an integer" if self.kind is int else "a number"
        low = int(self.low) if self.kind is int else self.low
        high = int(self.high) if self.kind is int else self.high
        return f"{kind} from {low} to {high}"


def _p(
    key: str,
    default: bool | int | float | str,
    low: float | None = None,
    high: float | None = None,
    *,
    unit: str,
    meaning: str,
    claims: str = "",
    reason: str,
    choices: tuple[str, ...] = (),
    init_only: bool = False,
) -> Param:
    if isinstance(default, float | int) and not isinstance(default, bool):
        if low is None or high is None:
            raise ValueError(f"{key}: numeric parameters need a range")
    return Param(
        key, default, low, high, unit, meaning, tuple(claims.split()), reason,
        choices, init_only,
    )


_SHARE = "share 0..1"
_WEEKLY = "per week"

_DECLARED: tuple[Param, ...] = (
    # ---- world: where the war starts ---------------------------------------------
    _p("world.start", "status_quo", choices=("status_quo", "scenario_balance"),
       unit="choice", init_only=True, claims="C4 C11",
       meaning='"status_quo": every run starts from the balance of the war under the '
               "default policies (the situation the essay describes) and this "
               "scenario's assumptions, so policy changes act through their lags; "
               '"scenario_balance": start from the balance of this scenario\'s own '
               "week-0 policies, as if they had always been in force.",
       reason="Scenarios ask 'what if, from now on': the war as it stands is the start."),
    # ---- world: Western unity (C2) -------------------------------------------
    _p("world.unity", 0.6, 0, 1, unit=_SHARE, claims="C2",
       meaning="Western unity the scenario sets: unity starts here and is pulled back "
               "here while what actors do pushes it up or down.",
       reason="The essay sees Europe 'more aligned than in years' but the US wavering: "
              "above the middle, well short of full."),
    _p("world.unity_reversion_rate", 0.05, 0, 1, unit=_WEEKLY, claims="C2",
       meaning="How fast unity returns to world.unity after a push.",
       reason="Political alignments drift back over months (half-life about 14 weeks)."),
    _p("world.unity_noise", 0.005, 0, 0.1, unit="std. dev. per week", claims="C2",
       meaning="Random week-to-week movement of unity.",
       reason="Small: news cycles move unity, not decide it."),
    _p("world.unity_floor", 0.3, 0, 1, unit=_SHARE, claims="C2",
       meaning="Share of sanctions' and aid's effect that survives at zero unity; at "
               "full unity the whole effect acts. Unity multiplies, it does not add.",
       reason="Even a divided West delivers what is already contracted and enforced."),
    _p("world.hesitation_unity_erosion", 0.004, 0, 0.05, unit=_WEEKLY, claims="C4",
       meaning="Unity lost each week the US President's decision is pending.",
       reason="Allies hedge while Washington defers; a year of deferral costs about "
              "0.2 of unity before reversion."),
    _p("world.decline_unity_shock", 0.1, 0, 1, unit="one-off", claims="C12",
       meaning="Unity lost once when the President declines to act.",
       reason="An explicit refusal is a visible break, larger than a week's hesitation."),
    _p("world.veto_unity_shock", 0.02, 0, 0.5, unit="per blocked package", claims="C8",
       meaning="Unity lost each time Hungary or Slovakia blocks an EU package.",
       reason="A veto is public evidence of division."),
    _p("world.coalition_unity_push", 0.002, 0, 0.05, unit=_WEEKLY, claims="C9",
       meaning="Unity gained each week the France/UK coalition is active (scaled by "
               "its membership).",
       reason="The essay credits the coalition with Europe looking 'more aligned'."),
    _p("world.commitment_unity_push", 0.004, 0, 0.05, unit=_WEEKLY, claims="C4 C10",
       meaning="Unity gained each week US commitments are in force, times (1 - ambiguity).",
       reason="A clear US lead pulls allies along (the mirror of hesitation)."),
    # ---- world: military aid and the battlefield (C1, C11, C13) -----------------
    _p("world.aid_delivery_lag_weeks", 8, 0, 52, unit="weeks", claims="C4 C11",
       init_only=True,
       meaning="Weeks between an aid commitment and its arrival at the front.",
       reason="Stocks, transport and training take about two months."),
    _p("world.aid_weight_us", 0.45, 0, 1, unit="share of full aid", claims="C1 C10",
       meaning="Weight of US military aid in the aid flow.",
       reason="The US supplies the systems Europe cannot (air defence, long-range "
              "fires, intelligence): the largest single share."),
    _p("world.aid_weight_eu", 0.25, 0, 1, unit="share of full aid", claims="C1 C8",
       meaning="Weight of EU (unanimity-bound) military aid in the aid flow.",
       reason="EU facilities fund a large but slower share."),
    _p("world.aid_weight_coalition", 0.3, 0, 1, unit="share of full aid", claims="C8 C9",
       meaning="Weight of France/UK coalition aid in the aid flow.",
       reason="National European aid, outside EU unanimity."),
    _p("world.aid_complementarity", 0.6, 0, 1, unit=_SHARE, claims="C1",
       meaning="How far US and European aid need each other: 0 adds them up "
               "(substitutes); 1 combines them Cobb-Douglas, so neither works at full "
               "effect without the other.",
       reason="The US supplies what Europe cannot (air defence, long-range fires, "
              "intelligence); Europe supplies the money, shells and training that make "
              "US systems count: the essay's 'requires both'. A critic may set 0."),
    _p("world.coalition_unendorsed_effect", 0.35, 0, 1, unit=_SHARE, claims="C9",
       meaning="Share of the coalition's aid that turns into consequence without US "
               "endorsement (enablers, intelligence, air cover).",
       reason="The essay: without Washington the coalition is 'more statement than "
              "strategy'."),
    _p("world.nato_aid_boost", 0.2, 0, 1, unit="share", claims="C8",
       meaning="Extra effect of all aid at full NATO-level coordination.",
       reason="Pooled procurement and coordination make aid go further."),
    _p("world.turkey_nato_block", 0.6, 0, 1, unit=_SHARE, claims="C8",
       meaning="Share of NATO-level action that Turkey's full balancing blocks.",
       reason="NATO decides by consensus; one balancing member can hold much back."),
    _p("world.aid_to_power", 0.06, 0, 1, unit="combat power per unit aid, per week",
       claims="C1 C11",
       meaning="Combat power a full Western aid flow adds to Ukraine each week.",
       reason="Calibrated so full aid outweighs Russia's sanctioned production."),
    _p("world.nk_power_per_week", 0.012, 0, 0.2, unit="combat power per week", claims="C13",
       meaning="Combat power full North Korean munitions support adds to Russia weekly.",
       reason="Shells and troops on the order of a fifth of Russia's own output."),
    _p("world.depreciation_rate", 0.03, 0.001, 0.5, unit=_WEEKLY, claims="C1",
       meaning="Share of each side's combat power worn out each week regardless of "
               "fighting.",
       reason="Barrels, vehicles and units wear out: a half-life of about 23 weeks."),
    _p("world.attrition_rate", 0.01, 0, 0.5, unit=_WEEKLY, claims="C1",
       meaning="Lanchester attrition coefficient: losses each week scale with both "
               "sides' power.",
       reason="Sets how costly contact is; larger makes the war burn faster."),
    _p("world.loss_exchange_ratio", 1.3, 0.1, 10, unit="Russian per Ukrainian loss",
       claims="C1",
       meaning="Russian losses for each unit of Ukrainian loss (defender's advantage).",
       reason="Attackers usually lose more than defenders."),
    _p("world.front_speed", 0.012, 0, 0.1, unit="front units per week", claims="C1 C11",
       meaning="Largest weekly movement of the front at an overwhelming force ratio.",
       reason="Crossing the scale (-1..1) takes at least about three years of "
              "one-sided war."),
    _p("world.front_sensitivity", 1.5, 0, 50, unit="per log force ratio", claims="C1",
       meaning="How sharply the front responds to the force ratio.",
       reason="A 20% edge moves the front at about a quarter of its top speed."),
    _p("world.front_noise", 0.006, 0, 0.1, unit="std. dev. per week", claims="C1",
       meaning="Random weekly movement of the front (weather, local offensives).",
       reason="Half the top speed: weekly news is noisy, trends are not."),
    _p("world.power_noise", 0.05, 0, 1, unit="log std. dev. per week", claims="C1",
       meaning="Random variation of each side's weekly reinforcements.",
       reason="Deliveries and recruitment vary week to week."),
    _p("world.trend_window_weeks", 8, 1, 52, unit="weeks", claims="C5 C6",
       meaning="Window over which Russia reads the battlefield trend (exponential "
               "average of the front's weekly change).",
       reason="Two months: a trend, not a week's news."),
    # ---- world: sanctions and Russia's war economy (C11, C13) --------------------
    _p("world.sanctions_weight_us", 0.35, 0, 1, unit="share of full pressure", claims="C10 C11",
       meaning="Weight of US sanctions (incl. secondary sanctions) in combined pressure.",
       reason="Dollar clearing and secondary sanctions reach third countries."),
    _p("world.sanctions_weight_eu", 0.45, 0, 1, unit="share of full pressure", claims="C8 C11",
       meaning="Weight of EU sanctions in combined pressure.",
       reason="The EU was Russia's largest trading partner."),
    _p("world.sanctions_weight_uk", 0.1, 0, 1, unit="share of full pressure", claims="C11",
       meaning="Weight of UK sanctions in combined pressure.",
       reason="London's financial and shipping-insurance role."),
    _p("world.sanctions_lag_weeks", 26, 1, 208, unit="weeks", claims="C4 C11",
       meaning="Time constant with which sanctions pressure follows the sanctions in force.",
       reason="Sanctions bite over months as stocks and workarounds run down."),
    _p("world.sanctions_bite", 0.02, 0, 0.5, unit="capacity share per week at full pressure",
       claims="C11",
       meaning="How fast full sanctions pressure erodes Russia's war-economy capacity.",
       reason="Full pressure would halve capacity in under a year against recovery."),
    _p("world.sanctions_adaptation_rate", 0.01, 0, 0.2, unit=_WEEKLY, claims="C8",
       meaning="Share of EU sanctions' effect Russia evades each week until a new "
               "package closes the loopholes.",
       reason="Shadow fleets and re-routing: why the EU keeps adopting packages."),
    _p("world.turkey_sanctions_leakage", 0.2, 0, 1, unit=_SHARE, claims="C8 C13",
       meaning="Share of sanctions pressure that leaks through Turkey at full balancing.",
       reason="Turkey stayed open to Russian trade and finance."),
    _p("world.china_offset_max", 0.6, 0, 1, unit=_SHARE, claims="C13",
       meaning="Share of sanctions pressure that full Chinese economic support offsets.",
       reason="China buys oil and supplies dual-use goods, but not everything."),
    _p("world.china_recovery_boost", 0.5, 0, 5, unit="multiplier", claims="C13",
       meaning="Extra speed of Russian capacity recovery at full Chinese support.",
       reason="Chinese machinery and components speed rebuilding."),
    _p("world.capacity_erosion_margin", 0.05, 0, 1, unit="capacity share", claims="C1 C6",
       meaning="Fall of Russia's capacity below its starting level that counts as its "
               "position eroding (with a favourable front trend the other way).",
       reason="A visible, not a marginal, economic decline."),
    # ---- world: EU unanimity (C8) -----------------------------------------------
    _p("world.veto_dilution", 0.5, 0, 1, unit=_SHARE, claims="C8",
       meaning="Share of an EU package lost for each member state that blocks it.",
       reason="Holdouts are bought off with carve-outs and smaller packages."),
    _p("world.veto_delay_weeks", 6, 0, 52, unit="weeks", claims="C8",
       meaning="Delay of an EU package that a member state blocks.",
       reason="Blocked packages have typically passed weeks later."),
    # ---- world: talks, cease-fire and guarantees (C3, C6, C7, C14) -----------------
    _p("world.talks_start_rate", 0.015, 0, 1, unit="probability per week", claims="C3 C6",
       meaning="Chance each week that talks without serious intent begin.",
       reason="Envoys and summits come and go: about four in five runs see some talks "
              "within two years."),
    _p("world.serious_talks_rate", 0.3, 0, 1, unit="probability per week", claims="C1 C6",
       meaning="Chance each week that serious talks begin while Russia's position "
               "erodes and it no longer believes time is on its side.",
       reason="Once the incentive exists, talks follow within weeks."),
    _p("world.serious_talks_exit_margin", 0.2, 0, 1, unit="belief", claims="C5 C6",
       meaning="How far Russia's time belief must rise above its threshold before it "
               "walks out of serious talks (hysteresis).",
       reason="Negotiators do not walk out at the first good week; above the "
              "willingness spread, so talks begun in earnest are not dropped at once."),
    _p("world.agreement_rate", 0.12, 0, 1, unit="probability per week", claims="C1 C10",
       meaning="Chance each week that serious talks produce a cease-fire.",
       reason="Serious talks take a few months to close."),
    _p("world.hollow_deal_rate", 0.005, 0, 1, unit="probability per week", claims="C3",
       meaning="Chance each week that talks without serious intent still produce a "
               "cease-fire (a deal Russia signs while it thinks time is on its side).",
       reason="Rare, but it happens (Minsk)."),
    _p("world.concession_front", -0.25, -1, 1, unit="front", claims="C14",
       meaning="A cease-fire signed with the front below this cedes territory.",
       reason="Negotiating from a clearly losing position means conceding ground."),
    _p("world.european_guarantee_credibility", 0.3, 0, 1, unit=_SHARE, claims="C7 C9",
       meaning="Credibility of post-war guarantees the France/UK coalition gives alone.",
       reason="The essay: Europe can frame the architecture but not anchor it."),
    _p("world.us_guarantee_credibility", 0.55, 0, 1, unit=_SHARE, claims="C7",
       meaning="Credibility US backing adds to post-war guarantees.",
       reason="The essay: 'only America can anchor it'."),
    _p("world.guarantee_threshold", 0.5, 0, 1, unit=_SHARE, claims="C7 C14",
       meaning="Credibility at which a cease-fire counts as a guaranteed settlement.",
       reason="Half: more credible than not."),
    _p("world.relapse_base_rate", 0.015, 0, 1, unit="probability per week", claims="C7 C14",
       meaning="Weekly chance that Russia breaks a cease-fire with no guarantees, "
               "before the modifiers below.",
       reason="An unguaranteed truce breaks within about a year more often than not."),
    _p("world.deterrence_strength", 0.95, 0, 1, unit=_SHARE, claims="C7",
       meaning="Share of the relapse risk that fully credible guarantees remove "
               "(extended deterrence).",
       reason="Credible guarantees deter most, not all, renewed attacks."),
    _p("world.concession_relapse_multiplier", 2.0, 0, 10, unit="multiplier", claims="C14",
       meaning="Relapse risk after a cease-fire that ceded territory, relative to one "
               "that did not.",
       reason="Rewarded aggression invites more: the 'terrible precedent'."),
    _p("world.hollow_relapse_weight", 1.0, 0, 10, unit="multiplier per unit belief",
       claims="C3",
       meaning="Extra relapse risk per unit of Russia's time-on-its-side belief at the "
               "signing.",
       reason="A deal signed by a side that expects to win later is a pause."),
    # ---- united_states: the President and his envoy (C4, C5, C7, C9, C10, C12) -----
    _p("united_states.stance", "hesitates", choices=US_STANCES,
       unit="choice", claims="C4 C10 C12",
       meaning='"commits": the sanctions and military_aid below take effect after '
               'decision_delay_weeks; "hesitates": the decision stays pending and the '
               'status quo holds; "declines": the status quo holds and the refusal '
               'becomes plain at decision_delay_weeks (Congress may then act).',
       reason="The essay describes a President who keeps promising answers in two or "
              "three weeks."),
    _p("united_states.decision_delay_weeks", 3, 0, 520, unit="weeks", claims="C4",
       meaning="Weeks until the President's decision (commit or decline) takes effect.",
       reason='"In two or three weeks."'),
    _p("united_states.sanctions", 0.8, 0, 1, unit="intensity 0..1", claims="C10 C11",
       meaning="US sanctions intensity once the President commits.",
       reason="What a decision to act would plausibly mean: secondary sanctions on "
              "oil buyers."),
    _p("united_states.military_aid", 0.8, 0, 1, unit="intensity 0..1", claims="C10 C11",
       meaning="US military aid intensity once the President commits.",
       reason="Sustained deliveries of the systems Ukraine lacks."),
    _p("united_states.status_quo_sanctions", 0.3, 0, 1, unit="intensity 0..1",
       claims="C4 C12",
       meaning="US sanctions in force while the decision is pending or declined.",
       reason="Existing sanctions, loosely enforced."),
    _p("united_states.status_quo_military_aid", 0.3, 0, 1, unit="intensity 0..1",
       claims="C4 C12",
       meaning="US military aid in force while the decision is pending or declined.",
       reason="Sales to Europeans for Ukraine and residual deliveries."),
    _p("united_states.ambiguity", 0.6, 0, 1, unit=_SHARE, claims="C5",
       meaning="How ambiguous US signals are: discounts the resolve Russia reads from "
               "US policy and the unity it builds.",
       reason="Mixed messages from the President and his envoy."),
    _p("united_states.backs_guarantees", False, unit="bool", claims="C7",
       meaning="Whether the US backs post-war security guarantees.",
       reason="Not yet committed at the time of the essay."),
    _p("united_states.endorses_coalition", False, unit="bool", claims="C9",
       meaning="Whether the US throws its weight (enablers, endorsement) behind the "
               "France/UK coalition.",
       reason="The essay asks for it; it had not happened."),
    # ---- us_congress (C12) -----------------------------------------------------------
    _p("us_congress.acts_if_president_declines", False, unit="bool", claims="C12",
       meaning="Whether Congress legislates sanctions and aid when the President declines.",
       reason="Bills existed but had not moved."),
    _p("us_congress.legislative_lag_weeks", 26, 0, 520, unit="weeks", claims="C12",
       meaning="Weeks from the President's refusal until Congress's measures take effect.",
       reason="Passing a bill over a reluctant President takes months."),
    _p("us_congress.sanctions", 0.7, 0, 1, unit="intensity 0..1", claims="C12",
       meaning="Sanctions intensity Congress legislates.",
       reason="A tough bill (the 500% secondary-tariff proposal), watered down."),
    _p("us_congress.military_aid", 0.6, 0, 1, unit="intensity 0..1", claims="C12",
       meaning="Military aid intensity Congress appropriates.",
       reason="Less than a committed executive would deliver."),
    _p("us_congress.effectiveness", 0.7, 0, 1, unit=_SHARE, claims="C12",
       meaning="Share of Congress's measures a reluctant executive actually implements.",
       reason="The executive controls enforcement and delivery pace."),
    _p("us_congress.signal_weight", 0.5, 0, 1, unit=_SHARE, claims="C5 C12",
       meaning="How much Russia reads congressional action as US resolve, relative to "
               "the President's.",
       reason="Leading beats following: a law passed over the President signals less."),
    # ---- european_union (C1, C8) -----------------------------------------------------
    _p("european_union.sanctions", 0.7, 0, 1, unit="intensity 0..1", claims="C8 C11",
       meaning="Sanctions intensity the EU aims for with each package.",
       reason="Nineteen packages and counting."),
    _p("european_union.military_aid", 0.5, 0, 1, unit="intensity 0..1", claims="C1 C8",
       meaning="Military aid intensity the EU aims for (facilities needing unanimity).",
       reason="Large but slow European Peace Facility and loan funding."),
    _p("european_union.resolve", 0.6, 0, 1, unit=_SHARE, claims="C1",
       meaning="Share of its aims the EU actually delivers and of the gap each package "
               "closes.",
       reason="Europe is moving, 'but not yet at the necessary scale'."),
    _p("european_union.package_interval_weeks", 13, 1, 104, unit="weeks", claims="C8",
       meaning="Weeks between EU sanctions and aid packages.",
       reason="About four packages a year."),
    # ---- veto players (C8) -----------------------------------------------------------
    _p("hungary.resistance", 0.4, 0, 1, unit="probability per package", claims="C8",
       meaning="Chance Hungary blocks a given EU package.",
       reason="Hungary has held up many packages, though not all."),
    _p("slovakia.resistance", 0.3, 0, 1, unit="probability per package", claims="C8",
       meaning="Chance Slovakia blocks a given EU package.",
       reason="Slovakia has joined Hungary's holdouts less often."),
    # ---- coalition of the willing (C8, C9) --------------------------------------------
    _p("france.in_coalition", True, unit="bool", claims="C8 C9",
       meaning="Whether France leads the coalition of the willing.",
       reason="It does (Paris meeting)."),
    _p("france.military_aid", 0.5, 0, 1, unit="intensity 0..1", claims="C8 C9",
       meaning="France's military aid through the coalition (outside EU unanimity).",
       reason="Substantial, limited by stocks."),
    _p("united_kingdom.in_coalition", True, unit="bool", claims="C8 C9",
       meaning="Whether the United Kingdom leads the coalition of the willing.",
       reason="It does."),
    _p("united_kingdom.military_aid", 0.5, 0, 1, unit="intensity 0..1", claims="C8 C9",
       meaning="The UK's military aid through the coalition.",
       reason="Substantial, limited by stocks."),
    _p("united_kingdom.sanctions", 0.7, 0, 1, unit="intensity 0..1", claims="C11",
       meaning="UK sanctions intensity (outside the EU).",
       reason="London has kept pace with Brussels."),
    # ---- nato and turkey (C8) ----------------------------------------------------------
    _p("nato.coordination", 0.5, 0, 1, unit=_SHARE, claims="C8",
       meaning="NATO-level coordination of aid that members propose (consensus needed).",
       reason="Real but limited (procurement schemes, training)."),
    _p("turkey.balancing", 0.5, 0, 1, unit=_SHARE, claims="C8 C13",
       meaning="How far Turkey balances between NATO and Russia: blocks NATO-level "
               "action and leaks sanctions.",
       reason="The essay: NATO is 'constrained by Turkey's balancing act'."),
    # ---- ukraine -----------------------------------------------------------------------
    _p("ukraine.domestic_production", 0.04, 0, 1, unit="combat power per week", claims="C11",
       meaning="Combat power Ukraine generates itself each week.",
       reason="Drones and artillery made at home, without which aid would not suffice."),
    _p("ukraine.capitulation_front", -0.6, -1, 0, unit="front", claims="C14",
       meaning="Below this front position Ukraine may be forced into a cease-fire that "
               "cedes territory.",
       reason="A collapse of the defensive line."),
    _p("ukraine.capitulation_rate", 0.05, 0, 1, unit="probability per week", claims="C14",
       meaning="Chance each week, below capitulation_front, that Ukraine is forced to "
               "accept such a cease-fire.",
       reason="Collapse forces terms within months."),
    # ---- russia (C1, C3, C5, C6, C11) -------------------------------------------------------
    _p("russia.production", 0.063, 0, 1, unit="combat power per week at full capacity",
       claims="C11 C13",
       meaning="Combat power Russia's war economy generates each week at full capacity.",
       reason="A war economy out-producing Ukraine alone, roughly matched by full "
              "Western aid."),
    _p("russia.capacity_recovery", 0.01, 0, 0.5, unit=_WEEKLY, claims="C11 C13",
       meaning="How fast Russia's war-economy capacity recovers toward full.",
       reason="Rebuilding and substitution take years."),
    _p("russia.initial_time_belief", 0.75, 0, 1, unit="belief 0..1", claims="C5 C6",
       init_only=True,
       meaning="Russia's belief at week 0 that time is on its side.",
       reason="Lavrov: no talks on the calendar."),
    _p("russia.belief_update_rate", 0.1, 0, 1, unit=_WEEKLY, claims="C5 C6",
       meaning="How fast Russia's belief moves toward what the evidence says; 0 means "
               "it never updates.",
       reason="About ten weeks to take in a change of trend."),
    _p("russia.serious_talks_belief", 0.35, 0, 1, unit="belief 0..1", claims="C1 C6",
       meaning="Russia's belief at which it is as likely as not to negotiate seriously "
               "(its position must also be eroding).",
       reason="Only a clear loss of confidence brings serious talks."),
    _p("russia.talks_belief_spread", 0.1, 0.001, 1, unit="belief", claims="C1 C6",
       meaning="How gradually Russia's willingness to talk seriously rises as its belief "
               "falls through serious_talks_belief: 0 at the threshold plus this spread, "
               "1/2 at the threshold, 1 at the threshold minus this spread.",
       reason="Leaders differ and read evidence with noise: a soft threshold, not a "
              "switch."),
    _p("russia.belief_bias", 2.25, -10, 10, unit="log-odds", claims="C5 C6",
       meaning="Russia's baseline conviction that time is on its side.",
       reason="Moscow expects Western fatigue."),
    _p("russia.weight_front", 3.0, 0, 20, unit="log-odds per unit trend", claims="C1 C5",
       meaning="How much the battlefield trend moves Russia's belief.",
       reason="Battlefield realities shape positions (P9)."),
    _p("russia.weight_economy", 3.0, 0, 20, unit="log-odds per unit capacity lost",
       claims="C11",
       meaning="How much lost war-economy capacity moves Russia's belief.",
       reason="Sanctions that bite change the calculus."),
    _p("russia.weight_resolve", 2.5, 0, 20, unit="log-odds per unit resolve", claims="C5",
       meaning="How much Western resolve (unity times clear US and European signals) "
               "moves Russia's belief.",
       reason="Clear resolve deters; ambiguity does not."),
    _p("russia.weight_axis", 1.0, 0, 20, unit="log-odds per unit support", claims="C13",
       meaning="How much Chinese and North Korean backing raises Russia's belief.",
       reason="The Beijing summit showed Putin he is not alone."),
    # ---- china and north_korea (C13) ------------------------------------------------------
    _p("china.economic_support", 0.6, 0, 1, unit=_SHARE, claims="C13",
       meaning="Chinese economic support for Russia: offsets sanctions, speeds recovery.",
       reason="Large oil purchases and dual-use exports."),
    _p("north_korea.munitions_support", 0.5, 0, 1, unit=_SHARE, claims="C13",
       meaning="North Korean munitions (and troops) supplied to Russia.",
       reason="Millions of shells and some troops."),
)

#: Sections whose parameters are all choices of their actor.
_POLICY_SECTIONS = ("united_states", "european_union", "hungary", "slovakia", "france",
                    "united_kingdom", "nato", "turkey", "china", "north_korea")
_POLICY_KEYS = ("world.unity", "us_congress.acts_if_president_declines",
                "us_congress.legislative_lag_weeks", "us_congress.sanctions",
                "us_congress.military_aid")

PARAMS: dict[str, Param] = {
    p.key: replace(p, policy=p.section in _POLICY_SECTIONS or p.key in _POLICY_KEYS)
    for p in _DECLARED
}


def defaults() -> dict[str, bool | int | float | str]:
    """Every parameter's default, keyed by ``section.name``."""
    return {key: p.default for key, p in PARAMS.items()}


def status_quo(params: dict[str, bool | int | float | str]) -> dict[str, bool | int | float | str]:
    """``params`` with every policy at its default: the war as it stands."""
    return {key: PARAMS[key].default if PARAMS[key].policy else value
            for key, value in params.items()}


def in_section(section: str) -> Iterator[Param]:
    """Parameters of one section (``world`` or an actor key)."""
    return (p for p in PARAMS.values() if p.section == section)
