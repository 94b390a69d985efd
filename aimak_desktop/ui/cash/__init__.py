"""The cash desk page: household search, debts, payment panel, receipt printing, voids."""
