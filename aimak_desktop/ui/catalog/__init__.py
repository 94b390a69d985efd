"""Widgets of the services and tariffs page: catalogue, tariff versions, villages and streets."""
