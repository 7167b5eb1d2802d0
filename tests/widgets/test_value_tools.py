"""Value-creation tools driven headlessly: inputs persist, results follow the library, errors stay in the tool."""
import pytest

from paynecrm_kernel.value import (best_offers, fit_part_worths, generate_design, load_design, load_propositions, saved_simulation,
                                   share_of_preference, simple_clv)
from paynecrm_kernel.widgets import (AcquisitionTool, AttributeEditor, BlattbergDeightonTool, ConjointAnalysis,
                                     CustomerEquityTool, PreferenceSimulator, PropositionBuilder, RatingForm,
                                     RetentionWhatIf, SimpleCLVTool)
from paynecrm_kernel.workbook import Workbook

ATTRS = {"brand": ["A", "B", "C"], "colour": ["red", "blue"], "price": ["50", "100", "150"]}


@pytest.fixture(scope="module")
def company():
    from paynecrm_kernel.data.sample_company import sample_company

    return sample_company()


@pytest.fixture
def workbook(tmp_path):
    return Workbook.open(tmp_path / "wb.json")


def test_live_workshop_flow(tmp_path):
    path = tmp_path / "wb.json"
    editor = AttributeEditor(ATTRS, workbook=Workbook.open(path), max_profiles=18)
    assert editor.design.n_profiles == 18
    editor.publish.click()
    assert editor.message_kind == "ok"
    facilitator = ConjointAnalysis(workbook=Workbook.open(path))
    assert facilitator.result is None
    worth = {"B": 3, "C": -1, "blue": 1, "100": -2, "150": -4}
    for k in range(9):
        form = RatingForm(workbook=Workbook.open(path), respondent_id=f"p-{k}")
        for pid, row in form.design.profiles.to_dict(orient="index").items():
            base = 5 + sum(worth.get(v, 0) for v in row.values()) + (k % 3 - 1) * (row["colour"] == "blue")
            form.rate(pid, max(0, min(10, base)))
        assert "Rated 18 of 18" in form.progress.value
    facilitator.update_button.click()
    result = facilitator.result
    assert result.n_respondents == 9
    assert result.params["brand[B]"] == pytest.approx(3, abs=1e-9)
    assert len(facilitator.worth_fig.data) == 3 and len(facilitator.importance_fig.data) == 1
    assert facilitator.segments is not None
    simulator = PreferenceSimulator(facilitator, {"Rival": {"brand": "A", "colour": "red", "price": "50"}},
                                    workbook=Workbook.open(path))
    simulator.choose(brand="B", price="50")
    assert simulator.shares["Our offer"] > 0.5
    assert Workbook.open(path).get("value.simulator.offer")["brand"] == "B"


def test_the_first_live_tool_opened_publishes_the_starting_design(tmp_path):
    path = tmp_path / "wb.json"
    starting = generate_design(ATTRS, 18)
    form = RatingForm(starting, workbook=Workbook.open(path), respondent_id="p-1")   # opened before the editor
    assert len(form.form.profiles) == 18
    assert load_design(Workbook.open(path)).profiles.equals(starting.profiles)
    editor = AttributeEditor(ATTRS, workbook=Workbook.open(path), max_profiles=18)
    assert "published: participants rate these profiles" in editor.summary.value
    facilitator = ConjointAnalysis(workbook=Workbook.open(path), design=generate_design(ATTRS, 12))
    assert "No ratings yet" in facilitator.status.value               # the published design, not its own


