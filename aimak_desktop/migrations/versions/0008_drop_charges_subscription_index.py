"""drop the charges' subscription index

Nothing reads charges by subscription any more: a run finds what it already charged by the
unique key "<subscription>:<period>" (or ":once"). One index less to update for each of the
100,000 charges of a monthly run and each charge a sync brings. Plain index operation.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 08:10:00.000000
"""

from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_charges_subscription', table_name='charges')


def downgrade() -> None:
    op.create_index('ix_charges_subscription', 'charges', ['subscription_id', 'period'])
