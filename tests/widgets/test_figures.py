"""Charts: a lazy chart shows a placeholder of the figure's height until the page reports it in view."""
import plotly.graph_objects as go

from paynecrm_kernel.widgets._figures import PLOTLY_MIME, WIDGET_VIEW_MIME, Chart, sync_figure


def test_lazy_chart_waits_for_the_page_then_draws_the_latest_figure():
    chart = Chart(go.Figure(layout={"height": 321}))
    placeholder = chart.outputs[0]["data"][WIDGET_VIEW_MIME]
    assert placeholder["model_id"] == chart._sentinel.model_id and chart._sentinel.height == 321
    chart.add_bar(x=["a"], y=[1])
    sync_figure(chart)                                   # nothing is serialised while nobody can see it
    assert PLOTLY_MIME not in chart.outputs[0]["data"]
    chart._sentinel.seen = True                          # what the browser sends when the chart comes near
    assert chart.drawn
    assert chart.outputs[0]["data"][PLOTLY_MIME]["data"][0]["y"] == [1]


def test_eager_chart_draws_at_once():
    chart = Chart(go.Figure(), lazy=False)
    assert chart.drawn and PLOTLY_MIME in chart.outputs[0]["data"]


def test_reveal_draws_a_lazy_chart_as_scrolling_to_it_would():
    chart = Chart(go.Figure(data=[go.Bar(x=["a"], y=[2])]))
    assert chart.reveal() is chart and chart.drawn
    assert chart.outputs[0]["data"][PLOTLY_MIME]["data"][0]["y"] == [2]
