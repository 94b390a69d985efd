"""covering indexes for billing indicators

The dashboard's period sums (billed, collected, collection rate and its trend) read these
indexes only, never the table rows. Plain index operations: no table is rebuilt.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 01:48:25.232030
"""

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_allocations_day', 'allocations', ['day', 'service_id', 'amount'])
    op.drop_index('ix_charges_period', table_name='charges')
    op.create_index('ix_charges_period', 'charges', ['period', 'service_id', 'amount'])
    op.drop_index('ix_payments_day', table_name='payments')
    op.create_index('ix_payments_day', 'payments', ['day', 'amount'])
    op.create_index('ix_voids_day', 'voids', ['day', 'amount'])


def downgrade() -> None:
    op.drop_index('ix_voids_day', table_name='voids')
    op.drop_index('ix_payments_day', table_name='payments')
    op.create_index('ix_payments_day', 'payments', ['day'])
    op.drop_index('ix_charges_period', table_name='charges')
    op.create_index('ix_charges_period', 'charges', ['period', 'service_id'])
    op.drop_index('ix_allocations_day', table_name='allocations')