def test_the_chapter_decisions_replay_the_simulator(company, workbook):
    attrs = company.truth["conjoint"]["attributes"]
    rival = {"Rival": {"price": "$799", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"}}
    offer, rule, scale = saved_simulation(workbook, attrs)
    simulator = PreferenceSimulator(ConjointAnalysis(company.conjoint, attrs), rival, workbook=workbook)
    assert simulator.offer() == offer                                  # the simulator's own defaults
    simulator.choose(price="$999")
    simulator.rule.value = "first_choice"
    offer, rule, scale = saved_simulation(workbook, attrs)
    assert offer["price"] == "$999" and rule == "first_choice"
    with pytest.raises(ValueError, match="'price' has no level '\\$5'"):
        simulator.choose(price="$5")
    with pytest.raises(KeyError, match="no attribute 'colour'"):
        simulator.choose(colour="red")
    shares = share_of_preference(fit_part_worths(company.conjoint, attrs), {"Our offer": offer, **rival},
                                 rule=rule, scale=scale)
    assert shares["Our offer"] == pytest.approx(simulator.shares["Our offer"])


def test_rating_form_without_design_says_so(workbook):
    form = RatingForm(workbook=workbook)
    assert form.message_kind == "info" and "not published" in form.message


def test_attribute_editor_reports_bad_text(workbook):
    editor = AttributeEditor(ATTRS, workbook=workbook)
    editor.text.value = "brand: A\ncolour: red, blue"
    assert editor.message_kind == "error" and "at least two" in editor.message
    editor.text.value = "brand: A, B\ncolour: red, blue"
    assert editor.message_kind == "" and editor.design.n_profiles == 4
    assert AttributeEditor(ATTRS, workbook=workbook).text.value.startswith("brand: A, B")   # restored


def test_conjoint_analysis_on_a_table(company):
    attrs = company.truth["conjoint"]["attributes"]
    tool = ConjointAnalysis(company.conjoint, attrs)
    assert tool.result.n_respondents == 300 and tool.segments.n_segments == 3
    assert tool.result.importances().sum() == pytest.approx(100)


def test_simple_clv_tool_states_convention(workbook):
    tool = SimpleCLVTool(workbook=workbook)
    tool.convention.value = "B"
    assert "366.67" not in tool.readout.value            # rounded to whole dollars for managers
    assert "$367" in tool.readout.value and "convention B" in tool.readout.value
    tool.retention.value = 0.5
    assert SimpleCLVTool(workbook=workbook).retention.value == 0.5


def test_retention_what_if(workbook):
    tool = RetentionWhatIf(workbook=workbook)
    assert "thought experiment" in tool.critique.value
    before = workbook.get("value.retention.result")["uplift"]
    tool.flat.value = True
    assert workbook.get("value.retention.result")["uplift"] < before
    tool.profits.value = "10, x"
    assert tool.message_kind == "error" and "numbers separated by commas" in tool.message


def test_acquisition_tool(company, workbook):
    tool = AcquisitionTool(company.campaigns, spend="cost", acquired="customers_acquired", workbook=workbook)
    assert set(tool.economics.index) == set(company.campaigns["channel"])
    tool.margin.value = 100
    assert tool.economics["clv"].iloc[0] == pytest.approx(simple_clv(100, 0.7, 0.1, "C"))
    assert "CLV : CAC" in tool.table.value and "one value" in tool.table.value


def test_acquisition_tool_values_each_channel_by_the_segments_it_acquires(workbook):
    import pandas as pd
    from paynecrm_kernel.value import acquisition_costs, channel_value
    campaigns = pd.DataFrame({"channel": ["sales_force", "app"], "spend": [4000.0, 500.0], "acquired": [10, 20]})
    acquired_by = pd.Series(["sales_force"] * 10 + ["app"] * 20)
    segments = pd.Series(["Trade accounts"] * 10 + ["Lapsed one-time buyers"] * 20)
    values = pd.DataFrame({12.0: [280.0, 9.0], 36.0: [700.0, 20.0]}, index=["Trade accounts", "Lapsed one-time buyers"])
    economics = channel_value(acquired_by, segments, values, acquisition_costs(campaigns))
    tool = AcquisitionTool(campaigns, channel_value=economics, workbook=workbook)
    assert tool.economics.loc["sales_force", "value"] == 280 and "Trade accounts (100 %)" in tool.table.value
    tool.horizon.value = 36.0
    assert tool.economics.loc["sales_force", "value_to_cac"] == pytest.approx(700 / 400)
    assert workbook.get("value.acquisition.horizon") == 36.0
    assert "nan" not in tool.table.value.lower() and "sales force" in tool.table.value


def test_customer_equity_tools(workbook):
    tool = CustomerEquityTool(1_000_000, 5000, workbook=workbook)
    total = workbook.get("value.equity.result")["total"]
    tool.acquisition.value = 400
    assert workbook.get("value.equity.result")["total"] < total
    bd = BlattbergDeightonTool(workbook=workbook)
    optimum = workbook.get("value.budget.optimum")
    assert optimum["equity"] > 0 and len(bd.fig.data) == 2


def test_proposition_builder_saves_each_segment(workbook):
    tool = PropositionBuilder(["Trade accounts", "Everyday shoppers"], ATTRS, workbook=workbook)
    tool.statement.value = "Next-day delivery, named account manager"
    tool.benefits.value = "speed\nreliability"
    tool.costs.value = "care plan; 120; recurring\nswitching effort; 50"
    assert "$350" in tool.card.value          # 50 + 120 / (1 + 0.1 - 0.7)
    tool.costs.value = "care plan; 10; monthly\nswitching effort; 50"
    assert "$350" in tool.card.value          # a monthly fee of 10 is 120 a year: the fee's time unit counts
    tool.costs.value = "care plan; lots"
    assert tool.message_kind == "error" and "not a number" in tool.message
    tool.segment.value = "Everyday shoppers"
    assert tool.statement.value == ""
    tool.segment.value = "Trade accounts"
    assert tool.benefits.value == "speed\nreliability"
    saved = load_propositions(workbook)
    assert saved["Trade accounts"].benefits == ("speed", "reliability")


def test_clv_explorer_views(company, workbook):
    from paynecrm_kernel.value import segment_lifetime_value
    from paynecrm_kernel.widgets import CLVExplorer

    result = segment_lifetime_value(company.transactions, company.customers.set_index("customer_id")["segment"],
                                    calibration_end="2024-06-30")
    tool = CLVExplorer(result, workbook=workbook)
    for view in tool.view.options:
        tool.view.value = view
        assert tool.message_kind == "" and len(tool.fig.data) >= 1
    assert set(workbook.get("value.clv.by_segment")) == set(result.segments.index)


def test_customer_equity_states_how_todays_base_is_valued(workbook):
    tool = CustomerEquityTool(250_000, 4000, workbook=workbook, current_convention="12-month CLV, months")
    assert "12-month CLV, months" in tool.readout.value and "per year in convention A" in tool.readout.value
    assert len(tool.fig.data) == 1 and len(tool.tornado.data) == 1
    before = workbook.get("value.equity.result")["current"]
    tool.margin.value = tool.margin.value * 2
    assert workbook.get("value.equity.result")["current"] == before   # today's base is the segment CLV


def test_sbg_tool_slider_refits_the_curves(company, workbook):
    from paynecrm_kernel.value import segment_survivors
    from paynecrm_kernel.widgets import SBGProjectionTool

    survivors = segment_survivors(company.subscription_cohorts, periods=12)
    fees = company.subscriptions.groupby("segment")["monthly_fee"].mean()
    tool = SBGProjectionTool(survivors, fees, workbook=workbook)
    assert [t.name for t in tool.fig.data] == ["linear fit", "exponential fit", "sBG fit", "actual"]
    assert "months" in tool.table.value and "t = 0" in tool.table.value
    tool.fit_periods.value = 8
    assert "periods 9–12" in tool.errors.value and tool.message_kind != "error"
    assert workbook.get("value.sbg.fit_periods") == 8
    tool.segment.value = "trade"
    assert tool.fig.figure.layout.title.text.startswith("Share still active: trade")
    assert set(workbook.get("value.sbg.economics")) == set(survivors.columns)
    reopened = SBGProjectionTool(survivors, fees, workbook=workbook)
    assert reopened.fit_periods.value == 8 and reopened.segment.value == "trade"


def test_attribute_text_keeps_thousands_separators():
    from paynecrm_kernel.widgets.conjoint import _attribute_text, parse_attribute_text

    attrs = {"price": ["$1,299", "$999", "$799"], "delivery": ["3 weeks", "1 week", "next day"]}
    assert parse_attribute_text(_attribute_text(attrs)) == attrs
    assert parse_attribute_text("size: small,large")["size"] == ["small", "large"]


def test_rating_form_records_what_the_page_moves(tmp_path):
    path = tmp_path / "wb.json"
    editor = AttributeEditor(ATTRS, workbook=Workbook.open(path), max_profiles=18)
    editor.publish.click()
    form = RatingForm(workbook=Workbook.open(path), respondent_id="p-1")
    assert len(form.form.profiles) == 18 and form.form.profiles[0]["text"]
    form.form.values = {"1": 9}                                 # what the browser sends when a slider moves
    assert form.ratings == {"1": 9} and "Rated 1 of 18" in form.progress.value
    saved = Workbook.open(path).get("value.conjoint.ratings.p-1")
    assert saved["ratings"] == {"1": 9.0}
    form.submit_all()                                           # untouched offers are not recorded at a default
    assert form.ratings == {"1": 9} and "17" in form.message
    assert Workbook.open(path).get("value.conjoint.ratings.p-1")["ratings"] == {"1": 9.0}
    with pytest.raises(KeyError):
        form.rate("no such offer", 3)


def test_a_failed_save_stays_shown_until_a_save_succeeds(workbook):
    tool = RetentionWhatIf(workbook=workbook)
    tool.profits.value = "10, " * 6000                        # longer than a workbook keeps
    assert tool.save_failed and tool.message_kind == "error" and "Not saved" in tool.message
    tool.refresh()                                            # a redraw does not hide the failure
    assert tool.message_kind == "error" and "Not saved" in tool.message
    assert tool.profits.value.startswith("10, 10")            # what was typed is still on the page
    tool.profits.value = "-40, 60, 75"
    assert not tool.save_failed and tool.message == "Saved."
    assert workbook.get("value.retention.profits") == "-40, 60, 75"


def test_the_simulator_counts_the_firms_cost_so_the_best_offer_is_not_the_dominant_corner(company, workbook):
    attrs = company.truth["conjoint"]["attributes"]
    rivals = {"Budget rival": {"price": "$799", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"}}
    costs = {"delivery": {"1 week": 30, "next day": 110}, "warranty": {"5 years": 80}}
    simulator = PreferenceSimulator(ConjointAnalysis(company.conjoint, attrs), rivals, unit_costs=costs,
                                    base_cost=480, workbook=workbook)
    simulator.choose(price="$799", delivery="next day", warranty="5 years")
    assert "Each sale earns $129" in simulator.readout.value          # 799 - 480 - 110 - 80
    best = best_offers(fit_part_worths(company.conjoint, attrs), rivals, costs, base_cost=480,
                       rule=simulator.rule.value, scale=simulator.scale.value)
    dominant = best["price"].eq("$799") & best["delivery"].eq("next day") & best["warranty"].eq("5 years")
    assert not dominant.iloc[0]                                          # highest preference is not most profit
    assert best["contribution"].is_monotonic_decreasing
    assert "best offers once the firm" in simulator.best.value


def test_result_table_formats_units_and_survives_the_tools_being_loaded():
    import importlib
    import math
    import pandas as pd
    import paynecrm_kernel.widgets as widgets
    for module in sorted(set(widgets._LAZY.values())):             # what a pre-heated kernel does
        importlib.import_module(f"paynecrm_kernel.widgets.{module}")
    frame = pd.DataFrame({"Value ($)": [1234.5, math.nan], "Share (%)": [0.25, 0.5], "Error (+/-)": [0.1, -0.2],
                          "Customers": [1200, 3]}, index=pd.Index(["Trade accounts", "New"], name="Segment"))
    table = widgets.result_table(frame, note="a note", how="<p>detail</p>")
    page = table._repr_html_()
    assert "$1,234" in page and "25.0 %" in page and "+10 %" in page and "-20 %" in page and "1,200" in page
    assert "—" in page and "nan" not in page.lower() and "How is this computed?" in page
    assert "Trade accounts" in repr(table) and "$1,234" in repr(table)


def test_a_tool_says_when_its_workbook_was_deleted_and_started_again(workbook):
    import warnings

    tool = RetentionWhatIf(workbook=workbook)
    tool.profits.value = "-40, 60"
    workbook.path.unlink()                                   # someone deletes the file while the page is open
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tool.profits.value = "-40, 60, 75"
    assert "was deleted while this page was open" in tool.message
    assert workbook.get("value.retention.profits") == "-40, 60, 75"
