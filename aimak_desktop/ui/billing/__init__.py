"""The Billing page (monthly run, bills, day close, debtors); the cash desk is ui/cash/."""
