"""Widgets of the tariff calculator page: inputs, results, charts and dialogs."""
