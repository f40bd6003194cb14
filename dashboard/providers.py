"""The dashboard's extension point: charts that other apps add.

The dashboard draws its own charts (:mod:`dashboard.figures`) and then, in the order they
were registered, one chart from each registered provider. A provider is a function
``provider(conference) -> Chart | list[Chart] | None`` (None: nothing to show); it
should cost one aggregate query, whatever the number of registrations. Build the chart with
:func:`dashboard.charts.counts_chart` for the usual "label, count" shape.

Register from DashboardConfig.ready() (the visa requests' chart in
:mod:`dashboard.more_charts`, for example)::

    from dashboard.charts import counts_chart
    from dashboard.providers import register

    def visa_chart(conference):
        counts = VisaRequest.objects.counts_by_status(conference)
        return counts_chart(key="visas", title=_("Visa requests by state"), ...)

    register("visas", visa_chart)

The dashboard is the top of the house: it may import any app, and nothing imports it.
"""

_providers = {}


def register(key, provider):
    """Add `provider` under `key`; registering the same key again replaces it (so a
    reloaded AppConfig does not draw a chart twice)."""
    _providers[key] = provider


def unregister(key):
    _providers.pop(key, None)


def registered_charts(conference):
    charts = []
    for provider in _providers.values():
        drawn = provider(conference)
        if isinstance(drawn, list | tuple):  # one chart per question, say
            charts.extend(drawn)
        elif drawn is not None:
            charts.append(drawn)
    return charts
